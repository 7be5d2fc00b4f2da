// ValidateObject: the common properties (spec 3.2), type dispatch and the summary.

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "object_test_util.h"
#include "qx/stix/object.h"
#include "qx/stix/tlp.h"
#include "stix_test_util.h"

namespace qx::stix {
namespace {

using ::testing::ElementsAre;
using testing::ErrorOf;
using ::testing::HasSubstr;
using testing::Indicator;
using testing::Json;
using testing::Sco;
using testing::Sdo;

std::string ErrorFor(const boost::json::object& o) { return ErrorOf(ValidateObject(o)); }

constexpr const char* kLabel = "indicator--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f: ";

TEST(ObjectValidatorTest, SummarizesAnIndicator) {
  boost::json::object o = Indicator();
  o["modified"] = "2016-05-01T00:00:00.5Z";
  o["revoked"] = true;
  o["object_marking_refs"] = boost::json::array{kTlp2AmberId, kTlp1GreenId};
  auto s = ValidateObject(o);
  ASSERT_TRUE(s) << s.error().message;
  EXPECT_EQ(s->type, "indicator");
  EXPECT_EQ(s->id, testing::kIndicatorId);
  EXPECT_EQ(s->category, ObjectCategory::kSdo);
  EXPECT_EQ(s->spec_version, "2.1");
  EXPECT_TRUE(s->has_timestamps);
  EXPECT_EQ(s->created, 1459973028000);
  EXPECT_EQ(s->modified, 1462060800500);
  EXPECT_TRUE(s->revoked);
  EXPECT_EQ(s->valid_until, 1483228800000);
  EXPECT_THAT(s->object_marking_refs, ElementsAre(kTlp2AmberId, kTlp1GreenId));
  EXPECT_EQ(s->created_by_ref, testing::kIdentityId);
}

TEST(ObjectValidatorTest, SummarizesAnScoWithoutTimestamps) {
  boost::json::object o = Sco("ipv4-addr");
  o["value"] = "198.51.100.3";
  auto s = ValidateObject(o);
  ASSERT_TRUE(s) << s.error().message;
  EXPECT_EQ(s->category, ObjectCategory::kSco);
  EXPECT_EQ(s->spec_version, "2.1");
  EXPECT_FALSE(s->has_timestamps);
  EXPECT_EQ(s->created, 0);
  EXPECT_EQ(s->modified, 0);
  EXPECT_FALSE(s->revoked);
  EXPECT_FALSE(s->valid_until);
  EXPECT_TRUE(s->created_by_ref.empty());
}

TEST(ObjectValidatorTest, RejectsNonObjectsAndBadTypes) {
  EXPECT_EQ(ErrorOf(ValidateObject(Json("[1]"))),
            "a STIX object must be a JSON object, found an array");
  EXPECT_EQ(ErrorOf(ValidateObject(Json("{}"))), "object: 'type' is required");
  EXPECT_EQ(ErrorOf(ValidateObject(Json(R"({"type": 5})"))),
            "object: 'type' must be a string, found a number");
  EXPECT_EQ(ErrorOf(ValidateObject(Json(R"({"type": "Indicator"})"))),
            "object: 'type' must be 3-250 characters of a-z, 0-9 and '-' starting with a letter, "
            "found 'Indicator'");
  EXPECT_EQ(ErrorOf(ValidateObject(Json(
                R"({"type": "bundle", "id": "bundle--5d0092c5-5f74-4287-9642-33f4c354e56d"})"))),
            "bundle--5d0092c5-5f74-4287-9642-33f4c354e56d: 'type' bundle is a container, not a "
            "STIX object: validate its objects");
  EXPECT_EQ(ErrorFor(Sdo("my-thing")),
            "my-thing--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f: 'type' 'my-thing' is not a STIX 2.1 "
            "type (custom types start with 'x-' or declare a new-sdo, new-sco or new-sro "
            "extension)");
}

TEST(ObjectValidatorTest, AcceptsCustomTypesWithCommonChecksOnly) {
  boost::json::object sdo = Sdo("x-acme-campaign-note");
  sdo["anything"] = boost::json::array{1, "two"};
  auto s = ValidateObject(sdo);
  ASSERT_TRUE(s) << s.error().message;
  EXPECT_EQ(s->category, ObjectCategory::kSdo);

  boost::json::object sco = Sco("x-usb-device");
  sco["serial_number"] = "575833314133343231313937";
  s = ValidateObject(sco);
  ASSERT_TRUE(s) << s.error().message;
  EXPECT_EQ(s->category, ObjectCategory::kSco);
  EXPECT_FALSE(s->has_timestamps);

  // An extension-defined type (spec 7.3 example "my-favorite-sco"): its extension tells the kind.
  boost::json::object declared = Sco("my-favorite-sco");
  declared["spec_version"] = "2.1";
  declared["extensions"] = Json(R"({"extension-definition--c5333451-c08c-4c48-be5e-9ad4c947776a":
                                     {"extension_type": "new-sco"}})");
  s = ValidateObject(declared);
  ASSERT_TRUE(s) << s.error().message;
  EXPECT_EQ(s->category, ObjectCategory::kSco);

