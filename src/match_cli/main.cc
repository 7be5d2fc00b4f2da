// qalxan-match: looks for shared indicators in logs and reports sightings. Links only the pure
// matcher (qx::match, qx::stix, qx::core) and its own I/O: no server, HTTP server or database.
#include <CLI/CLI.hpp>

#include <exception>
#include <iostream>

#include "follow_command.h"
#include "pull_command.h"
#include "scan_command.h"

int main(int argc, char** argv) {
  CLI::App app{"qalxan-match: scan logs for shared indicators (STIX 2.1 patterns) and report sightings."};
  app.require_subcommand(1);
  int exit_code = 0;
  qx::match_cli::AddScanCommand(app, &exit_code);
  qx::match_cli::AddFollowCommand(app, &exit_code);
  qx::match_cli::AddPullCommand(app, &exit_code);
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e);
  } catch (const std::exception& e) {
    std::cerr << "qalxan-match: " << e.what() << "\n";
    return 2;
  }
  return exit_code;
}
