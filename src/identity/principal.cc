#include "qx/identity/principal.h"

namespace qx::identity {

Status Actor::Authorize(domain::Action action, domain::OrgId resource_org) const {
  if (!subject_ || domain::Allowed(*subject_, action, resource_org)) return Ok();
  return MakeError(ErrorCode::kPermissionDenied, "not allowed for this role and organisation");
}

}  // namespace qx::identity
