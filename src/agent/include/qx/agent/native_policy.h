// The native rule format (YAML, docs/agent-policy.md): the regulator's own checks, each naming
// the requirement ids it serves, compiled onto the same OVAL primitives and engine as SCAP content
// (file content, file mode/owner, directory walks, sysctl, packages, systemd units, mounts,
// listening ports, accounts), plus command checks that run only when the policy is signed by the
// regulator and the operator enabled them.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "qx/agent/host.h"
#include "qx/agent/oval_engine.h"
#include "qx/agent/rule_result.h"
#include "qx/core/result.h"

namespace qx::agent {

struct CommandSpec {
  std::vector<std::string> argv;
  int expect_exit = 0;
  std::string output_regex;  // must match stdout when not empty
  int timeout_seconds = 10;
  size_t max_output_bytes = 64 * 1024;
};

struct NativeRule {
  std::string id;
  std::string title;
  std::vector<std::string> requirements;
  std::string definition_id;               // the compiled OVAL definition
  std::unique_ptr<CommandSpec> command;    // set for command checks instead
};

struct NativePolicy {
  std::string id;
  std::string version;
  std::vector<NativeRule> rules;
  std::shared_ptr<OvalDocument> oval;
};

// True when the text looks like a native policy rather than XML.
bool LooksLikeNativePolicy(std::string_view text);

// kInvalidArgument naming the rule and field for anything malformed or unknown.
Result<NativePolicy> ParseNativePolicy(std::string_view yaml);

struct NativeRunOptions {
  bool policy_signed = false;     // verified against a regulator key
  bool commands_enabled = false;  // the operator's agent configuration allows command checks
  OvalOptions oval;
};

ScanReport EvaluateNativePolicy(const NativePolicy& policy, const Host& host, const NativeRunOptions& options);

}  // namespace qx::agent
