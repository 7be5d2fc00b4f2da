#include "serve_command.h"

#include <spdlog/spdlog.h>

#include <cstdio>

#include "server_app.h"

namespace qx::app {
namespace {

void PrintSeededAdmins(const std::vector<identity::SeededAdmin>& admins, bool from_env) {
  if (admins.empty()) return;
  std::printf("First start: seeded organisations and their admins%s\n",
              from_env ? " (password from QALXAN_BOOTSTRAP_PASSWORD)" : " (passwords shown once)");
  for (const auto& a : admins) {
    std::printf("  %-42s user %-16s password %s\n", a.organisation.c_str(), a.username.c_str(),
                from_env ? "(bootstrap)" : a.password.c_str());
  }
}

}  // namespace

int Serve(const Config& config) {
  auto app = ServerApp::Create(config);
  if (!app) {
    spdlog::error("{}", app.error().message);
    return 1;
  }
  PrintSeededAdmins((*app)->seeded(), !config.bootstrap_password.empty());
  for (const auto& c : (*app)->seeded_catalogs()) {
    std::printf("Published %s (%zu requirements)\n", c.name.c_str(), c.requirements);
  }
  auto [address, port] = *SplitListen(config.listen);
  if (address.find(':') != std::string::npos) address = "[" + address + "]";
  // Never the PostgreSQL URL: it may carry a password.
  const std::string database = config.database.empty() ? config.data_dir + "/qalxan.db"
                               : config.database.rfind("sqlite:", 0) == 0 ? config.database.substr(7)
                                                                          : "PostgreSQL";
  std::printf("Qalxan listening on %s://%s:%u (database %s)\n", (*app)->tls() ? "https" : "http",
              address.c_str(), (*app)->port(), database.c_str());
  std::fflush(stdout);
  (*app)->Run(/*handle_signals=*/true);
  spdlog::info("stopped");
  return 0;
}

}  // namespace qx::app
