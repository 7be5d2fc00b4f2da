#include "requirement_indexer.h"

#include <boost/json.hpp>

#include "qx/core/text.h"

namespace qx::requirements {
namespace {

void AppendLower(std::string& out, std::string_view text) {
  out += ' ';
  out += FoldCase(text);
}

// Every string inside v, for searching translated text.
void AppendStrings(std::string& out, const boost::json::value& v) {
  if (v.is_string()) {
    AppendLower(out, v.as_string());
  } else if (v.is_object()) {
    for (const auto& [k, child] : v.as_object()) AppendStrings(out, child);
  } else if (v.is_array()) {
    for (const auto& child : v.as_array()) AppendStrings(out, child);
  }
}

std::string Join(const std::vector<std::string>& parts, char sep) {
  std::string out;
  for (const auto& p : parts) {
    if (!out.empty()) out += sep;
    out += p;
  }
  return out;
}

}  // namespace

std::vector<domain::RequirementRow> IndexRequirements(
    const oscal::CatalogIndex& catalog, const std::vector<boost::json::value>& overlays) {
  std::vector<domain::RequirementRow> rows;
  rows.reserve(catalog.controls().size());
  int ordinal = 0;
  for (const oscal::ControlInfo& c : catalog.controls()) {
    domain::RequirementRow r;
    r.ordinal = ++ordinal;
    r.control_id = c.id;
    r.title = c.title;
    r.group_path = Join(c.group_path, '/');
    r.parent_control = c.parent_control;
    r.sectors = c.applicability.sectors;
    r.categories = c.applicability.categories;
    r.min_security_level = c.applicability.min_security_level;
    r.machine_checks = c.applicability.machine_checks;
    AppendLower(r.search_text, c.id);
    AppendLower(r.search_text, c.title);
    for (const auto& part : c.parts) AppendLower(r.search_text, part.prose);
    for (const auto& overlay : overlays) {
      const auto* controls = overlay.is_object() ? overlay.as_object().if_contains("controls") : nullptr;
      if (!controls || !controls->is_object()) continue;
      if (const auto* mine = controls->as_object().if_contains(c.id)) AppendStrings(r.search_text, *mine);
    }
    rows.push_back(std::move(r));
  }
  return rows;
}

}  // namespace qx::requirements
