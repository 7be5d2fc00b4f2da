// Profile resolution: selection, merge (flat / as-is), combination, output shape, validation.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <regex>

#include "profile_test_util.h"
#include "qx/oscal/canonical_json.h"

namespace qx::oscal {
namespace {

namespace json = boost::json;
using ::testing::ElementsAre;
using testing::ErrorOf;
using ::testing::HasSubstr;
using testing::ProfileResolverTest;
using testing::ProfileText;
using ::testing::StartsWith;

const char kAll[] = R"([{"href": "sample.json", "include-all": {}}])";

TEST_F(ProfileResolverTest, IncludeAllIsFlatByDefault) {
  const json::value doc = Resolved(kAll);
  EXPECT_EQ(doc.find_pointer("/catalog/groups", ec_), nullptr);
  // req-merge-flat: every control directly under the catalog, in document order.
  EXPECT_THAT(TopIds(doc), ElementsAre("ac-1", "ac-2", "ac-2.1", "ac-2.2", "ac-2.2.1", "au-1",
                                       "au-2", "au-9", "mi-1"));
  // Loose params follow the inserts that use them; the unused one is dropped.
  EXPECT_THAT(MemberIds(doc, "/catalog/params"), ElementsAre("org-name", "ac-grp-p"));
}

TEST_F(ProfileResolverTest, WritesMetadataAndFiltersBackMatter) {
  const json::value doc = Resolved(kAll);
  const json::object& metadata = doc.at_pointer("/catalog/metadata").as_object();
  EXPECT_EQ(metadata.at("title").as_string(), "Sample Profile");
  EXPECT_EQ(metadata.at("version").as_string(), "1");
  // req-meta-source-profile: a prop (not a link) whose value is the profile's URI.
  EXPECT_EQ(doc.at_pointer("/catalog/metadata/props/0/name").as_string(), "source-profile");
  EXPECT_EQ(doc.at_pointer("/catalog/metadata/props/0/value").as_string(),
            std::string("urn:uuid:") + testing::kProfileUuid);
  EXPECT_EQ(doc.at_pointer("/catalog/metadata/props/1/name").as_string(), "resolution-tool");
  EXPECT_EQ(doc.find_pointer("/catalog/metadata/links", ec_), nullptr);
  // Referenced from ac-1's link, and marked keep=always; the third is dropped.
  EXPECT_THAT(
      MemberIds(doc, "/catalog/back-matter/resources"),
      ElementsAre("6a1f0f9e-2c3b-4d5e-8f70-112233445566", "8c3f2a1b-4e5d-4f70-a192-334455667788"));
}

// req-meta-last-modified: the time the resolution completed, as the caller gives it (so that the
// output stays a function of its inputs); without it, the latest last-modified of the inputs.
TEST_F(ProfileResolverTest, LastModifiedIsTheResolutionTime) {
  const json::value profile = json::parse(ProfileText(kAll));
  auto given = ResolveProfile(profile, lookup_, {.resolved_at = "2026-11-29T14:05:06.789Z"});
  ASSERT_TRUE(given) << given.error().message;
  EXPECT_EQ(given->catalog.at_pointer("/catalog/metadata/last-modified").as_string(),
            "2026-11-29T14:05:06.789Z");
  auto latest = ResolveProfile(profile, lookup_);  // the profile's 2026-02-01 is the latest
  ASSERT_TRUE(latest) << latest.error().message;
  EXPECT_EQ(latest->catalog.at_pointer("/catalog/metadata/last-modified").as_string(),
            "2026-02-01T00:00:00Z");
  json::value older = profile;
  older.at_pointer("/profile/metadata/last-modified") = "2025-06-01T00:00:00+04:00";
  auto from_catalog = ResolveProfile(older, lookup_);
  ASSERT_TRUE(from_catalog) << from_catalog.error().message;
  EXPECT_EQ(from_catalog->catalog.at_pointer("/catalog/metadata/last-modified").as_string(),
            "2026-01-15T10:00:00Z");  // the sample catalog's
  EXPECT_THAT(ErrorOf(ResolveProfile(profile, lookup_, {.resolved_at = "yesterday"})),
              StartsWith("resolved_at: 'yesterday' is not an RFC 3339 timestamp"));
}

// req-meta-oscal-version: the most recent minor version of the profile and the imported
// documents, at most the version the resolver implements; a major-version mismatch is an error.
TEST_F(ProfileResolverTest, OscalVersionIsTheMostRecentOfTheInputs) {
  const auto version_of = [&](const char* profile_version,
                              const char* catalog_version) -> Result<std::string> {
    json::value profile = json::parse(ProfileText(kAll));
    profile.at_pointer("/profile/metadata/oscal-version") = profile_version;
    json::value doc = testing::SampleCatalogJson();
    doc.at_pointer("/catalog/metadata/oscal-version") = catalog_version;
    auto catalog = CatalogIndex::Build(std::move(doc));
    if (!catalog) return tl::unexpected(catalog.error());
    auto r = ResolveProfile(profile, [&](std::string_view) { return &*catalog; });
    if (!r) return tl::unexpected(r.error());
    return std::string(r->catalog.at_pointer("/catalog/metadata/oscal-version").as_string());
  };
  EXPECT_EQ(version_of("1.1.2", "1.1.2").value_or("?"), "1.1.2");
  EXPECT_EQ(version_of("1.0.0", "1.1.1").value_or("?"), "1.1.1");
  EXPECT_EQ(version_of("1.0.4", "1.0.0").value_or("?"), "1.0.4");
  EXPECT_EQ(version_of("1.3.0", "1.0.0").value_or("?"), kResolverOscalVersion);
  EXPECT_EQ(ErrorOf(version_of("1.1.2", "2.0.0")),
            "$.profile.imports[0]: the catalog's oscal-version '2.0.0' and the resolver's '" +
                std::string(kResolverOscalVersion) + "' differ in major version");
  EXPECT_EQ(ErrorOf(version_of("v1", "1.1.2")),
            "$.profile.metadata.oscal-version: 'v1' is not an OSCAL version (MAJOR.MINOR.PATCH)");
}

TEST_F(ProfileResolverTest, ImportWithoutIncludeMeansAll) {
  const json::value all = Resolved(kAll);
  const json::value implicit = Resolved(R"([{"href": "sample.json"}])");
  EXPECT_EQ(CanonicalJson(all.at_pointer("/catalog/controls")),
            CanonicalJson(implicit.at_pointer("/catalog/controls")));
}

TEST_F(ProfileResolverTest, AsIsKeepsGroupsWithTheirParams) {
  const json::value doc = Resolved(kAll, R"(, "merge": {"as-is": true})");
  EXPECT_EQ(doc.find_pointer("/catalog/controls", ec_), nullptr);
  EXPECT_THAT(MemberIds(doc, "/catalog/groups"), ElementsAre("ac", "au", ""));
  EXPECT_THAT(MemberIds(doc, "/catalog/params"), ElementsAre("org-name"));
  EXPECT_THAT(MemberIds(doc, "/catalog/groups/0/params"), ElementsAre("ac-grp-p"));
  EXPECT_THAT(MemberIds(doc, "/catalog/groups/1/groups"), ElementsAre("au-x"));
  EXPECT_EQ(doc.at_pointer("/catalog/groups/0/class").as_string(), "family");
  EXPECT_THAT(AllIds(doc), ElementsAre("ac-1", "ac-2", "ac-2.1", "ac-2.2", "ac-2.2.1", "au-1",
                                       "au-2", "au-9", "mi-1"));
}

const char kEnhancementAndAu9[] =
    R"([{"href": "sample.json", "include-controls": [{"with-ids": ["ac-2.1", "au-9"]}]}])";

// id-structure-as-is-list-1: a selected control whose parent is not selected is "up-levelled" to
// the parent's place; the parent does not appear (no shell that would index as a requirement).
TEST_F(ProfileResolverTest, AsIsUpLevelsTheChildOfAnUnselectedParent) {
  const json::value doc = Resolved(kEnhancementAndAu9, R"(, "merge": {"as-is": true})");
  EXPECT_THAT(MemberIds(doc, "/catalog/groups"), ElementsAre("ac", "au"));
  EXPECT_THAT(MemberIds(doc, "/catalog/groups/0/controls"), ElementsAre("ac-2.1"));
  EXPECT_EQ(doc.at_pointer("/catalog/groups/0/controls/0/title").as_string(), "Automated Account Management");
  EXPECT_THAT(AllIds(doc), ElementsAre("ac-2.1", "au-9"));
  EXPECT_EQ(doc.find_pointer("/catalog/groups/1/controls", ec_), nullptr);
  EXPECT_THAT(MemberIds(doc, "/catalog/groups/1/groups/0/controls"), ElementsAre("au-9"));
  EXPECT_EQ(doc.find_pointer("/catalog/groups/0/params", ec_), nullptr);  // nothing inserts it
  EXPECT_EQ(doc.find_pointer("/catalog/params", ec_), nullptr);
}

TEST_F(ProfileResolverTest, AsIsUpLevelsThroughSeveralUnselectedAncestors) {
  const json::value doc =
      Resolved(R"([{"href": "sample.json", "include-controls": [{"with-ids": ["ac-2.2.1"]}]}])",
               R"(, "merge": {"as-is": true})");
  EXPECT_THAT(MemberIds(doc, "/catalog/groups/0/controls"), ElementsAre("ac-2.2.1"));
  EXPECT_THAT(AllIds(doc), ElementsAre("ac-2.2.1"));
}

// req-merge-flat: no grouping and no nesting, even of a selected child in a selected parent.
TEST_F(ProfileResolverTest, FlatHasNoNesting) {
  const json::value doc = Resolved(R"([{"href": "sample.json", "include-controls": [
      {"with-ids": ["ac-2", "ac-2.1", "ac-2.2"]}]}])",
                                   R"(, "merge": {"flat": {}})");
  EXPECT_EQ(doc.find_pointer("/catalog/groups", ec_), nullptr);
  EXPECT_THAT(TopIds(doc), ElementsAre("ac-2", "ac-2.1", "ac-2.2"));
  for (const json::value& c : doc.at_pointer("/catalog/controls").as_array()) {
    EXPECT_FALSE(c.as_object().contains("controls")) << c.at("id").as_string();
  }
  // ac-2.2.1 is left out; ac-2.2's own param stays with it.
  EXPECT_THAT(MemberIds(doc, "/catalog/controls/2/params"), ElementsAre("ac-2.2_prm_1"));
}

