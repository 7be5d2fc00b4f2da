// Pure logic of result ingestion: the signed body of a bundle read into plain values (every field
// checked, since the signer is only as trustworthy as the host), and the rules' results folded
// into one outcome per requirement they reference.
#pragma once

#include <cstdint>
#include <map>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include <boost/json/object.hpp>

#include "qx/core/result.h"
#include "qx/domain/assessment.h"

namespace qx::agent_server {

struct BundleRule {
  std::string id;
  std::string result;  // XCCDF-style: pass, fail, error, unknown, notapplicable, ...
  std::string reason;
  std::vector<std::string> requirements;
};

struct BundleBody {
  std::int64_t sequence = 0;
  std::string nonce;
  std::string results_sha256;
  std::string hostname;
  std::string created_at;
  std::string policy_sha256;  // of the policy document the host evaluated
  std::vector<BundleRule> rules;
};

inline constexpr std::size_t kMaxRules = 50000;
inline constexpr std::size_t kMaxRequirementsPerRule = 64;

// The signed body (as agent::VerifyBundle parsed it) read into values. kInvalidArgument naming
// the first bad field.
Result<BundleBody> ParseBundleBody(const boost::json::object& body);

// The requirement ids each rule of the issued policy serves, by rule id (none for SCAP content,
// whose rules name no requirements).
using DeclaredRequirements = std::map<std::string, std::set<std::string>, std::less<>>;

// A host reports only on what its policy asked: kInvalidArgument naming the first rule that
// claims a requirement the policy does not map that rule to (an unknown rule claims none).
Status CheckRequirementsDeclared(const std::vector<BundleRule>& rules, const DeclaredRequirements& declared);

// The source of an agent's observations: "agent:<hostname>#<agent id>", readable where the
// dashboard shows it and unique per agent (hostnames are not: two hosts of one object may share
// one). The hostname is shortened, at a UTF-8 boundary, so that the whole fits a source's 200
// bytes.
std::string ObservationSource(std::int64_t agent_id, std::string_view hostname);

struct RequirementOutcome {
  std::string control_id;
  domain::ObservationResult result = domain::ObservationResult::kInfo;
  std::string detail;  // the rules behind it, "rule: result (reason)" per line, bounded
};

// One outcome per referenced requirement, sorted by id: fail if any rule fails, else error if
// any errs, else pass if any passes, else info (not applicable, not checked).
std::vector<RequirementOutcome> OutcomesByRequirement(const std::vector<BundleRule>& rules);

}  // namespace qx::agent_server
