// ValidateObject: relationships, sightings (spec section 5) and meta objects (section 7).

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "object_test_util.h"
#include "qx/stix/object.h"
#include "qx/stix/tlp.h"
#include "stix_test_util.h"

namespace qx::stix {
namespace {

using testing::ErrorOf;
using ::testing::HasSubstr;
using testing::Json;
using testing::Sdo;

std::string ErrorFor(const boost::json::value& o) { return ErrorOf(ValidateObject(o)); }

void ExpectValid(const boost::json::value& v) {
  auto s = ValidateObject(v);
  EXPECT_TRUE(s) << s.error().message << "\n" << boost::json::serialize(v);
}

std::string Label(const std::string& type) {
  return type + "--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f: ";
}

boost::json::object Relationship() {
  boost::json::object o = Sdo("relationship");
  o["relationship_type"] = "indicates";
  o["source_ref"] = testing::kIndicatorId;
  o["target_ref"] = "malware--31b940d4-6f7f-459a-80ea-9c1f17b5891b";
  return o;
}

boost::json::object Sighting() {
  boost::json::object o = Sdo("sighting");
  o["first_seen"] = "2015-12-21T19:00:00Z";
  o["last_seen"] = "2015-12-21T19:00:00Z";
  o["count"] = 50;
  o["sighting_of_ref"] = testing::kIndicatorId;
  o["observed_data_refs"] =
      boost::json::array{"observed-data--b67d30ff-02ac-498a-92f9-32f845f448cf"};
  o["where_sighted_refs"] = boost::json::array{"identity--b67d30ff-02ac-498a-92f9-32f845f448ff"};
  return o;
}

TEST(RelationshipValidationTest, AcceptsAnIndicatesRelationship) {
  auto s = ValidateObject(Relationship());
  ASSERT_TRUE(s) << s.error().message;
  EXPECT_EQ(s->category, ObjectCategory::kSro);
}

TEST(RelationshipValidationTest, ChecksTypeEndpointsAndTimes) {
  for (const char* key : {"relationship_type", "source_ref", "target_ref"}) {
    boost::json::object o = Relationship();
    o.erase(key);
    EXPECT_EQ(ErrorFor(o), Label("relationship") + "'" + key + "' is required");
  }
  boost::json::object o = Relationship();
  o["relationship_type"] = "Indicates Strongly";
  EXPECT_EQ(ErrorFor(o), Label("relationship") +
                             "'relationship_type' must be ASCII a-z, 0-9 and '-', found "
                             "'Indicates Strongly'");
  o = Relationship();
  o["target_ref"] = "sighting--ee20065d-2555-424f-ad9e-0f8428623c75";
  EXPECT_EQ(ErrorFor(o), Label("relationship") +
                             "'target_ref' must reference an SDO or SCO, found "
                             "'sighting--ee20065d-2555-424f-ad9e-0f8428623c75'");
  o["target_ref"] = "marking-definition--34098fce-860f-48ae-8e50-ebd3cc5e41da";
  EXPECT_THAT(ErrorFor(o), HasSubstr("'target_ref' must reference an SDO or SCO"));
  o["target_ref"] = "ipv4-addr--efcd5e80-570d-4131-b213-62cb18eaa6a8";  // SCOs are fine
  ExpectValid(o);
  o["start_time"] = "2016-01-01T00:00:00Z";
  o["stop_time"] = "2016-01-01T00:00:00Z";
  EXPECT_EQ(ErrorFor(o), Label("relationship") + "'stop_time' must be later than 'start_time'");
}

TEST(SightingValidationTest, AcceptsTheSpecExamples) {
  ExpectValid(Sighting());
  boost::json::object minimal = Sdo("sighting");
  minimal["sighting_of_ref"] = testing::kIndicatorId;
  ExpectValid(minimal);
}

TEST(SightingValidationTest, ChecksItsProperties) {
  boost::json::object o = Sighting();
  o.erase("sighting_of_ref");
  EXPECT_EQ(ErrorFor(o), Label("sighting") + "'sighting_of_ref' is required");
  o = Sighting();
  o["sighting_of_ref"] = "ipv4-addr--efcd5e80-570d-4131-b213-62cb18eaa6a8";
  EXPECT_EQ(ErrorFor(o), Label("sighting") +
                             "'sighting_of_ref' must reference an SDO, found "
                             "'ipv4-addr--efcd5e80-570d-4131-b213-62cb18eaa6a8'");
  o["sighting_of_ref"] = "x-acme-thing--efcd5e80-570d-4131-b213-62cb18eaa6a8";  // custom SDO
  ExpectValid(o);
  o = Sighting();
  o["count"] = 1000000000;
  EXPECT_EQ(ErrorFor(o), Label("sighting") + "'count' must be an integer from 0 to 999999999");
  o["count"] = 0;  // "not seen at all"
  ExpectValid(o);
  o["count"] = -1;
  EXPECT_THAT(ErrorFor(o), HasSubstr("'count' must be an integer from 0 to 999999999"));
  o = Sighting();
  o["last_seen"] = "2015-12-21T18:00:00Z";
  EXPECT_EQ(ErrorFor(o), Label("sighting") + "'last_seen' must not be earlier than 'first_seen'");
  o = Sighting();
  o["observed_data_refs"] = boost::json::array{testing::kIndicatorId};
  EXPECT_EQ(ErrorFor(o), Label("sighting") +
                             "'observed_data_refs[0]' must reference an "
                             "observed-data, found '" +
                             testing::kIndicatorId + "'");
  o = Sighting();
  o["where_sighted_refs"] =
      boost::json::array{"location--a6e9345f-5a15-4c29-8bb3-7dcc5d168d64", testing::kIndicatorId};
  EXPECT_THAT(ErrorFor(o),
              HasSubstr("'where_sighted_refs[1]' must reference an identity or location"));
  o = Sighting();
  o["summary"] = "no";
  EXPECT_THAT(ErrorFor(o), HasSubstr("'summary' must be a boolean"));
}

TEST(MarkingDefinitionValidationTest, AcceptsStatementAndTlp1Markings) {
  ExpectValid(Json(R"({"type": "marking-definition", "spec_version": "2.1",
    "id": "marking-definition--4a0042fe-8b88-40fe-9600-dfa128ce6fbd",
    "created": "2016-08-01T00:00:00.000Z", "definition_type": "statement",
    "definition": {"statement": "Copyright 2019, Example Corp"}})"));
  for (const auto& [level, id] :
       std::vector<std::pair<std::string, std::string_view>>{{"white", kTlp1WhiteId},
                                                             {"green", kTlp1GreenId},
                                                             {"amber", kTlp1AmberId},
                                                             {"red", kTlp1RedId}}) {
    boost::json::object o = Json(R"({"type": "marking-definition", "spec_version": "2.1",
        "created": "2017-01-20T00:00:00.000Z", "definition_type": "tlp"})")
                                .as_object();
    o["id"] = id;
    o["name"] = "TLP:" + level;
    o["definition"] = boost::json::object{{"tlp", level}};
    auto s = ValidateObject(o);
    ASSERT_TRUE(s) << s.error().message;
    EXPECT_EQ(s->category, ObjectCategory::kMeta);
    EXPECT_EQ(s->created, 1484870400000);
    EXPECT_EQ(s->modified, s->created);
  }
}

TEST(MarkingDefinitionValidationTest, OnlyThePredefinedTlpMarkingsMayExist) {
  boost::json::object o = Json(R"({"type": "marking-definition", "spec_version": "2.1",
      "id": "marking-definition--4a0042fe-8b88-40fe-9600-dfa128ce6fbd",
      "created": "2017-01-20T00:00:00.000Z", "definition_type": "tlp",
      "definition": {"tlp": "green"}})")
                              .as_object();
  EXPECT_EQ(ErrorFor(o),
            "marking-definition--4a0042fe-8b88-40fe-9600-dfa128ce6fbd: 'id' of a TLP "
            "green marking must be the predefined "
            "marking-definition--34098fce-860f-48ae-8e50-ebd3cc5e41da (other TLP "
            "marking-definitions must not be created)");
  o["definition"] = boost::json::object{{"tlp", "purple"}};
  EXPECT_THAT(ErrorFor(o), HasSubstr("'definition.tlp' must be one of white, green, amber, red"));

