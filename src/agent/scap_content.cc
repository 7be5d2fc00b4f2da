#include "qx/agent/scap_content.h"

#include <cstdlib>
#include <functional>
#include <set>

namespace qx::agent {
namespace {

constexpr std::string_view kOvalSystem = "http://oval.mitre.org/XMLSchema/oval-definitions-5";

// What the agent never needs from SCAP content: prose, remediation, OCIL questionnaires.
bool KeepElement(std::string_view ns, std::string_view local, int) {
  static const std::set<std::string_view> kSkip = {
      "description", "rationale", "fix", "fixtext", "reference", "ident", "warning", "front-matter",
      "rear-matter", "notice", "metadata", "title", "signature", "generator", "status", "dc-status",
      "question_text", "model", "plain-text"};
  if (ns.find("ocil") != std::string_view::npos) return false;
  return kSkip.count(local) == 0;
}

const XmlNode* FindFirst(const XmlNode& node, std::string_view name) {
  if (node.name == name) return &node;
  for (const XmlNode& c : node.children) {
    if (const XmlNode* f = FindFirst(c, name)) return f;
  }
  return nullptr;
}

std::string XccdfResult(OvalResult r, bool negate) {
  switch (r) {
    case OvalResult::kTrue: return negate ? "fail" : "pass";
    case OvalResult::kFalse: return negate ? "pass" : "fail";
    case OvalResult::kNotApplicable: return "notapplicable";
    case OvalResult::kNotEvaluated: return "notchecked";
    case OvalResult::kError:
    case OvalResult::kUnknown: return "error";
  }
  return "error";
}

std::string ShortName(const std::string& profile_id) {
  const size_t at = profile_id.find("_profile_");
  return at == std::string::npos ? profile_id : profile_id.substr(at + 9);
}

class PlatformEvaluator {
 public:
  PlatformEvaluator(const std::map<std::string, const XmlNode*>& platforms, const XmlNode* dictionary,
                    std::map<std::string, std::unique_ptr<OvalEngine>>& engines)
      : platforms_(platforms), dictionary_(dictionary), engines_(engines) {}

  // True when the platform (an "#id" of the platform specification or a CPE name) applies.
  OvalResult Applies(const std::string& idref) {
    auto cached = cache_.find(idref);
    if (cached != cache_.end()) return cached->second;
    OvalResult r = OvalResult::kError;
    if (!idref.empty() && idref[0] == '#') {
      auto it = platforms_.find(idref.substr(1));
      if (it != platforms_.end()) {
        const XmlNode* test = it->second->Child("logical-test");
        r = test ? Logical(*test) : OvalResult::kError;
      }
    } else {
      r = CpeName(idref);
    }
    cache_[idref] = r;
    return r;
  }

 private:
  OvalResult Logical(const XmlNode& test) {
    std::vector<OvalResult> parts;
    for (const XmlNode& c : test.children) {
      if (c.name == "logical-test") parts.push_back(Logical(c));
      else if (c.name == "check-fact-ref") parts.push_back(Fact(c.AttrOr("href", ""), c.AttrOr("id-ref", "")));
      else if (c.name == "fact-ref") parts.push_back(CpeName(c.AttrOr("name", "")));
    }
    auto op = ParseOperator(test.AttrOr("operator", "AND"));
    OvalResult r = Combine(op ? *op : OvalOperator::kAnd, parts);
    if (test.AttrOr("negate", "false") == "true") r = Negate(r);
    return r;
  }
  OvalResult CpeName(const std::string& name) {
    if (!dictionary_) return OvalResult::kError;
    for (const XmlNode& item : dictionary_->children) {
      if (item.name != "cpe-item" || item.AttrOr("name", "") != name) continue;
      const XmlNode* check = item.Child("check");
      if (!check) return OvalResult::kError;
      return Fact(check->AttrOr("href", ""), check->text);
    }
    return OvalResult::kError;
  }
  OvalResult Fact(const std::string& href, const std::string& def) {
    auto it = engines_.find(href);
    if (it == engines_.end()) return OvalResult::kError;
    return it->second->EvaluateDefinition(def).result;
  }

