// What the admin subcommands share: failing with a message and an exit code, and the session a
// command opens (database, clock, services) acting as the system.
#pragma once

#include <CLI/CLI.hpp>

#include <functional>
#include <iostream>
#include <memory>
#include <optional>

#include "admin_commands.h"
#include "installation.h"
#include "qx/identity/directory_service.h"
#include "qx/requirements/requirements_service.h"

namespace qx::app {

// Thrown out of a subcommand callback to end the process with a message and an exit code.
struct CommandFailed {
  std::string message;
  int exit_code = 1;
};

template <typename T>
T OrFail(Result<T> r) {
  if (!r) throw CommandFailed{r.error().message};
  return std::move(*r);
}
inline void OrFail(Status s) {
  if (!s) throw CommandFailed{s.error().message};
}

// Everything a command needs, opened from the final configuration.
struct Session {
  std::unique_ptr<store::Database> db;
  SystemClock clock;
  std::unique_ptr<identity::DirectoryService> directory;
  std::optional<crypto::SigningKey> key;
  std::unique_ptr<requirements::RequirementsService> requirements;
  identity::Actor actor = identity::Actor::System("system:cli");

  explicit Session(const Config& c) : db(OrFail(OpenInstallation(c))) {
    directory = std::make_unique<identity::DirectoryService>(*db, clock, PasswordCostOf(c));
    key.emplace(OrFail(LoadPublicationKey(c)));
    requirements = std::make_unique<requirements::RequirementsService>(*db, clock, *key);
  }
};

// Wraps a command body: resolves the configuration, runs body, and turns CommandFailed into a
// message on stderr and CLI11's exit code.
inline auto CommandRunner(ConfigResolver resolve) {
  return [resolve](std::function<void(const Config&)> body) {
    return [resolve, body] {
      try {
        body(OrFail(resolve()));
      } catch (const CommandFailed& f) {
        std::cerr << "qalxan: " << f.message << "\n";
        throw CLI::RuntimeError(f.exit_code);
      }
    };
  };
}

// Adds `qalxan catalog ...`.
void AddCatalogCommands(CLI::App& app, ConfigResolver resolve);

}  // namespace qx::app