// req-prune-keep: an as-is group marked keep=always stays even when it holds no selected control.
TEST(ResolveProfileKeepTest, AsIsKeepsAGroupMarkedKeepAlways) {
  json::value source = testing::SampleCatalogJson();
  source.at_pointer("/catalog/groups/1").as_object()["props"] =
      json::array{json::object{{"name", "keep"}, {"value", "always"}}};
  auto catalog = CatalogIndex::Build(std::move(source));
  ASSERT_TRUE(catalog) << catalog.error().message;
  auto resolved = ResolveProfile(
      json::parse(ProfileText(R"([{"href": "x", "include-controls": [{"with-ids": ["ac-1"]}]}])",
                              R"(, "merge": {"as-is": true})")),
      [&](std::string_view) { return &*catalog; });
  ASSERT_TRUE(resolved) << resolved.error().message;
  const json::value& doc = resolved->catalog;
  EXPECT_THAT(ProfileResolverTest::MemberIds(doc, "/catalog/groups"), ElementsAre("ac", "au"));
  EXPECT_EQ(doc.at_pointer("/catalog/groups/1/title").as_string(), "Audit and Accountability");
  boost::system::error_code ec;
  EXPECT_EQ(doc.find_pointer("/catalog/groups/1/controls", ec), nullptr);
}

