// Validation of single STIX 2.1 objects (JSON) as they arrive from TAXII clients and feeds: the
// common properties of each category (spec 3.2), the required properties and value rules of the
// object types, and a summary of what the rest of Qalxan stores and indexes. Pure; thread-safe.
#pragma once

#include <boost/json/value.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "qx/core/clock.h"
#include "qx/core/result.h"

namespace qx::stix {

enum class ObjectCategory {
  kSdo,   // STIX Domain Object: indicator, malware, report, ...
  kSro,   // relationship, sighting
  kSco,   // cyber-observable: ipv4-addr, file, url, ...
  kMeta,  // marking-definition, language-content, extension-definition
};

// "sdo", "sro", "sco", "meta".
std::string_view ObjectCategoryName(ObjectCategory category);

// The category of a type the spec defines; nullopt for custom and unknown types.
std::optional<ObjectCategory> SpecCategoryOf(std::string_view type);

struct ObjectSummary {
  std::string type;
  std::string id;
  ObjectCategory category = ObjectCategory::kSdo;
  std::string spec_version;  // "2.1"; also for an SCO without the property (its default)
  // SDOs, SROs, language-content and extension-definition have both timestamps. A
  // marking-definition has only `created` (it cannot be versioned): `modified` equals it. SCOs
  // have neither: has_timestamps is false and both are 0.
  bool has_timestamps = true;
  UnixMillis created = 0;
  UnixMillis modified = 0;
  bool revoked = false;
  std::optional<UnixMillis> valid_until;  // indicators that have it
  std::vector<std::string> object_marking_refs;
  std::vector<std::string> granular_marking_refs;  // each granular_markings[].marking_ref, in order
  std::string created_by_ref;  // empty when absent
};

// Validates one STIX 2.1 object:
//  - common properties: type (3-250 chars, a-z 0-9 '-'), spec_version "2.1" (optional for SCOs),
//    id "<type>--<RFC 4122 UUID>" of the object's own type, created / modified as STIX timestamps
//    (UTC, "Z"; the spec's minimum precision of milliseconds is not enforced, as feeds commonly
//    write whole seconds) with modified >= created, created_by_ref (an identity), revoked, labels,
//    confidence 0-100, lang (RFC 5646 shape), external_references (source_name and one of
//    description / url / external_id), object_marking_refs and granular_markings
//    (marking-definition ids; selectors that exist in the object), extensions, defanged (SCOs
//    only), property names of ASCII letters, digits and '_', and no empty lists or dictionaries;
//  - the required properties and value rules of every type the spec defines, e.g. indicator
//    (pattern, pattern_type, valid_from, valid_until later than valid_from, a "stix" pattern must
//    parse), sighting (sighting_of_ref an SDO, count 0..999999999, first_seen <= last_seen,
//    observed_data_refs, where_sighted_refs), marking-definition (statement / TLP 1.0 / the TLP
//    2.0 extension, only with the predefined TLP ids), ipv4-addr / ipv6-addr values, hashes;
//  - custom types ("x-..." or declared by a new-sdo / new-sco / new-sro extension definition) get
//    the common checks of their category only (an "x-" type with "created" counts as an SDO,
//    without as an SCO). Other unknown types and bundles are rejected.
// Properties the spec does not define are allowed (custom properties). Errors: kInvalidArgument
// naming the object and the JSON property, e.g.
// "indicator--8e2e...: 'valid_until' must be later than 'valid_from'".
Result<ObjectSummary> ValidateObject(const boost::json::value& object);

}  // namespace qx::stix
