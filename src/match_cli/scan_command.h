// `qalxan-match scan`: match files, directories and stdin against indicators from bundle files or
// the local TAXII cache, printing matches (text or JSON lines) or totals, or sending sightings.
#pragma once

#include <CLI/CLI.hpp>

#include <string>

#include "qx/core/result.h"
#include "qx/match/char_masks.h"

namespace qx::match_cli {

void AddScanCommand(CLI::App& app, int* exit_code);
// --simd NAME (empty: the best the CPU has).
Result<match::SimdLevel> ParseSimdOption(const std::string& name);

}  // namespace qx::match_cli