// req-prune-keep: a loose param marked keep=always stays although nothing inserts it.
TEST(ResolveProfileKeepTest, KeepsALooseParamMarkedKeepAlways) {
  json::value source = testing::SampleCatalogJson();
  source.at_pointer("/catalog/params/1").as_object()["props"] =
      json::array{json::object{{"name", "keep"}, {"value", "always"}}};
  auto catalog = CatalogIndex::Build(std::move(source));
  ASSERT_TRUE(catalog) << catalog.error().message;
  auto resolved =
      ResolveProfile(json::parse(ProfileText(R"([{"href": "x", "include-controls": [
                         {"with-ids": ["au-1"]}]}])")),
                     [&](std::string_view) { return &*catalog; });
  ASSERT_TRUE(resolved) << resolved.error().message;
  EXPECT_THAT(ProfileResolverTest::MemberIds(resolved->catalog, "/catalog/params"),
              ElementsAre("loose-unused"));
}

TEST_F(ProfileResolverTest, FlatPromotesAnEnhancementWithoutItsParent) {
  const json::value doc = Resolved(kEnhancementAndAu9);
  EXPECT_THAT(TopIds(doc), ElementsAre("ac-2.1", "au-9"));
}

TEST_F(ProfileResolverTest, MatchesGlobPatterns) {
  const json::value doc = Resolved(
      R"([{"href": "sample.json", "include-controls": [{"matching": [{"pattern": "au-*"},
                                                                      {"pattern": "ac-2.?"}]}]}])");
  EXPECT_THAT(AllIds(doc), ElementsAre("ac-2.1", "ac-2.2", "au-1", "au-2", "au-9"));
  EXPECT_THAT(TopIds(doc), ElementsAre("ac-2.1", "ac-2.2", "au-1", "au-2", "au-9"));
}

