// One audited change, appended in the caller's transaction: who (the actor's label), whose data,
// what, and a JSON detail that never holds a secret.
#pragma once

#include <boost/json/object.hpp>
#include <string>

#include "qx/identity/principal.h"
#include "qx/store/database.h"

namespace qx::identity {

Status AuditChange(store::Tx& tx, const Actor& actor, domain::OrgId org, std::string action,
                   std::string object_type, std::int64_t object_id,
                   const boost::json::object& detail, UnixMillis at);

}  // namespace qx::identity
