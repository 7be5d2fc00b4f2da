// `qalxan-match follow`: like `tail -F`, scans lines as they are appended, survives rotation
// (rename + new file, and copytruncate), and keeps a checkpoint (file identity, offset, line) that
// is written only after the matches up to it are out, so a restart neither misses nor repeats.
#pragma once

#include <CLI/CLI.hpp>

namespace qx::match_cli {

void AddFollowCommand(CLI::App& app, int* exit_code);

}  // namespace qx::match_cli
