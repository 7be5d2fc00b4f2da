// Runs a command check: argv executed directly (no shell), a wall-clock limit (the process group
// is killed when it passes), stdout captured up to a size limit, stdin closed, stderr discarded.
#pragma once

#include <string>
#include <vector>

#include "qx/core/result.h"

namespace qx::agent {

struct CommandOutcome {
  int exit_code = -1;
  bool timed_out = false;
  bool output_truncated = false;
  std::string output;
};

// kInvalidArgument for an empty argv or a relative program path; kUnavailable when it cannot start.
Result<CommandOutcome> RunCommand(const std::vector<std::string>& argv, int timeout_seconds, size_t max_output_bytes);

}  // namespace qx::agent
