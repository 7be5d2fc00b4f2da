// ValidateObject: the properties of STIX Domain Objects (spec section 4), from the spec's examples.

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "object_test_util.h"
#include "qx/stix/object.h"
#include "stix_test_util.h"

namespace qx::stix {
namespace {

using testing::ErrorOf;
using ::testing::HasSubstr;
using testing::Indicator;
using testing::Json;
using testing::Sdo;

std::string ErrorFor(const boost::json::object& o) { return ErrorOf(ValidateObject(o)); }

void ExpectValid(const boost::json::value& v) {
  auto s = ValidateObject(v);
  EXPECT_TRUE(s) << s.error().message << "\n" << boost::json::serialize(v);
}

std::string Label(const std::string& type) {
  return type + "--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f: ";
}

TEST(IndicatorValidationTest, AcceptsTheSpecExample) {
  ExpectValid(Json(R"({
    "type": "indicator", "spec_version": "2.1",
    "id": "indicator--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f",
    "created_by_ref": "identity--f431f809-377b-45e0-aa1c-6a4751cae5ff",
    "created": "2016-04-06T20:03:48.000Z", "modified": "2016-04-06T20:03:48.000Z",
    "indicator_types": ["malicious-activity"], "name": "Poison Ivy Malware",
    "description": "This file is part of Poison Ivy",
    "pattern": "[ file:hashes.'SHA-256' = ')"
                   "4bac27393bdd9777ce02453256c5577cd02275510b2227f473d03f533924f877"
                   R"(' ]",
    "pattern_type": "stix", "valid_from": "2016-01-01T00:00:00Z"})"));
}

TEST(IndicatorValidationTest, RequiresPatternTypeAndValidFrom) {
  for (const char* key : {"pattern", "pattern_type", "valid_from"}) {
    boost::json::object o = Indicator();
    o.erase(key);
    EXPECT_EQ(ErrorFor(o), Label("indicator") + "'" + key + "' is required");
  }
  boost::json::object o = Indicator();
  o["pattern"] = "";
  EXPECT_EQ(ErrorFor(o), Label("indicator") + "'pattern' must not be empty");
}

TEST(IndicatorValidationTest, ValidUntilMustBeLaterThanValidFrom) {
  boost::json::object o = Indicator();
  o["valid_until"] = "2016-01-01T00:00:00Z";
  EXPECT_EQ(ErrorFor(o), Label("indicator") + "'valid_until' must be later than 'valid_from'");
  o["valid_until"] = "2015-12-31T23:59:59.999Z";
  EXPECT_EQ(ErrorFor(o), Label("indicator") + "'valid_until' must be later than 'valid_from'");
  o["valid_until"] = "2016-01-01T00:00:00.0000001Z";  // later below the millisecond
  EXPECT_TRUE(ValidateObject(o));
  o["valid_until"] = "2016-01-01";
  EXPECT_THAT(ErrorFor(o), HasSubstr("'valid_until' must be a STIX timestamp"));
}

TEST(IndicatorValidationTest, StixPatternsMustParse) {
  boost::json::object o = Indicator();
  o["pattern"] = "[file:name = 'x' AND process:name = 'y']";
  EXPECT_EQ(ErrorFor(o), Label("indicator") +
                             "'pattern' is not a valid STIX pattern: at offset 17: expected "
                             "comparisons that one object can satisfy on both sides of AND, "
                             "found object types 'file' and 'process' (join different object "
                             "types with OR)");
  o["pattern"] = "file:name = 'x'";
  EXPECT_THAT(ErrorFor(o), HasSubstr("'pattern' is not a valid STIX pattern: at offset 0:"));
  // Other pattern languages are not parsed here.
  o["pattern_type"] = "yara";
  o["pattern"] = "rule x { condition: true }";
  EXPECT_TRUE(ValidateObject(o));
}

TEST(IndicatorValidationTest, ChecksKillChainPhases) {
  boost::json::object o = Indicator();
  o["kill_chain_phases"] = Json(
      R"([{"kill_chain_name": "lockheed-martin-cyber-kill-chain", "phase_name": "delivery"}])");
  EXPECT_TRUE(ValidateObject(o));
  o["kill_chain_phases"] = Json(R"([{"kill_chain_name": "lockheed-martin-cyber-kill-chain"}])");
  EXPECT_EQ(ErrorFor(o), Label("indicator") + "'kill_chain_phases[0].phase_name' is required");
}

TEST(SdoValidationTest, NamedObjectsRequireAName) {
  for (const char* type :
       {"attack-pattern", "campaign", "course-of-action", "identity", "incident", "infrastructure",
        "intrusion-set", "threat-actor", "tool", "vulnerability"}) {
    boost::json::object o = Sdo(type);
    EXPECT_EQ(ErrorFor(o), Label(type) + "'name' is required") << type;
    o["name"] = "Some name";
    ExpectValid(o);
  }
}

TEST(SdoValidationTest, IdentityClassIsOptionalIn21) {
  ExpectValid(Json(R"({"type": "identity", "spec_version": "2.1",
    "id": "identity--023d105b-752e-4e3c-941c-7d3f3cb15e9e",
    "created_by_ref": "identity--f431f809-377b-45e0-aa1c-6a4751cae5ff",
    "created": "2016-04-06T20:03:00.000Z", "modified": "2016-04-06T20:03:00.000Z",
    "name": "John Smith", "identity_class": "individual"})"));
  boost::json::object o = Sdo("identity");
  o["name"] = "ACME";
  o["identity_class"] = 3;
  EXPECT_EQ(ErrorFor(o), Label("identity") + "'identity_class' must be a string, found a number");
}

TEST(SdoValidationTest, FirstSeenMustNotBeAfterLastSeen) {
  boost::json::object o = Sdo("threat-actor");
  o["name"] = "Evil Org";
  o["first_seen"] = "2016-01-02T00:00:00Z";
  o["last_seen"] = "2016-01-01T00:00:00Z";
  EXPECT_EQ(ErrorFor(o),
            Label("threat-actor") + "'last_seen' must not be earlier than 'first_seen'");
  o["last_seen"] = "2016-01-02T00:00:00Z";
  ExpectValid(o);
}

TEST(SdoValidationTest, MalwareNeedsIsFamilyAndANameForFamilies) {
  boost::json::object o = Sdo("malware");
  EXPECT_EQ(ErrorFor(o), Label("malware") + "'is_family' is required");
  o["is_family"] = true;
  EXPECT_EQ(ErrorFor(o), Label("malware") + "'name' is required when 'is_family' is true");
  o["is_family"] = false;  // an instance may be unnamed
  ExpectValid(o);
  o["is_family"] = "false";
  EXPECT_EQ(ErrorFor(o), Label("malware") + "'is_family' must be a boolean, found a string");
}

TEST(SdoValidationTest, ReportNeedsNamePublishedAndObjectRefs) {
  boost::json::object o = Sdo("report");
  o["name"] = "The Black Vine Cyberespionage Group";
  o["published"] = "2016-01-20T17:00:00.000Z";
  o["object_refs"] =
      boost::json::array{testing::kIndicatorId, "campaign--83422c77-904c-4dc1-aff5-5c38f3a2c55c"};
  ExpectValid(o);
  for (const char* key : {"name", "published", "object_refs"}) {
    boost::json::object broken = o;
    broken.erase(key);
    EXPECT_EQ(ErrorFor(broken), Label("report") + "'" + key + "' is required");
  }
  o["object_refs"] = boost::json::array{};
  EXPECT_EQ(ErrorFor(o), Label("report") + "'object_refs' must not be an empty list");
  o["object_refs"] = boost::json::array{"campaign--83422c77"};
  EXPECT_THAT(ErrorFor(o), HasSubstr("'object_refs[0]' must be an identifier"));
}

TEST(SdoValidationTest, NoteNeedsContentAndObjectRefs) {
  boost::json::object o = Sdo("note");
  o["object_refs"] = boost::json::array{testing::kIndicatorId};
  EXPECT_EQ(ErrorFor(o), Label("note") + "'content' is required");
  o["content"] = "This note indicates the various steps taken by the threat analyst team.";
  o["authors"] = boost::json::array{"John Doe"};
  ExpectValid(o);
  o.erase("object_refs");
  EXPECT_EQ(ErrorFor(o), Label("note") + "'object_refs' is required");
}

TEST(SdoValidationTest, ObservedDataRules) {
  boost::json::object o = Sdo("observed-data");
  o["first_observed"] = "2015-12-21T19:00:00Z";
  o["last_observed"] = "2015-12-21T19:00:00Z";
  o["number_observed"] = 50;
  o["object_refs"] = boost::json::array{"ipv4-addr--efcd5e80-570d-4131-b213-62cb18eaa6a8"};
  ExpectValid(o);
  boost::json::object b = o;
  b["number_observed"] = 0;
  EXPECT_EQ(ErrorFor(b),
            Label("observed-data") + "'number_observed' must be an integer from 1 to 999999999");
  b = o;
  b["last_observed"] = "2015-12-21T18:59:59Z";
  EXPECT_EQ(ErrorFor(b),
            Label("observed-data") + "'last_observed' must not be earlier than 'first_observed'");
  b = o;
  b["objects"] = Json(R"({"0": {"type": "ipv4-addr", "value": "198.51.100.3"}})");
  EXPECT_EQ(ErrorFor(b), Label("observed-data") +
                             "'objects' (deprecated) and 'object_refs' must not both be present");
  b.erase("object_refs");
  ExpectValid(b);  // the deprecated container alone
  b.erase("objects");
  EXPECT_EQ(ErrorFor(b), Label("observed-data") + "'object_refs' is required");
}

TEST(SdoValidationTest, LocationNeedsRegionCountryOrCoordinates) {
  boost::json::object o = Sdo("location");
  EXPECT_EQ(
      ErrorFor(o),
      Label("location") + "one of 'region', 'country' or 'latitude' and 'longitude' is required");
  o["latitude"] = 48.8566;
  EXPECT_EQ(ErrorFor(o), Label("location") + "'latitude' and 'longitude' must be given together");
  o["longitude"] = 2.3522;
  ExpectValid(o);
  o["latitude"] = 91;
  EXPECT_EQ(ErrorFor(o), Label("location") + "'latitude' must be from -90 to 90");
  boost::json::object c = Sdo("location");
  c["country"] = "az";
  ExpectValid(c);
}

TEST(SdoValidationTest, OpinionGroupingAndMalwareAnalysis) {
  boost::json::object opinion = Sdo("opinion");
  opinion["object_refs"] = boost::json::array{testing::kIndicatorId};
  opinion["opinion"] = "strongly-agree";
  ExpectValid(opinion);
  opinion["opinion"] = "maybe";
  EXPECT_THAT(ErrorFor(opinion), HasSubstr("'opinion' must be one of strongly-disagree, disagree, "
                                           "neutral, agree, strongly-agree, found 'maybe'"));

  boost::json::object grouping = Sdo("grouping");
  grouping["object_refs"] = boost::json::array{testing::kIndicatorId};
  EXPECT_EQ(ErrorFor(grouping), Label("grouping") + "'context' is required");
  grouping["context"] = "suspicious-activity";
  ExpectValid(grouping);

  boost::json::object analysis = Sdo("malware-analysis");
  analysis["product"] = "microsoft";
  EXPECT_EQ(ErrorFor(analysis),
            Label("malware-analysis") + "one of 'result', 'analysis_sco_refs' is required");
  analysis["result"] = "malicious";
  ExpectValid(analysis);
}

}  // namespace
}  // namespace qx::stix
