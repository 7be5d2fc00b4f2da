// `qalxan serve`: the server process.
#pragma once

#include "config.h"

namespace qx::app {

// Runs until SIGINT or SIGTERM; returns the process exit code.
int Serve(const Config& config);

}  // namespace qx::app
