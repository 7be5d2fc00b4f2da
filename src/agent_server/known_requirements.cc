#include "known_requirements.h"

#include <algorithm>
#include <set>

namespace qx::agent_server {

std::vector<NamedRequirement> RequirementsNamed(const agent::NativePolicy& policy) {
  std::vector<NamedRequirement> out;
  for (const agent::NativeRule& r : policy.rules) {
    for (const std::string& req : r.requirements) out.push_back({r.id, req});
  }
  return out;
}

Result<std::optional<NamedRequirement>> FirstUnknownRequirement(
    store::Tx& tx, const std::vector<NamedRequirement>& named,
    std::optional<domain::OrgId> special_of) {
  std::set<std::string, std::less<>> missing;
  for (const NamedRequirement& n : named) missing.insert(n.requirement);
  store::PageRequest catalogs_page{0, 1000};
  while (!missing.empty()) {
    QX_ASSIGN_OR_RETURN(auto catalogs, tx.requirements().ListCatalogs(std::nullopt, catalogs_page));
    for (const domain::CatalogRecord& c : catalogs.items) {
      if (missing.empty()) break;
      if (c.scope == domain::CatalogScope::kSpecial && c.owner_org != special_of) continue;
      // The one published version (publishing supersedes the one before), read without its
      // document: only its index rows are needed.
      QX_ASSIGN_OR_RETURN(auto versions, tx.requirements().ListVersions(c.id));
      const auto published =
          std::find_if(versions.begin(), versions.end(), [](const domain::CatalogVersion& v) {
            return v.status == domain::VersionStatus::kPublished;
          });
      if (published == versions.end()) continue;
      store::PageRequest rows_page{0, 1000};
      while (!missing.empty()) {
        QX_ASSIGN_OR_RETURN(auto rows,
                            tx.requirements().ListRequirements(published->id, {}, rows_page));
        for (const domain::RequirementRow& row : rows.items) missing.erase(row.control_id);
        if (!rows.next) break;
        rows_page.after = *rows.next;
      }
    }
    if (!catalogs.next) break;
    catalogs_page.after = *catalogs.next;
  }
  for (const NamedRequirement& n : named) {
    if (missing.count(n.requirement)) return n;
  }
  return std::nullopt;
}

}  // namespace qx::agent_server
