#include "qx/agent/rule_result.h"

#include <boost/json.hpp>

namespace qx::agent {

std::string ReportToJson(const ScanReport& report) {
  boost::json::array rules;
  std::map<std::string, int> summary;
  for (const RuleResult& r : report.rules) {
    boost::json::object o;
    o["id"] = r.id;
    o["result"] = r.result;
    o["reason"] = r.reason;
    if (!r.requirements.empty()) {
      boost::json::array reqs;
      for (const auto& q : r.requirements) reqs.emplace_back(q);
      o["requirements"] = std::move(reqs);
    }
    rules.emplace_back(std::move(o));
    ++summary[r.result];
  }
  boost::json::object policy;
  policy["kind"] = report.policy_kind;
  policy["id"] = report.policy_id;
  if (!report.profile_id.empty()) policy["profile"] = report.profile_id;
  if (!report.policy_sha256.empty()) policy["sha256"] = report.policy_sha256;
  boost::json::object sum;
  for (const auto& [k, v] : summary) sum[k] = v;
  boost::json::object walk;
  walk["walks"] = report.filesystem_walks;
  walk["directories"] = report.walk.directories;
  walk["entries"] = report.walk.entries;
  walk["loops_skipped"] = report.walk.loops_skipped;
  walk["unreadable"] = report.walk.unreadable;
  boost::json::object root;
  root["rules"] = std::move(rules);
  root["policy"] = std::move(policy);
  root["summary"] = std::move(sum);
  root["filesystem"] = std::move(walk);
  return boost::json::serialize(root);
}

}  // namespace qx::agent
