// qalxan: the server and its admin CLI in one binary.
#include <CLI/CLI.hpp>
#include <spdlog/spdlog.h>

#include <iostream>
#include <optional>

#include "admin_commands.h"
#include "command_support.h"
#include "config.h"
#include "serve_command.h"

int main(int argc, char** argv) {
  using qx::app::Config;
  CLI::App app{"Qalxan: requirements, assessments, incidents and threat intelligence for "
               "critical information infrastructure."};
  app.footer(qx::app::ConfigHelp());
  app.require_subcommand(1);
  std::string config_file;
  std::optional<std::string> data_dir, listen, web_root;
  app.add_option("--config", config_file, "TOML configuration file")->check(CLI::ExistingFile);
  app.add_option("--data", data_dir, "data directory (default ./var)");

  auto resolve = [&]() -> qx::Result<Config> {
    Config c;
    QX_RETURN_IF_ERROR(qx::app::LoadConfig(config_file, c));
    if (data_dir) c.data_dir = *data_dir;
    if (listen) c.listen = *listen;
    if (web_root) c.web_root = *web_root;
    spdlog::set_level(spdlog::level::from_str(c.log_level));
    return c;
  };

  int exit_code = 0;
  auto* serve = app.add_subcommand("serve", "Run the server");
  serve->add_option("--listen", listen, "ADDRESS:PORT (default 127.0.0.1:8080)");
  serve->add_option("--web", web_root, "directory of the built dashboard (default web/dist)");
  serve->callback([&] {
    auto c = resolve();
    if (!c) {
      std::cerr << "qalxan: " << c.error().message << "\n";
      throw CLI::RuntimeError(1);
    }
    exit_code = qx::app::Serve(*c);
  });
  qx::app::AddAdminCommands(app, resolve);
  qx::app::AddCatalogCommands(app, resolve);
  qx::app::AddMigrateDataCommand(app, resolve);
  qx::app::AddImportCommand(app, resolve);
  // Global options may also follow the subcommand: `qalxan org list --data DIR`.
  for (auto* sub : app.get_subcommands({})) {
    sub->fallthrough();
    for (auto* subsub : sub->get_subcommands({})) subsub->fallthrough();
  }

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e);
  } catch (const std::exception& e) {
    std::cerr << "qalxan: " << e.what() << "\n";
    return 1;
  }
  return exit_code;
}