// req-with-child-controls-yes: all descendants, not only the direct children.
TEST_F(ProfileResolverTest, WithChildControlsAddsAllDescendants) {
  const json::value doc = Resolved(R"([{"href": "sample.json", "include-controls": [
      {"with-ids": ["ac-2"], "with-child-controls": "yes"}]}])");
  EXPECT_THAT(TopIds(doc), ElementsAre("ac-2", "ac-2.1", "ac-2.2", "ac-2.2.1"));
  EXPECT_THAT(MemberIds(doc, "/catalog/params"), ElementsAre("ac-grp-p"));
  const json::value without =
      Resolved(R"([{"href": "sample.json", "include-controls": [{"with-ids": ["ac-2"]}]}])");
  EXPECT_THAT(AllIds(without), ElementsAre("ac-2"));
}

// req-exclude-additional: with-child-controls excludes all descendants as well.
TEST_F(ProfileResolverTest, ExcludesWithChildControls) {
  const json::value doc = Resolved(R"([{"href": "sample.json", "include-all": {},
      "exclude-controls": [{"with-ids": ["ac-2"], "with-child-controls": "yes"}]}])");
  EXPECT_THAT(TopIds(doc), ElementsAre("ac-1", "au-1", "au-2", "au-9", "mi-1"));
  const json::value matched = Resolved(R"([{"href": "sample.json", "include-controls": [
      {"matching": [{"pattern": "ac-2*"}], "with-child-controls": "no"}]}])");
  EXPECT_THAT(TopIds(matched), ElementsAre("ac-2", "ac-2.1", "ac-2.2", "ac-2.2.1"));
  EXPECT_THAT(MemberIds(doc, "/catalog/params"), ElementsAre("org-name"));
}

TEST_F(ProfileResolverTest, ExclusionPrevailsAndImpliesIncludeAll) {
  const json::value doc = Resolved(R"([{"href": "sample.json",
      "include-controls": [{"with-ids": ["ac-1", "ac-2"]}, {"matching": [{"pattern": "ac-*"}]}],
      "exclude-controls": [{"matching": [{"pattern": "ac-2*"}]}]}])");
  EXPECT_THAT(AllIds(doc), ElementsAre("ac-1"));
  const json::value only_exclude = Resolved(
      R"([{"href": "sample.json", "exclude-controls": [{"with-ids": ["au-1", "mi-1"]}]}])");
  EXPECT_THAT(AllIds(only_exclude),
              ElementsAre("ac-1", "ac-2", "ac-2.1", "ac-2.2", "ac-2.2.1", "au-2", "au-9"));
}

// req-include-by-match-empty: a matching without a pattern (or with "") matches nothing, and a
// selector with neither with-ids nor matching selects nothing; both are schema-valid, so they
// resolve, with a warning each.
TEST_F(ProfileResolverTest, SelectorsWithoutPatternOrIdsSelectNothing) {
  const json::value doc = Resolved(R"([{"href": "sample.json",
      "include-controls": [{"with-ids": ["ac-1", "au-1"]}, {}, {"matching": [{}, {"pattern": ""}]}],
      "exclude-controls": [{"matching": [{}]}, {"with-child-controls": "yes"}]}])");
  EXPECT_THAT(AllIds(doc), ElementsAre("ac-1", "au-1"));
  EXPECT_THAT(warnings_,
              ElementsAre("$.profile.imports[0].include-controls[1]: neither with-ids nor "
                          "matching, selects nothing",
                          "$.profile.imports[0].include-controls[2].matching[0]: no pattern, "
                          "matches nothing",
                          "$.profile.imports[0].include-controls[2].matching[1]: no pattern, "
                          "matches nothing",
                          "$.profile.imports[0].exclude-controls[0].matching[0]: no pattern, "
                          "matches nothing",
                          "$.profile.imports[0].exclude-controls[1]: neither with-ids nor "
                          "matching, selects nothing"));
  // An include-controls whose selectors select nothing includes nothing (not everything).
  const json::value none_plus_au2 = Resolved(R"([
      {"href": "sample.json", "include-controls": [{"matching": [{}]}]},
      {"href": "sample.json", "include-controls": [{"with-ids": ["au-2"]}]}])");
  EXPECT_THAT(AllIds(none_plus_au2), ElementsAre("au-2"));
}

