// Helpers shared by the incident service's files.
#pragma once

#include <boost/json.hpp>

#include "qx/incident/incident_service.h"

namespace qx::incident {

// The submissions and requests of an incident, as its deadlines need them.
Result<domain::IncidentClock> ClockOf(store::Tx& tx, const domain::Incident& i);
// The regime of that id (an unknown id, which validation never lets in, falls back to NIS2).
const domain::Regime& RegimeById(const RegimeSettings& regimes, const std::string& id);
// Appends a timeline entry written by p.
Status AppendEntry(store::Tx& tx, const domain::Incident& i, const identity::Principal& p, std::string kind,
                   std::string text, const boost::json::object& detail, UnixMillis at);

}  // namespace qx::incident
