// Helpers shared by the assessment service's files.
#pragma once

#include <boost/json.hpp>
#include <string>

#include "qx/identity/principal.h"
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

}  // namespace qx::assessment::detail
