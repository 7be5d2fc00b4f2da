#include "qx/match/bundle_reader.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace qx::match {
namespace {

const std::string kBundle = R"({"type": "bundle", "id": "bundle--1", "objects": [
  {"type": "identity", "id": "identity--1", "name": "x", "nested": {"pattern": "ignored"}},
  {"type": "indicator", "id": "indicator--1", "pattern": "[ipv4-addr:value = '1.2.3.4']",
   "pattern_type": "stix", "valid_from": "2024-01-01T00:00:00Z", "modified": "2024-01-02T00:00:00Z",
   "revoked": true, "external_references": [{"pattern": "no"}], "valid_until": "2025-01-01T00:00:00Z"}
]})";

std::vector<StixRecord> ReadInPieces(const std::string& json, size_t piece, Status* status) {
  std::vector<StixRecord> out;
  BundleReader r([&](StixRecord&& rec) { out.push_back(std::move(rec)); });
  for (size_t i = 0; i < json.size(); i += piece) {
    *status = r.Feed(json.data() + i, std::min(piece, json.size() - i));
    if (!*status) return out;
  }
  *status = r.Finish();
  return out;
}

TEST(BundleReaderTest, ReadsObjectsWhateverThePieceSize) {
  for (size_t piece : {1u, 7u, 4096u}) {
    Status st;
    const auto recs = ReadInPieces(kBundle, piece, &st);
    ASSERT_TRUE(st) << st.error().message;
    ASSERT_EQ(recs.size(), 2u);
    EXPECT_EQ(recs[0].type, "identity");
    EXPECT_TRUE(recs[0].pattern.empty());
    EXPECT_EQ(recs[1].id, "indicator--1");
    EXPECT_EQ(recs[1].pattern, "[ipv4-addr:value = '1.2.3.4']");
    EXPECT_EQ(recs[1].pattern_type, "stix");
    EXPECT_EQ(recs[1].valid_until, "2025-01-01T00:00:00Z");
    EXPECT_EQ(recs[1].modified, "2024-01-02T00:00:00Z");
    EXPECT_TRUE(recs[1].revoked);
  }
}

TEST(BundleReaderTest, KeepsTheMostRestrictiveTlpMarkingOfEachObject) {
  // TLP 2.0 GREEN at object level, TLP 2.0 RED on one part, a statement and a language marking;
  // an object with TLP 1.0 AMBER only; one unmarked; one with only a granular AMBER+STRICT.
  const std::string bundle = R"({"type": "bundle", "id": "bundle--1", "objects": [
    {"type": "indicator", "id": "indicator--1",
     "object_marking_refs": ["marking-definition--bab4a63c-aed9-4cf5-a766-dfca5abac2bb",
                             "marking-definition--4a0042fe-8b88-40fe-9600-dfa128ce6fbd"],
     "granular_markings": [{"lang": "en", "selectors": ["name"]},
        {"marking_ref": "marking-definition--e828b379-4e03-4974-9ac4-e53a884c97c1",
         "selectors": ["pattern"]}],
     "pattern": "[ipv4-addr:value = '1.2.3.4']"},
    {"type": "indicator", "id": "indicator--2",
     "object_marking_refs": ["marking-definition--f88d31f6-486f-44da-b317-01333bde0b82"]},
    {"type": "indicator", "id": "indicator--3", "labels": ["marking-definition--e828b379-4e03-4974-9ac4-e53a884c97c1"],
     "extensions": {"x": {"marking_ref": "marking-definition--e828b379-4e03-4974-9ac4-e53a884c97c1"}}},
    {"type": "indicator", "id": "indicator--4",
     "granular_markings": [{"selectors": ["id"],
        "marking_ref": "marking-definition--939a9414-2ddd-4d32-a0cd-375ea402b003"}]}
  ]})";
  for (size_t piece : {1u, 5u, 4096u}) {
    Status st;
    const auto recs = ReadInPieces(bundle, piece, &st);
    ASSERT_TRUE(st) << st.error().message;
    ASSERT_EQ(recs.size(), 4u);
    EXPECT_EQ(recs[0].tlp, stix::Tlp::kRed) << piece;
    EXPECT_EQ(recs[0].pattern, "[ipv4-addr:value = '1.2.3.4']");
    EXPECT_EQ(recs[1].tlp, stix::Tlp::kAmber) << piece;
    EXPECT_EQ(recs[2].tlp, std::nullopt) << piece;  // not in a marking property
    EXPECT_EQ(recs[3].tlp, stix::Tlp::kAmberStrict) << piece;
  }
}

TEST(BundleReaderTest, ReadsTaxiiEnvelopePaging) {
  std::vector<StixRecord> out;
  BundleReader r([&](StixRecord&& rec) { out.push_back(std::move(rec)); });
  const std::string env = R"({"more": true, "next": "abc", "objects": [{"type": "indicator", "id": "indicator--2"}]})";
  ASSERT_TRUE(r.Feed(env.data(), env.size()));
  ASSERT_TRUE(r.Finish());
  EXPECT_TRUE(r.more());
  EXPECT_EQ(r.next(), "abc");
  EXPECT_EQ(out.size(), 1u);
}

TEST(BundleReaderTest, RejectsMalformedAndTruncatedInput) {
  Status st;
  ReadInPieces(kBundle.substr(0, kBundle.size() / 2), 64, &st);
  EXPECT_FALSE(st);
  ReadInPieces("{\"objects\": [}", 64, &st);
  EXPECT_FALSE(st);
  ReadInPieces("[1, 2]", 64, &st);
  EXPECT_FALSE(st);
  ReadInPieces("{\"type\": \"bundle\"}", 64, &st);
  EXPECT_FALSE(st);
  ReadInPieces("{\"objects\": {}}", 64, &st);
  EXPECT_FALSE(st);
  ReadInPieces("{\"objects\": []} x", 64, &st);
  EXPECT_FALSE(st);
}

}  // namespace
}  // namespace qx::match