  const std::map<std::string, const XmlNode*>& platforms_;
  const XmlNode* dictionary_;
  std::map<std::string, std::unique_ptr<OvalEngine>>& engines_;
  std::map<std::string, OvalResult> cache_;
};

}  // namespace

Result<ScapContent> ScapContent::Parse(std::string_view xml) {
  QX_ASSIGN_OR_RETURN(XmlNode root, ParseXml(xml, KeepElement));
  ScapContent content;
  std::map<std::string, XmlNode*> components;  // component id -> its content element
  std::map<std::string, std::string> cref_to_comp;
  std::map<std::string, std::string> uri_to_cref;
  XmlNode* benchmark = nullptr;
  if (root.name == "data-stream-collection") {
    for (XmlNode& c : root.children) {
      if (c.name == "component" && !c.children.empty()) components[c.AttrOr("id", "")] = &c.children.front();
      if (c.name == "data-stream") {
        for (const XmlNode& group : c.children) {
          for (const XmlNode& ref : group.children) {
            if (ref.name != "component-ref") continue;
            std::string href = ref.AttrOr("href", "");
            if (!href.empty() && href[0] == '#') href.erase(0, 1);
            cref_to_comp[ref.AttrOr("id", "")] = href;
            if (const XmlNode* catalog = ref.Child("catalog")) {
              for (const XmlNode& uri : catalog->children) {
                std::string target = uri.AttrOr("uri", "");
                if (!target.empty() && target[0] == '#') target.erase(0, 1);
                uri_to_cref[uri.AttrOr("name", "")] = target;
              }
            }
          }
        }
      }
    }
    for (auto& [id, node] : components) {
      if (node->name == "Benchmark" && !benchmark) {
        benchmark = node;
        content.benchmark_component_ = id;
      }
    }
  } else if (root.name == "Benchmark") {
    benchmark = &root;
  }
  if (!benchmark) return MakeError(ErrorCode::kInvalidArgument, "no XCCDF Benchmark in the content");

  // OVAL and CPE components by the name checks use for them (the catalog's uri names).
  for (auto& [name, cref] : uri_to_cref) {
    auto comp = cref_to_comp.find(cref);
    if (comp == cref_to_comp.end()) continue;
    auto node = components.find(comp->second);
    if (node == components.end()) continue;
    if (node->second->name == "oval_definitions") {
      auto doc = std::make_shared<OvalDocument>();
      QX_RETURN_IF_ERROR(doc->Add(std::move(*node->second)));
      node->second->name = "moved";
      content.oval_[name] = doc;
      for (auto& [other_name, other_cref] : uri_to_cref) {
        if (other_cref == cref && other_name != name) content.oval_[other_name] = doc;
      }
    }
  }
  // Components without a catalog entry are found by the file name their id ends with.
  for (auto& [id, node] : components) {
    const size_t at = id.find("_comp_");
    if (node->name != "oval_definitions" || at == std::string::npos) continue;
    auto doc = std::make_shared<OvalDocument>();
    QX_RETURN_IF_ERROR(doc->Add(std::move(*node)));
    node->name = "moved";
    content.oval_.emplace(id.substr(at + 6), doc);
  }
  for (auto& [id, node] : components) {
    if (node->name == "cpe-list") content.cpe_dictionary_ = std::make_shared<XmlNode>(std::move(*node));
  }
  content.benchmark_ = std::make_shared<XmlNode>(std::move(*benchmark));

  // Index rules (with their groups), values, profiles and platforms.
  std::vector<const XmlNode*> ancestors;
  std::function<void(const XmlNode&)> index = [&](const XmlNode& n) {
    for (const XmlNode& c : n.children) {
      if (c.name == "Rule") {
        content.rules_.push_back(RuleRef{&c, ancestors});
      } else if (c.name == "Group") {
        ancestors.push_back(&c);
        index(c);
        ancestors.pop_back();
      } else if (c.name == "Value") {
        content.values_[c.AttrOr("id", "")] = &c;
      } else if (c.name == "Profile") {
        content.profiles_[c.AttrOr("id", "")] = &c;
      } else if (c.name == "platform-specification") {
        for (const XmlNode& p : c.children) content.platforms_[p.AttrOr("id", "")] = &p;
      }
    }
  };
  index(*content.benchmark_);
  return content;
}

std::map<std::string, RuleMeta> ScapContent::RuleMetadata() const {
  std::map<std::string, RuleMeta> out;
  for (const RuleRef& r : rules_) {
    RuleMeta m;
    m.severity = r.rule->AttrOr("severity", "unknown");
    m.role = r.rule->AttrOr("role", "full");
    const std::string weight = r.rule->AttrOr("weight", "1.0");
    char* end = nullptr;
    const double w = std::strtod(weight.c_str(), &end);
    if (end && *end == '\0' && w >= 0 && w <= 1e6) m.weight = w;  // a malformed weight keeps the default
    out.emplace(r.rule->AttrOr("id", ""), m);
  }
  return out;
}

const std::string& ScapContent::benchmark_id() const {
  static const std::string kEmpty;
  const std::string* id = benchmark_->Attr("id");
  return id ? *id : kEmpty;
}

std::vector<ProfileInfo> ScapContent::Profiles() const {
  std::vector<ProfileInfo> out;
  for (const auto& [id, node] : profiles_) {
    ProfileInfo info{id, ShortName(id), 0};
    if (auto sel = SelectionFor(id)) {
      for (const RuleRef& r : rules_) {
        auto it = sel->selected.find(r.rule->AttrOr("id", ""));
        if (it != sel->selected.end() && it->second) ++info.selected_rules;
      }
    }
    out.push_back(info);
  }
  return out;
}

Result<std::string> ScapContent::ResolveProfile(std::string_view wanted) const {
  if (wanted.empty()) return std::string();
  for (const auto& [id, node] : profiles_) {
    if (id == wanted || ShortName(id) == wanted) return id;
  }
  return MakeError(ErrorCode::kNotFound, "no profile '" + std::string(wanted) + "' in the content");
}

Result<ScapContent::Selection> ScapContent::SelectionFor(const std::string& profile_id) const {
  Selection sel;
  if (profile_id.empty()) return sel;
  std::vector<const XmlNode*> chain;
  std::string id = profile_id;
  while (!id.empty()) {
    auto it = profiles_.find(id);
    if (it == profiles_.end()) return MakeError(ErrorCode::kNotFound, "profile " + id + " not found");
    if (chain.size() > 32) return MakeError(ErrorCode::kInvalidArgument, "profile extends chain too long");
    chain.insert(chain.begin(), it->second);
    id = it->second->AttrOr("extends", "");
  }
  for (const XmlNode* p : chain) {
    for (const XmlNode& c : p->children) {
      if (c.name == "select") sel.selected[c.AttrOr("idref", "")] = c.AttrOr("selected", "true") == "true";
      if (c.name == "refine-value") sel.value_selector[c.AttrOr("idref", "")] = c.AttrOr("selector", "");
      if (c.name == "set-value") sel.value_set[c.AttrOr("idref", "")] = c.text;
    }
  }
  return sel;
}

const OvalDocument* ScapContent::OvalFor(const std::string& href) const {
  auto it = oval_.find(href);
  return it == oval_.end() ? nullptr : it->second.get();
}

Result<ScanReport> ScapContent::Evaluate(const Host& host, const std::string& profile_id,
                                         const ScanOptions& options) const {
  QX_ASSIGN_OR_RETURN(Selection sel, SelectionFor(profile_id));
  auto selected = [&](const XmlNode& n) {
    auto it = sel.selected.find(n.AttrOr("id", ""));
    if (it != sel.selected.end()) return it->second;
    return n.AttrOr("selected", "true") == "true";
  };
  auto value_of = [&](const std::string& value_id) -> std::optional<std::string> {
    if (auto s = sel.value_set.find(value_id); s != sel.value_set.end()) return s->second;
    auto v = values_.find(value_id);
    if (v == values_.end()) return std::nullopt;
    std::string selector;
    if (auto r = sel.value_selector.find(value_id); r != sel.value_selector.end()) selector = r->second;
    const XmlNode* fallback = nullptr;
    for (const XmlNode& c : v->second->children) {
      if (c.name != "value") continue;
      if (c.AttrOr("selector", "") == selector) return c.text;
      if (!c.HasAttr("selector")) fallback = &c;
    }
    if (fallback) return fallback->text;
    return std::nullopt;
  };

  // The selected rules, each with its OVAL check.
  struct Planned {
    const RuleRef* ref;
    const XmlNode* check = nullptr;
  };
  std::vector<Planned> planned;
  std::map<std::string, std::map<std::string, std::vector<std::string>>> exports;  // href -> var -> values
  for (const RuleRef& r : rules_) {
    bool on = selected(*r.rule);
    for (const XmlNode* g : r.ancestors) on = on && selected(*g);
    if (!on) continue;
    Planned p{&r};
    for (const XmlNode& c : r.rule->children) {
      if (c.name == "check" && c.AttrOr("system", "") == kOvalSystem) {
        p.check = &c;
        break;
      }
    }
    if (p.check) {
      const XmlNode* ref = p.check->Child("check-content-ref");
      const std::string href = ref ? ref->AttrOr("href", "") : "";
      for (const XmlNode& e : p.check->children) {
        if (e.name != "check-export") continue;
        if (auto v = value_of(e.AttrOr("value-id", ""))) exports[href][e.AttrOr("export-name", "")] = {*v};
      }
    }
    planned.push_back(p);
  }

  std::map<std::string, std::unique_ptr<OvalEngine>> engines;
  std::set<const OvalDocument*> made;
  for (const auto& [href, doc] : oval_) {
    OvalOptions o;
    o.now_seconds = options.now_seconds;
    o.max_file_bytes = options.max_file_bytes;
    if (auto e = exports.find(href); e != exports.end()) o.external_variables = e->second;
    engines[href] = std::make_unique<OvalEngine>(*doc, host, std::move(o));
  }
  PlatformEvaluator platforms(platforms_, cpe_dictionary_.get(), engines);
  const bool container = host.InContainer();
  auto not_applicable_reason = [&](const XmlNode& item) -> std::optional<std::string> {
    std::vector<std::string> refs;
    for (const XmlNode& c : item.children) {
      if (c.name == "platform") refs.push_back(c.AttrOr("idref", ""));
    }
    if (refs.empty()) return std::nullopt;
    for (const std::string& ref : refs) {
      if (platforms.Applies(ref) == OvalResult::kTrue) return std::nullopt;
    }
    std::string why = "platform " + refs.front() + " does not apply to this host";
    if (container) why += " (a container: /.dockerenv or container= present; no kernel, boot loader or partitions of its own)";
    return why;
  };

  ScanReport report;
  report.policy_kind = "scap";
  report.policy_id = benchmark_id();
  report.profile_id = profile_id;
  const auto benchmark_na = not_applicable_reason(*benchmark_);

  // Applicability first, so that the single walk serves only rules that will be evaluated.
  std::vector<std::optional<std::string>> na(planned.size());
  std::map<std::string, std::vector<std::string>> defs_by_href;
  for (size_t i = 0; i < planned.size(); ++i) {
    if (benchmark_na) {
      na[i] = benchmark_na;
      continue;
    }
    for (const XmlNode* g : planned[i].ref->ancestors) {
      if (!na[i]) na[i] = not_applicable_reason(*g);
    }
    if (!na[i]) na[i] = not_applicable_reason(*planned[i].ref->rule);
    if (!na[i] && planned[i].check) {
      const XmlNode* ref = planned[i].check->Child("check-content-ref");
      if (ref && ref->HasAttr("name")) defs_by_href[ref->AttrOr("href", "")].push_back(ref->AttrOr("name", ""));
    }
  }
  for (auto& [href, defs] : defs_by_href) {
    if (auto e = engines.find(href); e != engines.end()) e->second->PlanWalks(defs);
  }

  for (size_t i = 0; i < planned.size(); ++i) {
    const Planned& p = planned[i];
    RuleResult rr;
    rr.id = p.ref->rule->AttrOr("id", "");
    if (na[i]) {
      rr.result = "notapplicable";
      rr.reason = *na[i];
    } else if (!p.check) {
      rr.result = "notchecked";
      rr.reason = "the rule has no OVAL check (only questionnaire or none)";
    } else {
      const XmlNode* ref = p.check->Child("check-content-ref");
      const std::string href = ref ? ref->AttrOr("href", "") : "";
      auto engine = engines.find(href);
      const bool negate = p.check->AttrOr("negate", "false") == "true";
      if (!ref || engine == engines.end()) {
        rr.result = "notchecked";
        rr.reason = "check content '" + href + "' is not part of the data stream (remote content is never fetched)";
      } else {
        std::vector<std::string> defs;
        if (ref->HasAttr("name")) {
          defs.push_back(ref->AttrOr("name", ""));
        } else {
          defs = OvalFor(href)->DefinitionIds();  // multi-check: every definition of the file
        }
        std::vector<OvalResult> results;
        for (const std::string& d : defs) {
          DefinitionOutcome o = engine->second->EvaluateDefinition(d);
          if (rr.reason.empty()) rr.reason = o.reason;
          results.push_back(o.result);
        }
        rr.result = XccdfResult(Combine(OvalOperator::kAnd, results), negate);
        if (rr.result == "pass" || rr.result == "fail") rr.reason.clear();
      }
    }
    report.rules.push_back(std::move(rr));
  }
  for (const auto& [href, e] : engines) {
    report.filesystem_walks += e->walks();
    if (e->walks()) report.walk = e->walk_stats();
  }
  return report;
}

}  // namespace qx::agent
