#include <gtest/gtest.h>

#include <filesystem>

#include "oscal_test_util.h"
#include "qx/oscal/canonical_json.h"
#include "qx/oscal/catalog_diff.h"
#include "qx/oscal/profile_resolver.h"

namespace qx::oscal {
namespace {

namespace json = boost::json;

void ExpectSameIndex(const CatalogIndex& a, const CatalogIndex& b) {
  EXPECT_EQ(a.uuid(), b.uuid());
  EXPECT_EQ(a.title(), b.title());
  EXPECT_EQ(a.version(), b.version());
  ASSERT_EQ(a.controls().size(), b.controls().size());
  for (size_t i = 0; i < a.controls().size(); ++i) {
    const ControlInfo& x = a.controls()[i];
    const ControlInfo& y = b.controls()[i];
    EXPECT_EQ(x.id, y.id);
    EXPECT_EQ(x.title, y.title);
    EXPECT_EQ(x.control_class, y.control_class);
    EXPECT_EQ(x.group_path, y.group_path);
    EXPECT_EQ(x.parent_control, y.parent_control);
    EXPECT_EQ(x.json_path, y.json_path);
    ASSERT_EQ(x.params.size(), y.params.size()) << x.id;
    for (size_t k = 0; k < x.params.size(); ++k) {
      EXPECT_EQ(x.params[k].id, y.params[k].id);
      EXPECT_EQ(x.params[k].label, y.params[k].label);
      EXPECT_EQ(x.params[k].how_many, y.params[k].how_many);
      EXPECT_EQ(x.params[k].choices, y.params[k].choices);
      EXPECT_EQ(x.params[k].values, y.params[k].values);
    }
    ASSERT_EQ(x.parts.size(), y.parts.size()) << x.id;
    for (size_t k = 0; k < x.parts.size(); ++k) {
      EXPECT_EQ(x.parts[k].id, y.parts[k].id);
      EXPECT_EQ(x.parts[k].name, y.parts[k].name);
      EXPECT_EQ(x.parts[k].prose, y.parts[k].prose);
    }
    EXPECT_EQ(x.applicability.sectors, y.applicability.sectors);
    EXPECT_EQ(x.applicability.categories, y.applicability.categories);
    EXPECT_EQ(x.applicability.min_security_level, y.applicability.min_security_level);
    EXPECT_EQ(x.applicability.machine_checks, y.applicability.machine_checks);
  }
  EXPECT_TRUE(Diff(a, b).empty());
}

void ExpectRoundTrip(const CatalogIndex& index) {
  // Through Boost's serializer and through the canonical form: both parse back to the same
  // document, index the same, and canonicalize to the same bytes.
  for (const std::string& text :
       {json::serialize(index.document()), CanonicalJson(index.document())}) {
    auto again = CatalogIndex::Build(json::parse(text));
    ASSERT_TRUE(again) << again.error().message;
    ExpectSameIndex(index, *again);
    EXPECT_EQ(again->document(), index.document());
    EXPECT_EQ(CanonicalJson(again->document()), CanonicalJson(index.document()));
  }
}

TEST(RoundTripTest, SampleCatalogKeepsEveryControlParamAndPart) {
  ExpectRoundTrip(testing::SampleIndex());
}

TEST(RoundTripTest, NistExcerptIndexesAndRoundTrips) {
  const std::string path = std::string(OSCAL_FIXTURES) + "/nist-800-53-excerpt.catalog.json";
  if (!std::filesystem::exists(path)) GTEST_SKIP() << path << " not present";
  boost::system::error_code ec;
  json::value doc = json::parse(testing::ReadFile(path), ec);
  ASSERT_FALSE(ec) << ec.message();
  auto index = CatalogIndex::Build(std::move(doc));
  ASSERT_TRUE(index) << index.error().message;
  EXPECT_GT(index->controls().size(), 0u);
  ExpectRoundTrip(*index);
}

TEST(RoundTripTest, NistExcerptProfileResolvesAndRoundTrips) {
  const std::string dir = std::string(OSCAL_FIXTURES) + "/";
  if (!std::filesystem::exists(dir + "nist-excerpt.profile.json") ||
      !std::filesystem::exists(dir + "nist-800-53-excerpt.catalog.json")) {
    GTEST_SKIP() << "NIST excerpt fixtures not present";
  }
  auto catalog =
      CatalogIndex::Build(json::parse(testing::ReadFile(dir + "nist-800-53-excerpt.catalog.json")));
  ASSERT_TRUE(catalog) << catalog.error().message;
  const json::value profile = json::parse(testing::ReadFile(dir + "nist-excerpt.profile.json"));
  auto hrefs = ValidateProfile(profile);
  ASSERT_TRUE(hrefs) << hrefs.error().message;
  const CatalogLookup lookup = [&](std::string_view href) -> const CatalogIndex* {
    return href == (*hrefs)[0] ? &*catalog : nullptr;
  };
  auto resolved = ResolveProfile(profile, lookup);
  ASSERT_TRUE(resolved) << resolved.error().message;
  EXPECT_TRUE(resolved->warnings.empty());
  auto index = CatalogIndex::Build(resolved->catalog);
  ASSERT_TRUE(index) << index.error().message;
  std::vector<std::string> ids;
  for (const ControlInfo& c : index->controls()) ids.push_back(c.id);
  EXPECT_EQ(ids, (std::vector<std::string>{"ac-1", "ac-2"}));
  bool set = false;
  for (const ParamInfo& p : index->Find("ac-1")->params) {
    if (p.id == "ac-1_prm_4")
      set = p.values == std::vector<std::string>{"at least every 12 months"};
  }
  EXPECT_TRUE(set) << "ac-1_prm_4 carries the profile's value";
  ExpectRoundTrip(*index);
  auto again = ResolveProfile(profile, lookup);
  ASSERT_TRUE(again);
  EXPECT_EQ(CanonicalJson(again->catalog), CanonicalJson(resolved->catalog));
}

}  // namespace
}  // namespace qx::oscal
