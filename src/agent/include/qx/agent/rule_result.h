// Per-rule results of a scan, the same for SCAP and native policies.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "qx/agent/file_walk.h"

namespace qx::agent {

// "pass" | "fail" | "notapplicable" | "notchecked" | "error"
struct RuleResult {
  std::string id;
  std::string result;
  std::string reason;
  std::vector<std::string> requirements;  // requirement ids the rule serves (native policies)
};

struct ScanReport {
  std::string policy_kind;  // "scap" | "native"
  std::string policy_id;    // benchmark id or native policy id
  std::string profile_id;   // XCCDF profile (SCAP only)
  std::string policy_sha256;
  std::vector<RuleResult> rules;
  size_t filesystem_walks = 0;
  WalkStats walk;
};

// {"rules":[{"id","result","reason"}...], "policy":{...}, "summary":{...}} with sorted keys.
std::string ReportToJson(const ScanReport& report);

}  // namespace qx::agent