TEST_F(ProfileResolverTest, AMisspeltSelectorMemberIsAnErrorNotAnEmptySelector) {
  // "with-id" for "with-ids" would otherwise be a selector that selects nothing: ac-2 would stay.
  EXPECT_EQ(ErrorOf(Resolve(R"([{"href": "sample.json", "exclude-controls": [{"with-id": ["ac-2"]}]}])")),
            "$.profile.imports[0].exclude-controls[0].with-id: not a member of an OSCAL control selector");
  EXPECT_EQ(ErrorOf(Resolve(R"([{"href": "sample.json", "include-controls": [{"matching": [{"patern": "ac-*"}]}]}])")),
            "$.profile.imports[0].include-controls[0].matching[0].patern: not a member of an OSCAL matching");
}

TEST_F(ProfileResolverTest, DanglingIdIsAnErrorWithItsPath) {
  EXPECT_EQ(ErrorOf(Resolve(R"([{"href": "sample.json", "include-controls": [
                {"with-ids": ["ac-1"]}, {"with-ids": ["ac-2", "ac-99"]}]}])")),
            "$.profile.imports[0].include-controls[1].with-ids[1]: dangling reference: "
            "'sample.json' has no control 'ac-99'");
  EXPECT_THAT(ErrorOf(Resolve(R"([{"href": "sample.json", "exclude-controls": [
                {"with-ids": ["zz-1"]}]}])")),
              StartsWith("$.profile.imports[0].exclude-controls[0].with-ids[0]: dangling"));
}

TEST_F(ProfileResolverTest, UnknownImportIsAnError) {
  EXPECT_EQ(ErrorOf(Resolve(R"([{"href": "sample.json"}, {"href": "missing.json"}])")),
            "$.profile.imports[1].href: unknown catalog 'missing.json'");
  EXPECT_THAT(ErrorOf(ResolveProfile(json::parse(ProfileText(kAll)), nullptr)),
              StartsWith("$.profile.imports[0].href: unknown catalog"));
}

const char kTwice[] =
    R"([{"href": "sample.json", "include-controls": [{"with-ids": ["ac-1", "au-1"]}]},
                          {"href": "IMPORT2", "include-controls": [{"with-ids": ["ac-1", "au-2"]}]}])";

std::string Twice(const std::string& second) {
  std::string s = kTwice;
  s.replace(s.find("IMPORT2"), 7, second);
  return s;
}

TEST_F(ProfileResolverTest, ClashingSelectionsNeedACombineMethod) {
  EXPECT_THAT(ErrorOf(Resolve(Twice("sample.json"))),
              StartsWith("$.profile.imports[1]: control 'ac-1' is also selected by "
                         "$.profile.imports[0]"));
  const json::value first =
      Resolved(Twice("sample.json"), R"(, "merge": {"combine": {"method": "use-first"}})");
  EXPECT_THAT(TopIds(first), ElementsAre("ac-1", "au-1", "au-2"));
  const json::value as_is = Resolved(
      Twice("sample.json"), R"(, "merge": {"combine": {"method": "use-first"}, "as-is": true})");
  EXPECT_THAT(AllIds(as_is), ElementsAre("ac-1", "au-1", "au-2"));
  EXPECT_THAT(MemberIds(as_is, "/catalog/groups"), ElementsAre("ac", "au"));
}

TEST_F(ProfileResolverTest, MergeCombinesRepresentationsFromDifferentCatalogs) {
  const json::value doc =
      Resolved(Twice("variant.json"), R"(, "merge": {"combine": {"method": "merge"}})");
  EXPECT_THAT(TopIds(doc), ElementsAre("ac-1", "au-1", "au-2"));
  const json::array& props = doc.at_pointer("/catalog/controls/0/props").as_array();
  ASSERT_EQ(props.size(), 8u);  // the seven of ac-1 plus the variant's one, not repeated
  EXPECT_EQ(props.back().at("value").as_string(), "variant");
}