  // Common checks still apply to custom objects.
  boost::json::object broken = Sdo("x-acme-campaign-note");
  broken.erase("modified");
  EXPECT_EQ(ErrorFor(broken),
            "x-acme-campaign-note--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f: "
            "'modified' is required");
}

TEST(ObjectValidatorTest, ChecksTheId) {
  boost::json::object o = Indicator();
  o.erase("id");
  EXPECT_EQ(ErrorFor(o), "indicator: 'id' is required");
  o["id"] = "malware--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f";
  EXPECT_EQ(ErrorFor(o),
            "malware--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f: 'id' must start with the "
            "object's type 'indicator--', found "
            "'malware--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f'");
  o["id"] = "indicator--8e2e2d2b-17d4-0cbf-938f-98ee46b3cd3f";
  EXPECT_EQ(ErrorFor(o),
            "indicator: 'id' must be 'indicator--<RFC 4122 UUID>', found "
            "'indicator--8e2e2d2b-17d4-0cbf-938f-98ee46b3cd3f'");
  o["id"] = 7;
  EXPECT_EQ(ErrorFor(o), "indicator: 'id' must be a string, found a number");
}

TEST(ObjectValidatorTest, ChecksSpecVersion) {
  boost::json::object o = Indicator();
  o.erase("spec_version");
  EXPECT_EQ(ErrorFor(o), std::string(kLabel) + "'spec_version' is required");
  o["spec_version"] = "2.0";
  EXPECT_EQ(ErrorFor(o), std::string(kLabel) + "'spec_version' must be \"2.1\", found '2.0'");
  boost::json::object sco = Sco("domain-name");
  sco["value"] = "example.com";
  sco["spec_version"] = "2.0";
  EXPECT_THAT(ErrorFor(sco), HasSubstr("'spec_version' must be \"2.1\""));
}

TEST(ObjectValidatorTest, ChecksCreatedAndModified) {
  boost::json::object o = Indicator();
  o.erase("created");
  EXPECT_EQ(ErrorFor(o), std::string(kLabel) + "'created' is required");
  o["created"] = "2016-04-06T20:03:48.000+00:00";
  EXPECT_EQ(ErrorFor(o), std::string(kLabel) +
                             "'created' must be a STIX timestamp (YYYY-MM-DDTHH:MM:SS[.s+]Z), "
                             "found '2016-04-06T20:03:48.000+00:00'");
  o["created"] = "2016-04-06T20:03:48.001Z";
  EXPECT_EQ(ErrorFor(o), std::string(kLabel) + "'modified' must not be earlier than 'created'");
  o["modified"] = "2016-04-06T20:03:48.001Z";
  EXPECT_TRUE(ValidateObject(o));  // equal is fine
}

TEST(ObjectValidatorTest, ChecksOptionalCommonProperties) {
  const auto with = [](const char* key, boost::json::value v) {
    boost::json::object o = Indicator();
    o[key] = std::move(v);
    return ErrorFor(o);
  };
  EXPECT_EQ(with("created_by_ref", "malware--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f"),
            std::string(kLabel) +
                "'created_by_ref' must reference an identity, found "
                "'malware--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f'");
  EXPECT_EQ(with("revoked", "yes"),
            std::string(kLabel) + "'revoked' must be a boolean, found a string");
  EXPECT_EQ(with("labels", boost::json::array{}),
            std::string(kLabel) + "'labels' must not be an empty list");
  EXPECT_EQ(with("labels", boost::json::array{"a", 1}),
            std::string(kLabel) + "'labels[1]' must be a string, found a number");
  EXPECT_EQ(with("confidence", 101),
            std::string(kLabel) + "'confidence' must be an integer from 0 to 100");
  EXPECT_EQ(with("confidence", -1),
            std::string(kLabel) + "'confidence' must be an integer from 0 to 100");
  EXPECT_EQ(with("confidence", 50.5),
            std::string(kLabel) + "'confidence' must be an integer, found a number");
  EXPECT_EQ(
      with("lang", "english please"),
      std::string(kLabel) + "'lang' must be an RFC 5646 language tag, found 'english please'");
  EXPECT_EQ(with("defanged", true),
            std::string(kLabel) + "'defanged' is only allowed on cyber-observable objects (SCOs)");
  EXPECT_EQ(with("extensions", boost::json::object{}),
            std::string(kLabel) + "'extensions' must not be an empty dictionary");
  EXPECT_EQ(with("x-bad-name", 1),
            std::string(kLabel) +
                "property name 'x-bad-name' must be 1-250 ASCII letters, digits or '_'");

  boost::json::object good = Indicator();
  good["confidence"] = 0;
  good["lang"] = "az-Latn-AZ";
  good["labels"] = boost::json::array{"apt"};
  good["x_acme_score"] = 7;
  EXPECT_TRUE(ValidateObject(good));
}

TEST(ObjectValidatorTest, ChecksExternalReferences) {
  boost::json::object o = Indicator();
  o["external_references"] = Json(R"([{"source_name": "capec", "external_id": "CAPEC-163"},
                                      {"source_name": "x", "url": "https://x.example",
                                       "hashes": {"SHA-256": ")"
                                  "6db12788c37247f2316052e142f42f4b259d6561751e5f401a1ae2a6df9c674b"
                                  R"("}}])");
  EXPECT_TRUE(ValidateObject(o));
  o["external_references"] = Json(R"([{"description": "no source"}])");
  EXPECT_EQ(ErrorFor(o), std::string(kLabel) + "'external_references[0].source_name' is required");
  o["external_references"] = Json(R"([{"source_name": "veris"}])");
  EXPECT_EQ(ErrorFor(o), std::string(kLabel) +
                             "one of 'external_references[0].description', "
                             "'external_references[0].url', 'external_references[0].external_id' "
                             "is required");
  o["external_references"] =
      Json(R"([{"source_name": "x", "url": "u", "hashes": {"MD5": "abc"}}])");
  EXPECT_EQ(ErrorFor(o),
            std::string(kLabel) +
                "'external_references[0].hashes.MD5' must be 32 hex digits, found 'abc'");
  o["external_references"] = Json(R"(["https://x.example"])");
  EXPECT_EQ(ErrorFor(o),
            std::string(kLabel) + "'external_references[0]' must be an object, found a string");
}

TEST(ObjectValidatorTest, ChecksObjectMarkings) {
  boost::json::object o = Indicator();
  o["object_marking_refs"] = boost::json::array{"identity--f431f809-377b-45e0-aa1c-6a4751cae5ff"};
  EXPECT_EQ(ErrorFor(o), std::string(kLabel) +
                             "'object_marking_refs[0]' must reference a marking-definition, found "
                             "'identity--f431f809-377b-45e0-aa1c-6a4751cae5ff'");
  o["object_marking_refs"] = boost::json::array{"marking-definition--bogus"};
  EXPECT_THAT(ErrorFor(o), HasSubstr("'object_marking_refs[0]' must be an identifier"));
  o["object_marking_refs"] = "marking-definition--34098fce-860f-48ae-8e50-ebd3cc5e41da";
  EXPECT_EQ(ErrorFor(o),
            std::string(kLabel) + "'object_marking_refs' must be a list, found a string");
}

TEST(ObjectValidatorTest, ChecksGranularMarkings) {
  boost::json::object o = Indicator();
  o["labels"] = boost::json::array{"first", "second"};
  o["granular_markings"] = Json(R"([
      {"marking_ref": "marking-definition--34098fce-860f-48ae-8e50-ebd3cc5e41da",
       "selectors": ["description", "labels.[1]", "indicator_types"]},
      {"lang": "de", "selectors": ["name"]}])");
  auto ok = ValidateObject(o);
  ASSERT_TRUE(ok) << ok.error().message;
  // The summary keeps each marking_ref (the TLP of the object counts them).
  EXPECT_EQ(ok->granular_marking_refs,
            std::vector<std::string>{"marking-definition--34098fce-860f-48ae-8e50-ebd3cc5e41da"});

