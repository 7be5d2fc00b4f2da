// Turning one untrusted STIX object into what the store keeps: validation, its TAXII version,
// its TLP and named recipients. Pure.
#pragma once

#include <boost/json/value.hpp>
#include <optional>

#include "qx/store/intel_repo.h"

namespace qx::intel {

// An object that passed validation, ready to store (seq and date_added left for the store).
// kInvalidArgument with the reason otherwise.
Result<store::StoredObject> PrepareObject(const boost::json::value& object,
                                          const std::string& collection_id,
                                          domain::OrgId producer);

// The version a status-details entry reports for an object (TAXII 2.1 4.3.1): its `modified`,
// else its `created`, when that is a valid timestamp; otherwise (an object without either, or
// one too broken to have one) `fallback_us`, the request time, as a timestamp.
std::string ReportedVersion(const boost::json::value& object, std::int64_t fallback_us);

// For a stored sighting, what aggregation keeps (count defaults to 1); nullopt for other types.
std::optional<store::SightingRecord> SightingOf(const boost::json::value& object,
                                                const store::StoredObject& stored);

}  // namespace qx::intel