TEST_F(ProfileResolverTest, FlatOrderFollowsImportOrder) {
  const json::value doc = Resolved(R"([
      {"href": "sample.json", "include-controls": [{"with-ids": ["au-2"]}]},
      {"href": "sample.json", "include-controls": [{"with-ids": ["ac-1"]}]}])");
  EXPECT_THAT(TopIds(doc), ElementsAre("au-2", "ac-1"));
}

TEST_F(ProfileResolverTest, ResolvingTwiceIsByteIdentical) {
  const std::string rest = R"(, "merge": {"as-is": true},
      "modify": {"set-parameters": [{"param-id": "ac-2_prm_1", "values": ["90 days"]}]})";
  const json::value a = Resolved(kAll, rest);
  const json::value b = Resolved(kAll, rest);
  EXPECT_EQ(CanonicalJson(a), CanonicalJson(b));
  const std::string uuid(a.at_pointer("/catalog/uuid").as_string());
  EXPECT_TRUE(
      std::regex_match(uuid, std::regex("[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-"
                                        "[0-9a-f]{12}")))
      << uuid;
  EXPECT_NE(uuid, testing::kProfileUuid);
  EXPECT_NE(uuid, sample_.uuid());
  const json::value other = Resolved(kAll);  // another profile, another uuid
  EXPECT_NE(other.at_pointer("/catalog/uuid").as_string(), uuid);
}

TEST_F(ProfileResolverTest, CustomMergeIsRejected) {
  EXPECT_THAT(ErrorOf(Resolve(kAll, R"(, "merge": {"custom": {"groups": []}})")),
              StartsWith("$.profile.merge.custom: custom grouping is not supported"));
}

struct BadProfile {
  const char* name;
  std::string text;
  const char* message_prefix;
};

class ProfileValidationTest : public ::testing::TestWithParam<BadProfile> {};

TEST_P(ProfileValidationTest, RejectsWithJsonPath) {
  EXPECT_THAT(ErrorOf(ValidateProfile(json::parse(GetParam().text))),
              StartsWith(GetParam().message_prefix));
}

