// `qalxan-match pull`: fetches what is new in a TAXII 2.1 collection into the local cache.
#pragma once

#include <CLI/CLI.hpp>

namespace qx::match_cli {

void AddPullCommand(CLI::App& app, int* exit_code);

}  // namespace qx::match_cli