  // A predefined TLP id used for something else.
  boost::json::object statement = Json(R"({"type": "marking-definition", "spec_version": "2.1",
      "id": "marking-definition--5e57c739-391a-4eb3-b6be-7d15ca92d5ed",
      "created": "2017-01-20T00:00:00.000Z", "definition_type": "statement",
      "definition": {"statement": "mine now"}})")
                                      .as_object();
  EXPECT_EQ(ErrorFor(statement),
            "marking-definition--5e57c739-391a-4eb3-b6be-7d15ca92d5ed: 'id' "
            "'marking-definition--5e57c739-391a-4eb3-b6be-7d15ca92d5ed' is a predefined TLP "
            "marking, but the object defines no TLP");
}

TEST(MarkingDefinitionValidationTest, ChecksTheTlp2ExtensionForm) {
  boost::json::object o = Tlp2MarkingDefinition(Tlp::kGreen);
  ExpectValid(o);
  o["name"] = "TLP:AMBER";
  EXPECT_EQ(ErrorFor(o),
            "marking-definition--bab4a63c-aed9-4cf5-a766-dfca5abac2bb: 'name' of the "
            "TLP 2.0 green marking must be 'TLP:GREEN', found 'TLP:AMBER'");
  o = Tlp2MarkingDefinition(Tlp::kGreen);
  o["id"] = kTlp2RedId;
  EXPECT_EQ(ErrorFor(o),
            "marking-definition--e828b379-4e03-4974-9ac4-e53a884c97c1: 'id' of a TLP "
            "2.0 green marking must be the predefined "
            "marking-definition--bab4a63c-aed9-4cf5-a766-dfca5abac2bb");
  o = Tlp2MarkingDefinition(Tlp::kGreen);
  o["extensions"].as_object()[kTlp2ExtensionId].as_object()["tlp_2_0"] = "white";
  EXPECT_THAT(ErrorFor(o), HasSubstr("'extensions.extension-definition--60a3c5c5-0d10-413e-aab3-"
                                     "9e08dde9e88d.tlp_2_0' must be one of clear, green, amber, "
                                     "amber+strict, red, found 'white'"));
  o = Tlp2MarkingDefinition(Tlp::kGreen);
  o.erase("extensions");
  EXPECT_EQ(ErrorFor(o),
            "marking-definition--bab4a63c-aed9-4cf5-a766-dfca5abac2bb: "
            "'definition_type' and 'definition' are required without 'extensions'");
}