  o["granular_markings"] = Json(R"([{"lang": "de", "marking_ref":
      "marking-definition--34098fce-860f-48ae-8e50-ebd3cc5e41da", "selectors": ["name"]}])");
  EXPECT_EQ(ErrorFor(o), std::string(kLabel) +
                             "'granular_markings[0]' must have exactly one of "
                             "'lang' and 'marking_ref'");
  o["granular_markings"] = Json(R"([{"selectors": ["name"]}])");
  EXPECT_THAT(ErrorFor(o), HasSubstr("exactly one of 'lang' and 'marking_ref'"));
  o["granular_markings"] = Json(R"([{"lang": "de"}])");
  EXPECT_EQ(ErrorFor(o), std::string(kLabel) + "'granular_markings[0].selectors' is required");
  for (const char* selector : {"pattern_version", "labels.[2]", "description.[0]", "labels.name",
                               "", "labels.[x]", "name."}) {
    boost::json::object g = o;
    g["granular_markings"] = boost::json::array{
        boost::json::object{{"lang", "de"}, {"selectors", boost::json::array{selector}}}};
    EXPECT_THAT(ErrorFor(g), HasSubstr("'granular_markings[0].selectors[0]' must select content "
                                       "present in the object"))
        << selector;
  }
}

TEST(ObjectValidatorTest, ChecksExtensions) {
  boost::json::object o = Indicator();
  o["extensions"] = Json(R"({"extension-definition--d83fce45-ef58-4c6c-a3f4-1fbc32e98c6e":
                             {"extension_type": "property-extension", "rank": 5}})");
  EXPECT_TRUE(ValidateObject(o));
  o["extensions"] = Json(R"({"extension-definition--d83fce45-ef58-4c6c-a3f4-1fbc32e98c6e":
                             {"rank": 5}})");
  EXPECT_EQ(ErrorFor(o), std::string(kLabel) +
                             "'extensions.extension-definition--d83fce45-ef58-4c6c-a3f4-"
                             "1fbc32e98c6e.extension_type' is required");
  o["extensions"] = Json(R"({"extension-definition--d83fce45-ef58-4c6c-a3f4-1fbc32e98c6e":
                             {"extension_type": "new-thing"}})");
  EXPECT_THAT(ErrorFor(o), HasSubstr("extension_type' must be one of new-sdo, new-sco"));
  o["extensions"] = Json(R"({"extension-definition--nope": {"extension_type": "new-sdo"}})");
  EXPECT_EQ(ErrorFor(o), std::string(kLabel) +
                             "'extensions' has a malformed extension-definition id "
                             "'extension-definition--nope'");
  o["extensions"] = Json(R"({"x-acme": 5})");
  EXPECT_EQ(ErrorFor(o),
            std::string(kLabel) + "'extensions.x-acme' must be an object, found a number");
}

