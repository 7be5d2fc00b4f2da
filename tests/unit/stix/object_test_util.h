// Valid STIX objects the object-validation tests start from and then break one property at a time.
#pragma once

#include <boost/json.hpp>
#include <string>

namespace qx::stix::testing {

inline constexpr const char* kUuid = "8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f";
inline constexpr const char* kIdentityId = "identity--f431f809-377b-45e0-aa1c-6a4751cae5ff";
inline constexpr const char* kIndicatorId = "indicator--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f";

// type, spec_version, id, created, modified: the required common properties of an SDO / SRO.
inline boost::json::object Sdo(const std::string& type) {
  boost::json::object o;
  o["type"] = type;
  o["spec_version"] = "2.1";
  o["id"] = type + "--" + kUuid;
  o["created"] = "2016-04-06T20:03:48.000Z";
  o["modified"] = "2016-04-06T20:03:48.000Z";
  return o;
}

// An SCO has no created / modified; spec_version is optional.
inline boost::json::object Sco(const std::string& type) {
  boost::json::object o;
  o["type"] = type;
  o["id"] = type + "--28bb3599-77cd-5a82-a950-b5bc3caf07c4";
  return o;
}

// The indicator of STIX 2.1 section 4.7 (example), with a valid_until.
inline boost::json::object Indicator() {
  boost::json::object o = Sdo("indicator");
  o["created_by_ref"] = kIdentityId;
  o["indicator_types"] = boost::json::array{"malicious-activity"};
  o["name"] = "Poison Ivy Malware";
  o["description"] = "This file is part of Poison Ivy";
  o["pattern"] =
      "[ file:hashes.'SHA-256' = "
      "'4bac27393bdd9777ce02453256c5577cd02275510b2227f473d03f533924f877' ]";
  o["pattern_type"] = "stix";
  o["valid_from"] = "2016-01-01T00:00:00Z";
  o["valid_until"] = "2017-01-01T00:00:00Z";
  return o;
}

}  // namespace qx::stix::testing
