// Incidents on the wire: the Incident shape with its stages, and reading a reported incident.
#pragma once

#include "json_io.h"
#include "qx/incident/incident_service.h"

namespace qx::api {

json::object ToJson(const incident::IncidentView& v);
// The fields of POST /api/v1/incidents (validation of values is the domain's).
Result<domain::Incident> IncidentFromJson(const json::object& body);

}  // namespace qx::api
