// The admin CLI's subcommands (org, user, token, audit, migrate): each opens the installation,
// acts as the system through the same services as the API, and returns an exit code.
#pragma once

#include <CLI/CLI.hpp>
#include <functional>

#include "config.h"

namespace qx::app {

// Yields the final configuration (file, environment and flags) once the command line is parsed.
using ConfigResolver = std::function<Result<Config>()>;

// Adds the admin subcommands to app.
void AddAdminCommands(CLI::App& app, ConfigResolver resolve);

// Adds `qalxan import results.bundle` (an offline agent's signed results).
void AddImportCommand(CLI::App& app, ConfigResolver resolve);

// Adds `qalxan migrate-data` (SQLite to PostgreSQL).
void AddMigrateDataCommand(CLI::App& app, ConfigResolver resolve);

}  // namespace qx::app
