// Helpers shared by the assessment service's files.
#pragma once

#include <boost/json.hpp>
#include <fmt/format.h>

#include <string>

#include "qx/identity/principal.h"
#include "qx/requirements/requirements_service.h"
#include "qx/store/database.h"

namespace qx::assessment::detail {

inline Status Audit(store::Tx& tx, const identity::Actor& actor, domain::OrgId org, std::string action,
                    std::string object_type, std::int64_t id, const boost::json::object& detail,
                    UnixMillis at) {
  return tx.audit()
      .Append({actor.label(), org, std::move(action), std::move(object_type), std::to_string(id),
               boost::json::serialize(detail)},
              at)
      .map([](auto&&) {});
}

inline std::string Key(std::int64_t catalog_id, const std::string& control_id) {
  return std::to_string(catalog_id) + "/" + control_id;
}

// Resolves (profile, seq 0 = latest published) to a published version of a general catalog.
inline Result<domain::SourceRef> PublishedVersion(requirements::RequirementsService& reqs,
                                                  const identity::Actor& actor,
                                                  std::int64_t catalog_id, int seq) {
  QX_ASSIGN_OR_RETURN(auto view, reqs.GetVersion(actor, catalog_id, seq));
  if (view.catalog.scope != domain::CatalogScope::kGeneral) {
    return MakeError(ErrorCode::kInvalidArgument, "an assessment rests on a general catalog or profile");
  }
  if (view.version.status == domain::VersionStatus::kDraft) {
    return MakeError(ErrorCode::kConflict, fmt::format("'{}' has no published version", view.catalog.name));
  }
  return domain::SourceRef{catalog_id, view.version.seq};
}

// Why the owner may not change an assessment that is not an editable draft.
inline Status Locked(const domain::Assessment& a) {
  if (a.superseded_by) {
    return MakeError(ErrorCode::kConflict,
                     fmt::format("this assessment was upgraded: assessment {} replaces it", *a.superseded_by));
  }
  return MakeError(ErrorCode::kConflict, fmt::format("the assessment is {}: only a draft can be changed",
                                                     domain::Name(a.status)));
}

}  // namespace qx::assessment::detail
