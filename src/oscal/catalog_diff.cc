#include "qx/oscal/catalog_diff.h"

#include <algorithm>
#include <boost/json/object.hpp>

#include "applicability.h"
#include "qx/oscal/canonical_json.h"

namespace qx::oscal {
namespace {

namespace json = boost::json;

// The canonical form of member `key` of a control ("" when absent), for comparing content that
// the index does not keep whole (props, links, params with their constraints, nested parts).
std::string CanonicalMember(const json::object* control, std::string_view key) {
  if (control == nullptr) return {};
  const json::value* v = control->if_contains(key);
  return v == nullptr ? std::string() : CanonicalJson(*v);
}

std::vector<std::string> ChangedFields(const CatalogIndex& from, const ControlInfo& a,
                                       const CatalogIndex& to, const ControlInfo& b) {
  std::vector<std::string> fields;
  if (a.title != b.title) fields.emplace_back("title");
  if (a.control_class != b.control_class) fields.emplace_back("class");
  if (!detail::SameApplicability(a.applicability, b.applicability)) {
    fields.emplace_back("applicability");
  }
  if (a.group_path != b.group_path || a.parent_control != b.parent_control) {
    fields.emplace_back("place");
  }
  const json::object* oa = from.ControlObject(a.id);
  const json::object* ob = to.ControlObject(b.id);
  for (const char* key : {"params", "parts", "props", "links"}) {
    if (CanonicalMember(oa, key) != CanonicalMember(ob, key)) fields.emplace_back(key);
  }
  std::sort(fields.begin(), fields.end());
  return fields;
}

}  // namespace

CatalogDiff Diff(const CatalogIndex& from, const CatalogIndex& to) {
  CatalogDiff diff;
  for (const ControlInfo& a : from.controls()) {
    if (to.Find(a.id) == nullptr) diff.removed.push_back(a.id);
  }
  for (const ControlInfo& b : to.controls()) {
    const ControlInfo* a = from.Find(b.id);
    if (a == nullptr) {
      diff.added.push_back(b.id);
      continue;
    }
    std::vector<std::string> fields = ChangedFields(from, *a, to, b);
    if (!fields.empty()) diff.changed.push_back(ControlChange{b.id, std::move(fields)});
  }
  return diff;
}

}  // namespace qx::oscal