TEST(MarkingDefinitionValidationTest, ChecksCommonRulesOfMarkings) {
  boost::json::object o = Tlp2MarkingDefinition(Tlp::kClear);
  o["object_marking_refs"] = boost::json::array{kTlp2ClearId};
  EXPECT_EQ(ErrorFor(o),
            "marking-definition--94868c89-83c2-464b-929b-a1a8aa3c8487: "
            "'object_marking_refs' must not reference the marking-definition itself");
  o = Tlp2MarkingDefinition(Tlp::kClear);
  o.erase("created");
  EXPECT_THAT(ErrorFor(o), HasSubstr("'created' is required"));
  o = Tlp2MarkingDefinition(Tlp::kClear);
  o["definition_type"] = "statement";
  EXPECT_THAT(ErrorFor(o), HasSubstr("'definition_type' and 'definition' must be given together"));
}

TEST(MetaObjectValidationTest, LanguageContent) {
  boost::json::value v = Json(R"({"type": "language-content",
    "id": "language-content--b86bd89f-98bb-4fa9-8cb2-9ad421da981d", "spec_version": "2.1",
    "created": "2017-02-08T21:31:22.007Z", "modified": "2017-02-08T21:31:22.007Z",
    "object_ref": "campaign--12a111f0-b824-4baf-a224-83b80237a094",
    "object_modified": "2017-02-08T21:31:22.007Z",
    "contents": {"de": {"name": "Bank Angriff"}, "fr": {"name": "Attaque Bank"}}})");
  ExpectValid(v);
  v.as_object()["contents"] = Json(R"({"de": "Bank Angriff"})");
  EXPECT_EQ(ErrorFor(v),
            "language-content--b86bd89f-98bb-4fa9-8cb2-9ad421da981d: "
            "'contents.de' must be an object, found a string");
  v.as_object().erase("contents");
  EXPECT_THAT(ErrorFor(v), HasSubstr("'contents' is required"));
}

TEST(MetaObjectValidationTest, ExtensionDefinition) {
  boost::json::value v =
      Json(R"({"id": "extension-definition--d83fce45-ef58-4c6c-a3f4-1fbc32e98c6e",
    "type": "extension-definition", "spec_version": "2.1", "name": "Extension Foo 1",
    "description": "This schema adds two properties to a STIX object",
    "created": "2014-02-20T09:16:08.989000Z", "modified": "2014-02-20T09:16:08.989000Z",
    "created_by_ref": "identity--11b76a96-5d2b-45e0-8a5a-f6994f370731",
    "schema": "https://www.example.com/schema-foo-1/v1/", "version": "1.2.1",
    "extension_types": ["property-extension"]})");
  ExpectValid(v);
  boost::json::object& o = v.as_object();
  o["extension_properties"] = boost::json::array{"rank"};
  EXPECT_THAT(ErrorFor(v), HasSubstr("'extension_properties' is only allowed with the "
                                     "'toplevel-property-extension' extension type"));
  o["extension_types"] = boost::json::array{"toplevel-property-extension"};
  ExpectValid(v);
  o["extension_types"] = boost::json::array{"new-widget"};
  EXPECT_THAT(ErrorFor(v), HasSubstr("'extension_types[0]' must be one of new-sdo"));
  o["extension_types"] = boost::json::array{"new-sdo"};
  o.erase("extension_properties");
  o.erase("created_by_ref");
  EXPECT_THAT(ErrorFor(v), HasSubstr("'created_by_ref' is required"));
}

}  // namespace
}  // namespace qx::stix
