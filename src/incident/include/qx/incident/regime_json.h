// Regimes and their sector mapping as JSON: the wire shape of /api/v1/incident-regimes and the
// form kept in the regulator's settings. Reading is strict: the text may come from a client.
#pragma once

#include <boost/json.hpp>
#include <map>
#include <string>

#include "qx/core/result.h"
#include "qx/domain/incident_regime.h"

namespace qx::incident {

boost::json::object RegimeToJson(const domain::Regime& r);
// kInvalidArgument with the offending field; the result is validated (ValidateRegime).
Result<domain::Regime> RegimeFromJson(const boost::json::value& v);

boost::json::object MappingToJson(const std::map<std::string, std::string>& mapping);
// Sectors must be known, regime ids nis2, dora or national.
Result<std::map<std::string, std::string>> MappingFromJson(const boost::json::value& v);

}  // namespace qx::incident