INSTANTIATE_TEST_SUITE_P(
    Cases, ProfileValidationTest,
    ::testing::Values(
        BadProfile{"NotAnObject", "[]", "$: expected an object"},
        BadProfile{"NoProfile", "{}", "$.profile: missing"},
        BadProfile{"NoImports", R"({"profile": {"uuid": "5d0c1e2f-3a4b-4c5d-8e6f-7a8b9c0d1e2f",
            "metadata": {"title": "t", "last-modified": "2026-01-01T00:00:00Z", "version": "1",
                         "oscal-version": "1"}}})",
                   "$.profile.imports: missing"},
        BadProfile{"LastModifiedNotADate",
                   R"({"profile": {"uuid": "5d0c1e2f-3a4b-4c5d-8e6f-7a8b9c0d1e2f",
            "metadata": {"title": "t", "last-modified": "yesterday", "version": "1",
                         "oscal-version": "1"}, "imports": [{"href": "a"}]}})",
                   "$.profile.metadata.last-modified: 'yesterday' is not a date-time"},
        BadProfile{"UnknownProfileMember",
                   ProfileText(R"([{"href": "a"}])", R"(, "controls": [])"),
                   "$.profile.controls: not a member of an OSCAL profile"},
        BadProfile{"UnknownImportMember", ProfileText(R"([{"href": "a", "with-ids": ["x"]}])"),
                   "$.profile.imports[0].with-ids: not a member of an OSCAL import"},
        BadProfile{"SetParameterValueWhitespace",
                   ProfileText(R"([{"href": "a"}])", R"(, "modify": {"set-parameters": [
                       {"param-id": "p", "values": ["90 days "]}]})"),
                   "$.profile.modify.set-parameters[0].values[0]: '90 days ' is not a valid"},
        BadProfile{"SetParameterUnknownMember",
                   ProfileText(R"([{"href": "a"}])", R"(, "modify": {"set-parameters": [
                       {"param-id": "p", "value": "90"}]})"),
                   "$.profile.modify.set-parameters[0].value: not a member of an OSCAL"},
        BadProfile{"AddedPropEmptyValue",
                   ProfileText(R"([{"href": "a"}])", R"(, "modify": {"alters": [
                       {"control-id": "c", "adds": [{"props": [{"name": "n", "value": ""}]}]}]})"),
                   "$.profile.modify.alters[0].adds[0].props[0].value: '' is not a valid"},
        BadProfile{"AddedPartNsNotAUri",
                   ProfileText(R"([{"href": "a"}])", R"(, "modify": {"alters": [
                       {"control-id": "c", "adds": [{"parts": [{"name": "n", "ns": "qx"}]}]}]})"),
                   "$.profile.modify.alters[0].adds[0].parts[0].ns: 'qx' is not an absolute URI"},
        BadProfile{"UnknownAlterMember",
                   ProfileText(R"([{"href": "a"}])", R"(, "modify": {"alters": [
                       {"control-id": "c", "add": [{"title": "t"}]}]})"),
                   "$.profile.modify.alters[0].add: not a member of an OSCAL alter"},
        BadProfile{"UnknownMergeMember",
                   ProfileText(R"([{"href": "a"}])", R"(, "merge": {"asis": true})"),
                   "$.profile.merge.asis: not a member of an OSCAL merge"},
        BadProfile{"IncludeAllNotEmpty",
                   ProfileText(R"([{"href": "a", "include-all": {"with-child-controls": "yes"}}])"),
                   "$.profile.imports[0].include-all: must be an empty object"},
        BadProfile{"UnknownSelectMember",
                   ProfileText(R"([{"href": "a"}])", R"(, "modify": {"set-parameters": [
                       {"param-id": "p", "select": {"choices": ["a"]}}]})"),
                   "$.profile.modify.set-parameters[0].select.choices: not a member of an OSCAL select"},
        BadProfile{"RemoveByNsNotAUri",
                   ProfileText(R"([{"href": "a"}])", R"(, "modify": {"alters": [
                       {"control-id": "c", "removes": [{"by-ns": "qx"}]}]})"),
                   "$.profile.modify.alters[0].removes[0].by-ns: 'qx' is not an absolute URI"},
        BadProfile{"EmptyImports", ProfileText("[]"), "$.profile.imports: must not be empty"},
        BadProfile{"NoHref", ProfileText("[{}]"), "$.profile.imports[0].href: missing"},
        BadProfile{"AllAndControls", ProfileText(R"([{"href": "a", "include-all": {},
                                    "include-controls": [{"with-ids": ["x"]}]}])"),
                   "$.profile.imports[0]: give include-all or include-controls, not both"},
        BadProfile{"BadChildFlag", ProfileText(R"([{"href": "a", "include-controls": [
                                    {"with-ids": ["x"], "with-child-controls": "maybe"}]}])"),
                   "$.profile.imports[0].include-controls[0].with-child-controls: unsupported"},
        BadProfile{"BadWithId",
                   ProfileText(R"([{"href": "a", "include-controls": [{"with-ids": ["a b"]}]}])"),
                   "$.profile.imports[0].include-controls[0].with-ids[0]: 'a b' is not"},
        BadProfile{"PatternNotAString",
                   ProfileText(R"([{"href": "a", "exclude-controls": [{"matching": [
                       {"pattern": 7}]}]}])"),
                   "$.profile.imports[0].exclude-controls[0].matching[0].pattern: expected"},
        BadProfile{"AsIsNotBool",
                   ProfileText(R"([{"href": "a"}])", R"(, "merge": {"as-is": "yes"})"),
                   "$.profile.merge.as-is: expected a boolean"},
        BadProfile{"BadMethod",
                   ProfileText(R"([{"href": "a"}])", R"(, "merge": {"combine": {"method": "x"}})"),
                   "$.profile.merge.combine.method: unsupported value 'x'"},
        BadProfile{"ValuesAndSelect",
                   ProfileText(R"([{"href": "a"}])", R"(, "modify": {"set-parameters": [
                       {"param-id": "p", "values": ["1"], "select": {"choice": ["a"]}}]})"),
                   "$.profile.modify.set-parameters[0]: give values or select, not both"},
        BadProfile{"RemoveNothing", ProfileText(R"([{"href": "a"}])", R"(, "modify": {"alters": [
                       {"control-id": "c", "removes": [{}]}]})"),
                   "$.profile.modify.alters[0].removes[0]: removes nothing"},
        BadProfile{"AddNothing", ProfileText(R"([{"href": "a"}])", R"(, "modify": {"alters": [
                       {"control-id": "c", "adds": [{"position": "ending"}]}]})"),
                   "$.profile.modify.alters[0].adds[0]: adds nothing"},
        BadProfile{"BadPosition", ProfileText(R"([{"href": "a"}])", R"(, "modify": {"alters": [
                       {"control-id": "c", "adds": [{"position": "middle", "title": "t"}]}]})"),
                   "$.profile.modify.alters[0].adds[0].position: unsupported value 'middle'"},
        BadProfile{"AddedPartWithoutName",
                   ProfileText(R"([{"href": "a"}])", R"(, "modify": {"alters": [
                       {"control-id": "c", "adds": [{"parts": [{"id": "p"}]}]}]})"),
                   "$.profile.modify.alters[0].adds[0].parts[0].name: missing"}),
    [](const ::testing::TestParamInfo<BadProfile>& info) { return std::string(info.param.name); });

