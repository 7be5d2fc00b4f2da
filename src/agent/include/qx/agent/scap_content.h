// A SCAP 1.2/1.3 source data stream (XCCDF 1.2 benchmark, OVAL definitions, CPE dictionary and
// platform checks): profile resolution (selections, refined and set values, extends), rule
// applicability through CPE platforms, and per-rule results from the OVAL engine.
#pragma once

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "qx/agent/host.h"
#include "qx/agent/oval_engine.h"
#include "qx/agent/rule_result.h"
#include "qx/agent/xml.h"
#include "qx/core/result.h"

namespace qx::agent {

struct ProfileInfo {
  std::string id;
  std::string short_name;  // the part after "_profile_", e.g. "standard"
  size_t selected_rules = 0;
};

// A rule's attributes as the benchmark declares them (profile refinements are not applied).
struct RuleMeta {
  std::string severity = "unknown";  // unknown | info | low | medium | high
  std::string role = "full";         // full | unscored | unchecked
  double weight = 1.0;
};

struct ScanOptions {
  int64_t now_seconds = 0;
  size_t max_file_bytes = 64u << 20;
};

class ScapContent {
 public:
  // Parses a source data stream (or a bare XCCDF 1.2 Benchmark). kInvalidArgument for anything
  // malformed or refused by the XML reader.
  static Result<ScapContent> Parse(std::string_view xml);

  std::vector<ProfileInfo> Profiles() const;
  // The profile's XCCDF id from its id or its short name; "" (no profile) selects the defaults.
  Result<std::string> ResolveProfile(std::string_view id_or_short_name) const;
  Result<ScanReport> Evaluate(const Host& host, const std::string& profile_id, const ScanOptions& options) const;
  const std::string& benchmark_id() const;
  // The id of the data stream component holding the benchmark; "" for a bare Benchmark document.
  const std::string& benchmark_component_id() const { return benchmark_component_; }
  // Rule id -> its severity, role and weight.
  std::map<std::string, RuleMeta> RuleMetadata() const;

 private:
  struct RuleRef {
    const XmlNode* rule;
    std::vector<const XmlNode*> ancestors;  // enclosing Groups, outermost first
  };
  struct Selection {
    std::map<std::string, bool> selected;            // rule/group id -> selected
    std::map<std::string, std::string> value_selector;  // Value id -> selector
    std::map<std::string, std::string> value_set;       // Value id -> set-value
  };
  Result<Selection> SelectionFor(const std::string& profile_id) const;
  const OvalDocument* OvalFor(const std::string& href) const;

  std::shared_ptr<XmlNode> benchmark_;
  std::string benchmark_component_;
  std::shared_ptr<XmlNode> cpe_dictionary_;
  std::map<std::string, std::shared_ptr<OvalDocument>> oval_;  // check href -> document
  std::vector<RuleRef> rules_;
  std::map<std::string, const XmlNode*> values_;
  std::map<std::string, const XmlNode*> profiles_;
  std::map<std::string, const XmlNode*> platforms_;  // platform-specification id -> platform
};

}  // namespace qx::agent
