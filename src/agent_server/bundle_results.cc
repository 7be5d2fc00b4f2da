#include "bundle_results.h"

#include <boost/json.hpp>
#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <optional>

#include "qx/crypto/digest.h"

namespace qx::agent_server {
namespace {

namespace json = boost::json;
using domain::ObservationResult;

Error Bad(std::string why) { return Error{ErrorCode::kInvalidArgument, "bundle: " + std::move(why)}; }

Result<std::string> Str(const json::object& o, std::string_view key, std::size_t max, bool required) {
  const json::value* v = o.if_contains(key);
  if (!v) {
    if (required) return tl::unexpected(Bad(std::string(key) + " is missing"));
    return std::string();
  }
  if (!v->is_string()) return tl::unexpected(Bad(std::string(key) + " must be a string"));
  if (v->as_string().size() > max) return tl::unexpected(Bad(std::string(key) + " is too long"));
  return std::string(v->as_string());
}

// Worse results rank higher: an outcome is its worst rule.
int Rank(ObservationResult r) {
  switch (r) {
    case ObservationResult::kFail: return 3;
    case ObservationResult::kError: return 2;
    case ObservationResult::kPass: return 1;
    case ObservationResult::kInfo: return 0;
  }
  return 0;
}

// An XCCDF 1.2 rule result (resultEnumType) as an observation; nullopt for anything else.
std::optional<ObservationResult> FromRule(std::string_view r) {
  if (r == "pass" || r == "fixed") return ObservationResult::kPass;
  if (r == "fail") return ObservationResult::kFail;
  if (r == "error" || r == "unknown") return ObservationResult::kError;
  if (r == "notapplicable" || r == "notchecked" || r == "notselected" || r == "informational") {
    return ObservationResult::kInfo;
  }
  return std::nullopt;
}

constexpr std::size_t kMaxDetail = 4000;

// A rule's reason quotes host content (a config line, a path): control characters become spaces
// so that one odd byte does not make the whole bundle unstorable.
std::string Printable(std::string s) {
  for (char& c : s) {
    const auto u = static_cast<unsigned char>(c);
    if (u < 0x20 || u == 0x7f) c = ' ';
  }
  return s;
}

bool HasControl(std::string_view s) {
  return std::any_of(s.begin(), s.end(), [](char c) {
    const auto u = static_cast<unsigned char>(c);
    return u < 0x20 || u == 0x7f;
  });
}

}  // namespace

Result<BundleBody> ParseBundleBody(const json::object& o) {
  BundleBody b;
  const json::value* seq = o.if_contains("sequence");
  if (!seq || !(seq->is_int64() || seq->is_uint64())) return tl::unexpected(Bad("sequence must be an integer"));
  if (seq->is_uint64() ? seq->as_uint64() > static_cast<std::uint64_t>(INT64_MAX) || seq->as_uint64() == 0
                       : seq->as_int64() <= 0) {
    return tl::unexpected(Bad("sequence must be positive"));
  }
  b.sequence = seq->is_uint64() ? static_cast<std::int64_t>(seq->as_uint64()) : seq->as_int64();
  QX_ASSIGN_OR_RETURN(b.nonce, Str(o, "nonce", 128, true));
  if (b.nonce.size() < 16) return tl::unexpected(Bad("nonce must be at least 16 characters"));
  QX_ASSIGN_OR_RETURN(b.results_sha256, Str(o, "results_sha256", 64, true));
  QX_ASSIGN_OR_RETURN(b.created_at, Str(o, "created_at", 64, false));
  const json::value* agent = o.if_contains("agent");
  if (agent && agent->is_object()) {
    QX_ASSIGN_OR_RETURN(b.hostname, Str(agent->as_object(), "hostname", 255, false));
  }
  const json::value* policy = o.if_contains("policy");
  if (policy && policy->is_object()) {
    QX_ASSIGN_OR_RETURN(b.policy_sha256, Str(policy->as_object(), "sha256", 64, false));
    if (!b.policy_sha256.empty() && !crypto::IsSha256Hex(b.policy_sha256)) {
      return tl::unexpected(Bad("policy.sha256 must be 64 lower-case hex digits"));
    }
  }
  const json::value* rules = o.if_contains("rules");
  if (!rules || !rules->is_array()) return tl::unexpected(Bad("rules must be a list"));
  if (rules->as_array().size() > kMaxRules) return tl::unexpected(Bad("too many rules"));
  for (const json::value& r : rules->as_array()) {
    if (!r.is_object()) return tl::unexpected(Bad("each rule must be an object"));
    const json::object& ro = r.as_object();
    BundleRule rule;
    QX_ASSIGN_OR_RETURN(rule.id, Str(ro, "id", 255, true));
    QX_ASSIGN_OR_RETURN(rule.result, Str(ro, "result", 32, true));
    if (!FromRule(rule.result)) {
      return tl::unexpected(Bad("rule " + rule.id + ": result " + rule.result + " is not an XCCDF result"));
    }
    QX_ASSIGN_OR_RETURN(rule.reason, Str(ro, "reason", 2000, false));
    if (const json::value* reqs = ro.if_contains("requirements")) {
      if (!reqs->is_array() || reqs->as_array().size() > kMaxRequirementsPerRule) {
        return tl::unexpected(Bad("rule " + rule.id + ": requirements must be a short list"));
      }
      for (const json::value& q : reqs->as_array()) {
        if (!q.is_string() || q.as_string().empty() || q.as_string().size() > 100 || HasControl(q.as_string())) {
          return tl::unexpected(Bad("rule " + rule.id + ": each requirement is an id of up to 100 characters"));
        }
        rule.requirements.emplace_back(q.as_string());
      }
    }
    b.rules.push_back(std::move(rule));
  }
  return b;
}

Status CheckRequirementsDeclared(const std::vector<BundleRule>& rules, const DeclaredRequirements& declared) {
  for (const BundleRule& rule : rules) {
    if (rule.requirements.empty()) continue;
    const auto it = declared.find(rule.id);
    for (const std::string& req : rule.requirements) {
      if (it == declared.end() || !it->second.count(req)) {
        return tl::unexpected(Bad("rule " + rule.id + ": requirement " + req +
                                  " is not one the issued policy maps this rule to"));
      }
    }
  }
  return Ok();
}

std::string ObservationSource(std::int64_t agent_id, std::string_view hostname) {
  constexpr std::size_t kMaxSource = 200;
  const std::string id = fmt::format("#{}", agent_id);
  const std::size_t room = kMaxSource - std::string_view("agent:").size() - id.size();
  if (hostname.size() > room) {
    std::size_t cut = room;
    while (cut > 0 && (static_cast<unsigned char>(hostname[cut]) & 0xC0) == 0x80) --cut;  // not mid-character
    hostname = hostname.substr(0, cut);
  }
  return fmt::format("agent:{}{}", hostname, id);
}

std::vector<RequirementOutcome> OutcomesByRequirement(const std::vector<BundleRule>& rules) {
  std::map<std::string, RequirementOutcome> by_id;
  for (const BundleRule& rule : rules) {
    const ObservationResult r = FromRule(rule.result).value();  // ParseBundleBody refused any other
    for (const std::string& req : rule.requirements) {
      auto [it, fresh] = by_id.try_emplace(req);
      RequirementOutcome& out = it->second;
      if (fresh) {
        out.control_id = req;
        out.result = r;
      } else if (Rank(r) > Rank(out.result)) {
        out.result = r;
      }
      std::string line =
          Printable(rule.id + ": " + rule.result + (rule.reason.empty() ? "" : " (" + rule.reason + ")"));
      if (out.detail.size() + line.size() + 1 <= kMaxDetail) {
        if (!out.detail.empty()) out.detail += '\n';
        out.detail += line;
      }
    }
  }
  std::vector<RequirementOutcome> out;
  out.reserve(by_id.size());
  for (auto& [id, o] : by_id) out.push_back(std::move(o));
  return out;
}

}  // namespace qx::agent_server
