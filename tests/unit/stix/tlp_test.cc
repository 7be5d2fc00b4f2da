// TLP marking ids, the effective level of an object's markings, and the served TLP 2.0 objects.

#include "qx/stix/tlp.h"

#include <gtest/gtest.h>

#include <boost/json.hpp>

#include "qx/stix/object.h"
#include "stix_test_util.h"

namespace qx::stix {
namespace {

using testing::Json;

// Ids as published by OASIS: TLP 2.0 in cti-stix-common-objects (extension-definition-
// specifications/tlp-2.0), TLP 1.0 in STIX 2.1 section 7.2.1.4.
TEST(TlpTest, MapsPublishedIdsToLevels) {
  EXPECT_EQ(TlpOfMarking("marking-definition--94868c89-83c2-464b-929b-a1a8aa3c8487"), Tlp::kClear);
  EXPECT_EQ(TlpOfMarking("marking-definition--bab4a63c-aed9-4cf5-a766-dfca5abac2bb"), Tlp::kGreen);
  EXPECT_EQ(TlpOfMarking("marking-definition--55d920b0-5e8b-4f79-9ee9-91f868d9b421"), Tlp::kAmber);
  EXPECT_EQ(TlpOfMarking("marking-definition--939a9414-2ddd-4d32-a0cd-375ea402b003"),
            Tlp::kAmberStrict);
  EXPECT_EQ(TlpOfMarking("marking-definition--e828b379-4e03-4974-9ac4-e53a884c97c1"), Tlp::kRed);
  EXPECT_EQ(TlpOfMarking("marking-definition--613f2e26-407d-48c7-9eca-b8e91df99dc9"), Tlp::kClear);
  EXPECT_EQ(TlpOfMarking("marking-definition--34098fce-860f-48ae-8e50-ebd3cc5e41da"), Tlp::kGreen);
  EXPECT_EQ(TlpOfMarking("marking-definition--f88d31f6-486f-44da-b317-01333bde0b82"), Tlp::kAmber);
  EXPECT_EQ(TlpOfMarking("marking-definition--5e57c739-391a-4eb3-b6be-7d15ca92d5ed"), Tlp::kRed);
  EXPECT_EQ(TlpOfMarking("marking-definition--4a0042fe-8b88-40fe-9600-dfa128ce6fbd"), std::nullopt);
  EXPECT_EQ(TlpOfMarking("MARKING-DEFINITION--94868C89-83C2-464B-929B-A1A8AA3C8487"), std::nullopt);
  EXPECT_EQ(TlpOfMarking(""), std::nullopt);
}

TEST(TlpTest, NamesLevels) {
  EXPECT_EQ(TlpName(Tlp::kAmberStrict), "TLP:AMBER+STRICT");
  EXPECT_EQ(Tlp2Value(Tlp::kAmberStrict), "amber+strict");
  EXPECT_EQ(Tlp2MarkingId(Tlp::kRed), kTlp2RedId);
  EXPECT_EQ(TlpName(Tlp::kClear), "TLP:CLEAR");
}

TEST(TlpTest, EffectiveTlpIsTheMostRestrictiveMarking) {
  EXPECT_EQ(EffectiveTlp({std::string(kTlp2GreenId), std::string(kTlp1AmberId)}), Tlp::kAmber);
  EXPECT_EQ(EffectiveTlp({std::string(kTlp2AmberStrictId), std::string(kTlp2AmberId)}),
            Tlp::kAmberStrict);
  EXPECT_EQ(EffectiveTlp({std::string(kTlp1RedId), std::string(kTlp2AmberStrictId)}), Tlp::kRed);
  EXPECT_EQ(EffectiveTlp({std::string(kTlp1WhiteId)}), Tlp::kClear);
  EXPECT_EQ(EffectiveTlp({std::string(kTlp2ClearId),
                          "marking-definition--4a0042fe-8b88-40fe-"
                          "9600-dfa128ce6fbd"}),
            Tlp::kClear);
}

TEST(TlpTest, UnmarkedObjectsDefaultToAmberUnlessTheCallerSaysOtherwise) {
  EXPECT_EQ(EffectiveTlp({}), Tlp::kAmber);
  EXPECT_EQ(EffectiveTlp({"marking-definition--4a0042fe-8b88-40fe-9600-dfa128ce6fbd"}),
            Tlp::kAmber);
  EXPECT_EQ(EffectiveTlp({}, Tlp::kClear), Tlp::kClear);
  EXPECT_EQ(EffectiveTlp({}, Tlp::kRed), Tlp::kRed);
  EXPECT_EQ(EffectiveTlp({std::string(kTlp2GreenId)}, Tlp::kRed), Tlp::kGreen);
}

TEST(TlpTest, AnObjectIsAtTheMostRestrictiveOfItsObjectAndGranularMarkings) {
  // STIX 2.1 section 7.2.3: a granular TLP marking restricts part of the object; served whole,
  // the object takes the most restrictive level of any of its parts.
  const std::vector<std::string> green = {std::string(kTlp2GreenId)};
  EXPECT_EQ(ObjectTlp(green, {std::string(kTlp2RedId)}), Tlp::kRed);
  EXPECT_EQ(ObjectTlp(green, {std::string(kTlp1AmberId), std::string(kTlp2ClearId)}), Tlp::kAmber);
  EXPECT_EQ(ObjectTlp(green, {"marking-definition--4a0042fe-8b88-40fe-9600-dfa128ce6fbd"}),
            Tlp::kGreen);  // a granular statement is not TLP
  EXPECT_EQ(ObjectTlp({std::string(kTlp2RedId)}, {std::string(kTlp2ClearId)}), Tlp::kRed);
  EXPECT_EQ(ObjectTlp(green, {}), Tlp::kGreen);
  // Unmarked at object level: the rest of the object is at the unmarked level.
  EXPECT_EQ(ObjectTlp({}, {std::string(kTlp2GreenId)}), Tlp::kAmber);
  EXPECT_EQ(ObjectTlp({}, {std::string(kTlp2GreenId)}, Tlp::kClear), Tlp::kGreen);
  EXPECT_EQ(ObjectTlp({}, {std::string(kTlp2AmberStrictId)}, Tlp::kClear), Tlp::kAmberStrict);
}

TEST(TlpTest, AnObjectsSummaryCarriesItsGranularMarkingsIntoItsTlp) {
  auto summary = ValidateObject(Json(R"({"type": "indicator", "spec_version": "2.1",
      "id": "indicator--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f",
      "created": "2026-01-01T00:00:00.000Z", "modified": "2026-01-01T00:00:00.000Z",
      "pattern": "[ipv4-addr:value = '198.51.100.1']", "pattern_type": "stix",
      "valid_from": "2026-01-01T00:00:00Z",
      "object_marking_refs": ["marking-definition--bab4a63c-aed9-4cf5-a766-dfca5abac2bb"],
      "granular_markings": [{"marking_ref": "marking-definition--e828b379-4e03-4974-9ac4-e53a884c97c1",
                             "selectors": ["pattern"]}]})"));
  ASSERT_TRUE(summary) << summary.error().message;
  EXPECT_EQ(ObjectTlp(summary->object_marking_refs, summary->granular_marking_refs), Tlp::kRed);
}

TEST(TlpTest, ServesTheMarkingDefinitionsExactlyAsOasisPublishesThem) {
  // extension-definition-specifications/tlp-2.0/examples/tlp-amber+strict.json
  const boost::json::value published = Json(R"({
    "type": "marking-definition",
    "spec_version": "2.1",
    "id": "marking-definition--939a9414-2ddd-4d32-a0cd-375ea402b003",
    "created": "2022-10-01T00:00:00.000Z",
    "name": "TLP:AMBER+STRICT",
    "extensions": {
      "extension-definition--60a3c5c5-0d10-413e-aab3-9e08dde9e88d": {
        "extension_type": "property-extension",
        "tlp_2_0": "amber+strict"
      }
    }
  })");
  EXPECT_EQ(boost::json::value(Tlp2MarkingDefinition(Tlp::kAmberStrict)), published);
  EXPECT_EQ(boost::json::serialize(Tlp2MarkingDefinition(Tlp::kClear)),
            R"({"type":"marking-definition","spec_version":"2.1",)"
            R"("id":"marking-definition--94868c89-83c2-464b-929b-a1a8aa3c8487",)"
            R"("created":"2022-10-01T00:00:00.000Z","name":"TLP:CLEAR","extensions":{)"
            R"("extension-definition--60a3c5c5-0d10-413e-aab3-9e08dde9e88d":{)"
            R"("extension_type":"property-extension","tlp_2_0":"clear"}}})");
}

TEST(TlpTest, ServedMarkingDefinitionsValidateAndMapBackToTheirLevel) {
  const boost::json::array all = Tlp2MarkingDefinitions();
  ASSERT_EQ(all.size(), 5u);
  for (const boost::json::value& marking : all) {
    auto summary = ValidateObject(marking);
    ASSERT_TRUE(summary) << summary.error().message;
    EXPECT_EQ(summary->type, "marking-definition");
    EXPECT_EQ(summary->created, summary->modified);
    const std::optional<Tlp> tlp = TlpOfMarking(summary->id);
    ASSERT_TRUE(tlp);
    EXPECT_EQ(marking.as_object().at("name").as_string(), TlpName(*tlp));
  }
}

}  // namespace
}  // namespace qx::stix
