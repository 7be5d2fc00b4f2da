#include "qx/identity/audited.h"

#include <boost/json/serialize.hpp>

namespace qx::identity {

Status AuditChange(store::Tx& tx, const Actor& actor, domain::OrgId org, std::string action,
                   std::string object_type, std::int64_t object_id,
                   const boost::json::object& detail, UnixMillis at) {
  return tx.audit()
      .Append({actor.label(), org, std::move(action), std::move(object_type),
               std::to_string(object_id), boost::json::serialize(detail)},
              at)
      .map([](auto&&) {});
}

}  // namespace qx::identity
