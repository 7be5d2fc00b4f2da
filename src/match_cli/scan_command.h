// `qalxan-match scan`: match files, directories and stdin against indicators from a bundle file
// (or the local TAXII cache), printing matches or totals, or sending sightings.
#pragma once

#include <CLI/CLI.hpp>

namespace qx::match_cli {

void AddScanCommand(CLI::App& app, int* exit_code);

}  // namespace qx::match_cli