// Golden file: testdata/sample.profile.json (as-is, include/exclude, with-child-controls, glob,
// set-parameters, alters) resolved against the sample catalog. Review any change to it by eye.
TEST(ResolveProfileGoldenTest, MatchesTheGoldenResolvedCatalog) {
  auto catalog = CatalogIndex::Build(testing::ReadJson("sample.catalog.json"));
  ASSERT_TRUE(catalog) << catalog.error().message;
  auto resolved = ResolveProfile(testing::ReadJson("sample.profile.json"),
                                 [&](std::string_view href) -> const CatalogIndex* {
                                   return href == "sample.catalog.json" ? &*catalog : nullptr;
                                 });
  ASSERT_TRUE(resolved) << resolved.error().message;
  EXPECT_EQ(CanonicalJson(resolved->catalog),
            CanonicalJson(testing::ReadJson("sample.resolved.golden.json")));
  EXPECT_TRUE(resolved->warnings.empty());
}

// Resolution marks its working copy with qx-internal:* members; a catalog cannot smuggle them
// in, since OSCAL assemblies have no members beyond the schema's.
TEST(ResolveProfileInternalsTest, CatalogMembersNamedLikeInternalsAreRejected) {
  json::value doc = testing::SampleCatalogJson();
  doc.at_pointer("/catalog/groups/0/controls/0").as_object()["qx-internal:shell"] = true;
  EXPECT_EQ(testing::ErrorOf(CatalogIndex::Build(doc)),
            "$.catalog.groups[0].controls[0].qx-internal:shell: not a member of an OSCAL control");
  doc.at_pointer("/catalog/groups/0/controls/0").as_object().erase("qx-internal:shell");
  doc.at_pointer("/catalog/groups/1").as_object()["qx-internal:param-slot"] = 0;
  EXPECT_EQ(testing::ErrorOf(CatalogIndex::Build(doc)),
            "$.catalog.groups[1].qx-internal:param-slot: not a member of an OSCAL group");
  auto catalog = testing::SampleIndex();
  auto resolved = ResolveProfile(
      json::parse(ProfileText(kAll, R"(, "merge": {"as-is": true}, "modify": {"alters": [
          {"control-id": "ac-1", "adds": [{"title": "Altered"}]}]})")),
      [&](std::string_view) { return &catalog; });
  ASSERT_TRUE(resolved) << resolved.error().message;
  EXPECT_EQ(resolved->catalog.at_pointer("/catalog/groups/0/controls/0/title").as_string(),
            "Altered");
  EXPECT_EQ(CanonicalJson(resolved->catalog).find("qx-internal"), std::string::npos);
  EXPECT_THAT(ProfileResolverTest::MemberIds(resolved->catalog, "/catalog/params"),
              ElementsAre("org-name"));
}

TEST(ValidateProfileTest, ReturnsImportHrefsInOrder) {
  auto hrefs = ValidateProfile(json::parse(ProfileText(R"([{"href": "b.json"}, {"href": "#a"}])")));
  ASSERT_TRUE(hrefs) << hrefs.error().message;
  EXPECT_THAT(*hrefs, ElementsAre("b.json", "#a"));
}

}  // namespace
}  // namespace qx::oscal