TEST(ObjectValidatorTest, NeverThrowsOnHostileShapes) {
  const std::string indicator = R"("type": "indicator", "spec_version": "2.1", )"
                                R"("id": "indicator--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f")";
  const std::string tlp_clear =
      R"("type": "marking-definition", "spec_version": "2.1", )"
      R"("id": "marking-definition--94868c89-83c2-464b-929b-a1a8aa3c8487", )"
      R"("created": "2022-10-01T00:00:00.000Z")";
  const std::string observed =
      R"("type": "observed-data", "spec_version": "2.1", )"
      R"("id": "observed-data--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f", )"
      R"("created": "2016-04-06T20:03:48.000Z", "modified": "2016-04-06T20:03:48.000Z", )"
      R"("first_observed": "2016-04-06T20:03:48.000Z", )"
      R"("last_observed": "2016-04-06T20:03:48.000Z")";
  for (const std::string& text : std::vector<std::string>{
           "null", "true", "\"indicator\"", "1e308", R"({"type": null})", R"({"type": []})",
           R"({"type": "indicator", "id": {}})",
           "{" + indicator + R"(, "created": 1, "modified": null})",
           "{" + indicator + R"(, "created": "2016-04-06T20:03:48.000Z", "modified": [])" + "}",
           "{" + tlp_clear + R"(, "extensions": {)" +
               R"("extension-definition--60a3c5c5-0d10-413e-aab3-9e08dde9e88d": "clear"}})",
           "{" + tlp_clear + R"(, "definition_type": "tlp", "definition": [1]})",
           "{" + observed + R"(, "number_observed": 18446744073709551615, "object_refs": []})",
           "{" + observed + R"(, "number_observed": 1, "objects": {"0": 5}})",
           "{" + observed + R"(, "number_observed": 1, "objects": {"0": {"type": 5}}})"}) {
    EXPECT_FALSE(ValidateObject(Json(text))) << text;
  }
}

TEST(ObjectValidatorTest, NamesCategories) {
  EXPECT_EQ(ObjectCategoryName(ObjectCategory::kSro), "sro");
  EXPECT_EQ(SpecCategoryOf("sighting"), ObjectCategory::kSro);
  EXPECT_EQ(SpecCategoryOf("url"), ObjectCategory::kSco);
  EXPECT_EQ(SpecCategoryOf("extension-definition"), ObjectCategory::kMeta);
  EXPECT_EQ(SpecCategoryOf("vulnerability"), ObjectCategory::kSdo);
  EXPECT_EQ(SpecCategoryOf("x-usb-device"), std::nullopt);
  EXPECT_EQ(SpecCategoryOf("bundle"), std::nullopt);
}

}  // namespace
}  // namespace qx::stix
