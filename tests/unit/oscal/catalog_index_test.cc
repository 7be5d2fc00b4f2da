#include "qx/oscal/catalog_index.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <functional>

#include "oscal_test_util.h"

namespace qx::oscal {
namespace {

namespace json = boost::json;
using ::testing::ElementsAre;
using testing::ErrorOf;
using testing::SampleCatalogJson;
using testing::SampleIndex;
using ::testing::StartsWith;

std::vector<std::string> Ids(const CatalogIndex& index) {
  std::vector<std::string> ids;
  for (const ControlInfo& c : index.controls()) ids.push_back(c.id);
  return ids;
}

TEST(CatalogIndexTest, IndexesEveryControlInDocumentOrder) {
  const CatalogIndex index = SampleIndex();
  EXPECT_EQ(index.uuid(), "2f7a9c3e-1b4d-4e8f-9a6b-0c1d2e3f4a5b");
  EXPECT_EQ(index.title(), "Sample Catalog");
  EXPECT_EQ(index.version(), "1.0");
  EXPECT_THAT(Ids(index), ElementsAre("ac-1", "ac-2", "ac-2.1", "ac-2.2", "ac-2.2.1", "au-1",
                                      "au-2", "au-9", "mi-1"));
}

TEST(CatalogIndexTest, RecordsPlaceOfNestedEnhancements) {
  const CatalogIndex index = SampleIndex();
  const ControlInfo* deep = index.Find("ac-2.2.1");
  ASSERT_NE(deep, nullptr);
  EXPECT_EQ(deep->parent_control, "ac-2.2");
  EXPECT_THAT(deep->group_path, ElementsAre("ac"));
  EXPECT_EQ(deep->json_path, "$.catalog.groups[0].controls[1].controls[1].controls[0]");
  EXPECT_EQ(deep->control_class, "enhancement");
  EXPECT_EQ(index.Find("ac-2.1")->parent_control, "ac-2");
  EXPECT_EQ(index.Find("ac-1")->parent_control, "");
  EXPECT_THAT(index.Find("au-9")->group_path, ElementsAre("au", "au-x"));
  EXPECT_THAT(index.Find("mi-1")->group_path, ElementsAre("Miscellaneous"));  // no id: title
  EXPECT_EQ(index.Find("nope"), nullptr);
}

TEST(CatalogIndexTest, ParsesParamsWithSelectAndValues) {
  const CatalogIndex index = SampleIndex();
  const ControlInfo* ac1 = index.Find("ac-1");
  ASSERT_EQ(ac1->params.size(), 1u);
  EXPECT_EQ(ac1->params[0].id, "ac-1_prm_1");
  EXPECT_EQ(ac1->params[0].label, "policy level");
  EXPECT_EQ(ac1->params[0].how_many, "one-or-more");
  EXPECT_THAT(ac1->params[0].choices,
              ElementsAre("organization-level", "mission-level",
                          "system-level for {{ insert: param, org-name }}"));
  const ControlInfo* ac2 = index.Find("ac-2");
  ASSERT_EQ(ac2->params.size(), 1u);
  EXPECT_THAT(ac2->params[0].values, ElementsAre("30 days"));
  EXPECT_EQ(ac2->params[0].how_many, "");
  for (const char* id : {"org-name", "loose-unused", "ac-grp-p", "ac-1_prm_1", "ac-2.2_prm_1"}) {
    EXPECT_TRUE(index.HasParam(id)) << id;
  }
  EXPECT_FALSE(index.HasParam("ac-1"));
}

TEST(CatalogIndexTest, FlattensPartsDepthFirst) {
  const CatalogIndex index = SampleIndex();
  const ControlInfo* ac1 = index.Find("ac-1");
  std::vector<std::string> ids;
  for (const PartText& p : ac1->parts) ids.push_back(p.id + "/" + p.name);
  EXPECT_THAT(ids, ElementsAre("ac-1_smt/statement", "ac-1_smt.a/item", "ac-1_smt.b/item",
                               "ac-1_gdn/guidance"));
  EXPECT_EQ(ac1->parts[0].prose,
            "Develop an access control policy at {{ insert: param, ac-1_prm_1 }}.");
  ASSERT_EQ(index.Find("au-1")->parts.size(), 1u);
  EXPECT_EQ(index.Find("au-1")->parts[0].id, "");  // part ids are optional
}

TEST(CatalogIndexTest, ReadsApplicabilityProps) {
  const CatalogIndex index = SampleIndex();
  const Applicability& a = index.Find("ac-1")->applicability;
  EXPECT_THAT(a.sectors, ElementsAre("energy", "finance"));
  EXPECT_THAT(a.categories, ElementsAre(1, 2));
  EXPECT_EQ(a.min_security_level, 2);
  EXPECT_THAT(a.machine_checks, ElementsAre("ssh-root-login"));
  const Applicability& none = index.Find("ac-2")->applicability;
  EXPECT_TRUE(none.sectors.empty());
  EXPECT_FALSE(none.min_security_level.has_value());
}

TEST(CatalogIndexTest, FindsGroupsAndControlObjects) {
  const CatalogIndex index = SampleIndex();
  EXPECT_TRUE(index.HasGroup("au-x"));
  EXPECT_FALSE(index.HasGroup("Miscellaneous"));
  const json::object* obj = index.ControlObject("ac-2.2.1");
  ASSERT_NE(obj, nullptr);
  EXPECT_EQ(obj->at("title").as_string(), "Notify on Removal");
  EXPECT_EQ(index.ControlObject("missing"), nullptr);
  const CatalogIndex copy = index;  // locators survive a copy
  EXPECT_EQ(copy.ControlObject("au-9")->at("title").as_string(), "Protection of Audit Information");
}

struct BadCase {
  const char* name;
  std::function<void(json::value&)> mutate;
  const char* message_prefix;
};

class CatalogIndexBadInputTest : public ::testing::TestWithParam<BadCase> {};

TEST_P(CatalogIndexBadInputTest, RejectsWithJsonPath) {
  json::value doc = SampleCatalogJson();
  GetParam().mutate(doc);
  EXPECT_THAT(ErrorOf(CatalogIndex::Build(std::move(doc))), StartsWith(GetParam().message_prefix));
}

const char* kQx = "https://qalxan.gov.az/ns/oscal";

INSTANTIATE_TEST_SUITE_P(
    Cases, CatalogIndexBadInputTest,
    ::testing::Values(
        BadCase{"NotAnObject", [](json::value& d) { d = json::array{1, 2}; },
                "$: expected an object"},
        BadCase{"NoCatalog", [](json::value& d) { d = json::object{}; }, "$.catalog: missing"},
        BadCase{"CatalogWrongType", [](json::value& d) { d.at_pointer("/catalog") = 7; },
                "$.catalog: expected an object, got a number"},
        BadCase{"NoUuid", [](json::value& d) { d.at_pointer("/catalog").as_object().erase("uuid"); },
                "$.catalog.uuid: missing"},
        BadCase{"BadUuid", [](json::value& d) { d.at_pointer("/catalog/uuid") = "1234"; },
                "$.catalog.uuid: '1234' is not"},
        BadCase{"NoMetadata",
                [](json::value& d) { d.at_pointer("/catalog").as_object().erase("metadata"); },
                "$.catalog.metadata: missing"},
        BadCase{"NoTitle",
                [](json::value& d) { d.at_pointer("/catalog/metadata").as_object().erase("title"); },
                "$.catalog.metadata.title: missing"},
        BadCase{"TitleWrongType", [](json::value& d) { d.at_pointer("/catalog/metadata/title") = 1; },
                "$.catalog.metadata.title: expected a string, got a number"},
        BadCase{"GroupsWrongType", [](json::value& d) { d.at_pointer("/catalog/groups") = "x"; },
                "$.catalog.groups: expected an array, got a string"},
        BadCase{"ControlWrongType",
                [](json::value& d) { d.at_pointer("/catalog/groups/1/controls/1") = true; },
                "$.catalog.groups[1].controls[1]: expected an object, got a boolean"},
        BadCase{"ControlWithoutId",
                [](json::value& d) {
                  d.at_pointer("/catalog/groups/0/controls/1").as_object().erase("id");
                },
                "$.catalog.groups[0].controls[1].id: missing"},
        BadCase{"ControlWithoutTitle",
                [](json::value& d) {
                  d.at_pointer("/catalog/groups/1/controls/0").as_object().erase("title");
                },
                "$.catalog.groups[1].controls[0].title: missing"},
        BadCase{"IdSyntax",
                [](json::value& d) { d.at_pointer("/catalog/groups/0/controls/0/id") = "1ac"; },
                "$.catalog.groups[0].controls[0].id: '1ac' is not a valid OSCAL token"},
        BadCase{"IdWithSpace",
                [](json::value& d) { d.at_pointer("/catalog/groups/1/id") = "a u"; },
                "$.catalog.groups[1].id: 'a u' is not a valid OSCAL token"},
        BadCase{"DuplicateAcrossGroups",
                [](json::value& d) { d.at_pointer("/catalog/groups/1/controls/0/id") = "ac-1"; },
                "$.catalog.groups[1].controls[0].id: duplicate id 'ac-1'"},
        BadCase{"DuplicateInEnhancement",
                [](json::value& d) {
                  d.at_pointer("/catalog/groups/0/controls/1/controls/1/controls/0/id") = "ac-2";
                },
                "$.catalog.groups[0].controls[1].controls[1].controls[0].id: duplicate id 'ac-2'"},
        BadCase{"DuplicateGroupAndControl",
                [](json::value& d) { d.at_pointer("/catalog/groups/2/controls/0/id") = "au"; },
                "$.catalog.groups[2].controls[0].id: duplicate id 'au'"},
        BadCase{"DuplicatePart",
                [](json::value& d) {
                  d.at_pointer("/catalog/groups/0/controls/0/parts/1/id") = "ac-1_smt.a";
                },
                "$.catalog.groups[0].controls[0].parts[1].id: duplicate id 'ac-1_smt.a'"},
        BadCase{"DuplicateParam",
                [](json::value& d) {
                  d.at_pointer("/catalog/groups/0/controls/1/params/0/id") = "org-name";
                },
                "$.catalog.groups[0].controls[1].params[0].id: duplicate param id 'org-name'"},
        BadCase{"InsertOfUnknownParam",
                [](json::value& d) {
                  d.at_pointer("/catalog/groups/0/controls/0/parts/1/prose") =
                      "See {{ insert: param, nope }}.";
                },
                "$.catalog.groups[0].controls[0].parts[1].prose: insert of unknown param 'nope'"},
        BadCase{"InsertInChoiceOfUnknownParam",
                [](json::value& d) {
                  d.at_pointer("/catalog/groups/0/controls/0/params/0/select/choice/0") =
                      "{{ insert: param, gone }}";
                },
                "$.catalog.groups[0].controls[0].params[0].select.choice[0]: insert of unknown "
                "param 'gone'"},
        BadCase{"MalformedInsert",
                [](json::value& d) {
                  d.at_pointer("/catalog/groups/1/controls/0/parts/0/prose") =
                      "{{ insert: param, x";
                },
                "$.catalog.groups[1].controls[0].parts[0].prose: malformed"},
        BadCase{"CiiCategoryFour",
                [](json::value& d) { d.at_pointer("/catalog/groups/0/controls/0/props/3/value") = "4"; },
                "$.catalog.groups[0].controls[0].props[3].value: cii-category must be 1, 2 or 3"},
        BadCase{"SecurityLevelZero",
                [](json::value& d) { d.at_pointer("/catalog/groups/0/controls/0/props/5/value") = "0"; },
                "$.catalog.groups[0].controls[0].props[5].value: iec62443-sl must be 1 to 4"},
        BadCase{"SecurityLevelTwice",
                [](json::value& d) {
                  d.at_pointer("/catalog/groups/0/controls/0/props").as_array().push_back(
                      json::object{{"name", "iec62443-sl"}, {"ns", kQx}, {"value", "3"}});
                },
                "$.catalog.groups[0].controls[0].props[7]: iec62443-sl given more than once"},
        BadCase{"UnknownQalxanProp",
                [](json::value& d) { d.at_pointer("/catalog/groups/0/controls/0/props/1/name") = "sectr"; },
                "$.catalog.groups[0].controls[0].props[1].name: unknown Qalxan prop 'sectr'"},
        BadCase{"PropWithoutValue",
                [](json::value& d) {
                  d.at_pointer("/catalog/groups/0/controls/1/props/0").as_object().erase("value");
                },
                "$.catalog.groups[0].controls[1].props[0].value: missing"},
        BadCase{"BadHowMany",
                [](json::value& d) {
                  d.at_pointer("/catalog/groups/0/controls/0/params/0/select/how-many") = "many";
                },
                "$.catalog.groups[0].controls[0].params[0].select.how-many: must be"},
        BadCase{"PartWithoutName",
                [](json::value& d) {
                  d.at_pointer("/catalog/groups/0/controls/0/parts/0/parts/1").as_object().erase("name");
                },
                "$.catalog.groups[0].controls[0].parts[0].parts[1].name: missing"},
        BadCase{"GroupInsideControl",
                [](json::value& d) {
                  d.at_pointer("/catalog/groups/1/controls/1").as_object()["groups"] =
                      json::array{json::object{{"title", "x"}}};
                },
                "$.catalog.groups[1].controls[1].groups: not a member of an OSCAL control"},
        BadCase{"BackMatterUuid",
                [](json::value& d) { d.at_pointer("/catalog/back-matter/resources/1/uuid") = "x"; },
                "$.catalog.back-matter.resources[1].uuid: 'x' is not a uuid"},
        // Datatypes of the OSCAL 1.1.2 JSON schema.
        BadCase{"LastModifiedNotADate",
                [](json::value& d) { d.at_pointer("/catalog/metadata/last-modified") = "yesterday"; },
                "$.catalog.metadata.last-modified: 'yesterday' is not a date-time with a time zone"},
        BadCase{"LastModifiedWithoutZone",
                [](json::value& d) {
                  d.at_pointer("/catalog/metadata/last-modified") = "2026-11-27T22:00:00";
                },
                "$.catalog.metadata.last-modified: '2026-11-27T22:00:00' is not"},
        BadCase{"LastModifiedFebruary30",
                [](json::value& d) {
                  d.at_pointer("/catalog/metadata/last-modified") = "2026-02-30T00:00:00Z";
                },
                "$.catalog.metadata.last-modified: '2026-02-30T00:00:00Z' is not"},
        BadCase{"LastModifiedFebruary29NotLeap",
                [](json::value& d) {
                  d.at_pointer("/catalog/metadata/last-modified") = "2100-02-29T00:00:00Z";
                },
                "$.catalog.metadata.last-modified: '2100-02-29T00:00:00Z' is not"},
        BadCase{"LastModifiedTrailingNewline",
                [](json::value& d) {
                  d.at_pointer("/catalog/metadata/last-modified") = "2026-11-27T22:00:00Z\n";
                },
                "$.catalog.metadata.last-modified: '2026-11-27T22:00:00Z\n' is not"},
        BadCase{"PublishedOffsetOutOfRange",
                [](json::value& d) {
                  d.at_pointer("/catalog/metadata").as_object()["published"] =
                      "2026-11-27T22:00:00+15:00";
                },
                "$.catalog.metadata.published: '2026-11-27T22:00:00+15:00' is not"},
        BadCase{"RevisionLastModified",
                [](json::value& d) {
                  d.at_pointer("/catalog/metadata").as_object()["revisions"] = json::array{
                      json::object{{"version", "0.9"}, {"last-modified", "2026-13-01T00:00:00Z"}}};
                },
                "$.catalog.metadata.revisions[0].last-modified: '2026-13-01T00:00:00Z' is not"},
        BadCase{"VersionEmpty",
                [](json::value& d) { d.at_pointer("/catalog/metadata/version") = ""; },
                "$.catalog.metadata.version: '' is not a valid OSCAL string"},
        BadCase{"PropValueEmpty",
                [](json::value& d) { d.at_pointer("/catalog/groups/0/controls/0/props/0/value") = ""; },
                "$.catalog.groups[0].controls[0].props[0].value: '' is not a valid OSCAL string"},
        BadCase{"PropValueTrailingSpace",
                [](json::value& d) {
                  d.at_pointer("/catalog/groups/0/controls/0/props/0/value") = "AC-1 ";
                },
                "$.catalog.groups[0].controls[0].props[0].value: 'AC-1 ' is not a valid OSCAL"},
        BadCase{"MetadataPropValueLeadingTab",
                [](json::value& d) {
                  d.at_pointer("/catalog/metadata").as_object()["props"] =
                      json::array{json::object{{"name", "keywords"}, {"value", "\tenergy"}}};
                },
                "$.catalog.metadata.props[0].value: '\tenergy' is not a valid OSCAL string"},
        BadCase{"ParamValueLeadingSpace",
                [](json::value& d) {
                  d.at_pointer("/catalog/groups/0/controls/0/params/0").as_object().erase("select");
                  d.at_pointer("/catalog/groups/0/controls/0/params/0").as_object()["values"] =
                      json::array{"90 days", " 30 days"};
                },
                "$.catalog.groups[0].controls[0].params[0].values[1]: ' 30 days' is not a valid"},
        BadCase{"PropNsNotAUri",
                [](json::value& d) { d.at_pointer("/catalog/groups/0/controls/0/props/1/ns") = "qalxan"; },
                "$.catalog.groups[0].controls[0].props[1].ns: 'qalxan' is not an absolute URI"},
        BadCase{"PartNsNotAUri",
                [](json::value& d) {
                  d.at_pointer("/catalog/groups/0/controls/0/parts/0").as_object()["ns"] = "x:";
                },
                "$.catalog.groups[0].controls[0].parts[0].ns: 'x:' is not an absolute URI"},
        BadCase{"TokenWithNoBreakSpace",
                [](json::value& d) { d.at_pointer("/catalog/groups/0/controls/0/id") = "ac\u00a01"; },
                "$.catalog.groups[0].controls[0].id: 'ac\u00a01' is not a valid OSCAL token"},
        BadCase{"TokenWithEmDash",
                [](json::value& d) { d.at_pointer("/catalog/groups/0/controls/0/id") = "ac\u20141"; },
                "$.catalog.groups[0].controls[0].id: 'ac\u20141' is not a valid OSCAL token"},
        BadCase{"TokenWithEmoji",
                [](json::value& d) {
                  d.at_pointer("/catalog/groups/0/controls/0/props/0/name") = "\U0001F512lock";
                },
                "$.catalog.groups[0].controls[0].props[0].name: '\U0001F512lock' is not a valid"},
        BadCase{"TokenStartingWithADigit",
                [](json::value& d) { d.at_pointer("/catalog/groups/0/id") = "1ac"; },
                "$.catalog.groups[0].id: '1ac' is not a valid OSCAL token"},
        // Arrays have minItems 1.
        BadCase{"EmptyGroups",
                [](json::value& d) { d.at_pointer("/catalog/groups/1/groups") = json::array{}; },
                "$.catalog.groups[1].groups: must not be empty"},
        BadCase{"EmptyControls",
                [](json::value& d) { d.at_pointer("/catalog/groups/2/controls") = json::array{}; },
                "$.catalog.groups[2].controls: must not be empty"},
        BadCase{"EmptyProps",
                [](json::value& d) { d.at_pointer("/catalog/groups/0/controls/0/props") = json::array{}; },
                "$.catalog.groups[0].controls[0].props: must not be empty"},
        BadCase{"EmptyChoices",
                [](json::value& d) {
                  d.at_pointer("/catalog/groups/0/controls/0/params/0/select/choice") = json::array{};
                },
                "$.catalog.groups[0].controls[0].params[0].select.choice: must not be empty"},
        BadCase{"EmptyValues",
                [](json::value& d) {
                  d.at_pointer("/catalog/groups/0/controls/0/params/0").as_object()["values"] =
                      json::array{};
                },
                "$.catalog.groups[0].controls[0].params[0].values: must not be empty"},
        BadCase{"EmptyResources",
                [](json::value& d) { d.at_pointer("/catalog/back-matter/resources") = json::array{}; },
                "$.catalog.back-matter.resources: must not be empty"},
        // Every OSCAL assembly has "additionalProperties": false.
        BadCase{"UnknownCatalogMember",
                [](json::value& d) { d.at_pointer("/catalog").as_object()["controlz"] = json::array{}; },
                "$.catalog.controlz: not a member of an OSCAL catalog"},
        BadCase{"UnknownMetadataMember",
                [](json::value& d) { d.at_pointer("/catalog/metadata").as_object()["author"] = "me"; },
                "$.catalog.metadata.author: not a member of an OSCAL metadata"},
        BadCase{"UnknownGroupMember",
                [](json::value& d) { d.at_pointer("/catalog/groups/1").as_object()["prose"] = "x"; },
                "$.catalog.groups[1].prose: not a member of an OSCAL group"},
        BadCase{"UnknownControlMember",
                [](json::value& d) {
                  d.at_pointer("/catalog/groups/0/controls/0").as_object()["x-vendor"] =
                      json::object{{"a", 1}};
                },
                "$.catalog.groups[0].controls[0].x-vendor: not a member of an OSCAL control"},
        BadCase{"UnknownParamMember",
                [](json::value& d) {
                  d.at_pointer("/catalog/groups/0/controls/0/params/0").as_object()["value"] = "x";
                },
                "$.catalog.groups[0].controls[0].params[0].value: not a member of an OSCAL param"},
        BadCase{"UnknownPartMember",
                [](json::value& d) {
                  d.at_pointer("/catalog/groups/0/controls/0/parts/1").as_object()["text"] = "x";
                },
                "$.catalog.groups[0].controls[0].parts[1].text: not a member of an OSCAL part"},
        BadCase{"UnknownPropMember",
                [](json::value& d) {
                  d.at_pointer("/catalog/groups/0/controls/0/props/0").as_object()["values"] = "x";
                },
                "$.catalog.groups[0].controls[0].props[0].values: not a member of an OSCAL prop"},
        BadCase{"UnknownLinkMember",
                [](json::value& d) {
                  d.at_pointer("/catalog/groups/0/controls/0/links/0").as_object()["title"] = "x";
                },
                "$.catalog.groups[0].controls[0].links[0].title: not a member of an OSCAL link"},
        BadCase{"UnknownResourceMember",
                [](json::value& d) {
                  d.at_pointer("/catalog/back-matter/resources/0").as_object()["href"] = "x";
                },
                "$.catalog.back-matter.resources[0].href: not a member of an OSCAL resource"}),
    [](const ::testing::TestParamInfo<BadCase>& info) { return std::string(info.param.name); });

// A catalog whose groups nest `levels` deep, one control in the innermost group.
json::value NestedCatalog(int levels) {
  json::value doc = SampleCatalogJson();
  json::object& catalog = doc.at("catalog").as_object();
  catalog.erase("groups");
  catalog.erase("params");
  json::object inner{{"id", "leaf"}, {"title", "Leaf"}};
  json::object group{{"title", "g"}, {"controls", json::array{inner}}};
  for (int i = 1; i < levels; ++i) {
    group = json::object{{"title", "g"}, {"groups", json::array{std::move(group)}}};
  }
  catalog["groups"] = json::array{std::move(group)};
  return doc;
}

TEST(CatalogIndexTest, AcceptsThirtyOneNestedGroupsAroundAControl) {
  auto index = CatalogIndex::Build(NestedCatalog(31));  // 31 groups + the control = 32 levels
  ASSERT_TRUE(index) << index.error().message;
  EXPECT_EQ(index->Find("leaf")->group_path.size(), 31u);
}

TEST(CatalogIndexTest, RejectsNestingDeeperThanThirtyTwoLevels) {
  const std::string message = ErrorOf(CatalogIndex::Build(NestedCatalog(32)));
  EXPECT_THAT(message, ::testing::HasSubstr("controls[0]: nested more than 32 levels deep"));
  EXPECT_THAT(message, StartsWith("$.catalog.groups[0].groups[0]."));
}

TEST(CatalogIndexTest, AcceptsHugeArrays) {
  json::value doc = SampleCatalogJson();
  json::array controls;
  for (int i = 0; i < 20000; ++i) {
    controls.push_back(json::object{{"id", "bulk-" + std::to_string(i)}, {"title", "Bulk"}});
  }
  doc.at_pointer("/catalog/groups/2").as_object()["controls"] = std::move(controls);
  auto index = CatalogIndex::Build(std::move(doc));
  ASSERT_TRUE(index) << index.error().message;
  EXPECT_EQ(index->controls().size(), 8u + 20000u);
  EXPECT_NE(index->Find("bulk-19999"), nullptr);
}

TEST(CatalogIndexTest, AcceptsTheSchemaDatatypesInFull) {
  json::value doc = SampleCatalogJson();
  json::object& metadata = doc.at_pointer("/catalog/metadata").as_object();
  metadata["last-modified"] = "2024-02-29T23:59:59.123456+05:45";  // leap day, Nepal's offset
  metadata["published"] = "2000-02-29T00:00:00-03:30";
  metadata["revisions"] = json::array{json::object{{"version", "0.9"}, {"published", "1999-12-31T23:59:59Z"}}};
  metadata["props"] = json::array{json::object{
      {"name", "keywords"}, {"ns", "urn:qalxan:test"}, {"value", "energy, finance"}, {"group", "k"}}};
  json::object& control = doc.at_pointer("/catalog/groups/0/controls/0").as_object();
  control["id"] = "\u0259m\u0259liyyat-\u0661";  // "əməliyyat-١": Azerbaijani letters, an Arabic-Indic digit
  control["class"] = "\u0442\u0440\u0435\u0431\u043e\u0432\u0430\u043d\u0438\u0435_2";  // Cyrillic
  control["props"].as_array()[0].as_object()["value"] = "a  b";  // inner whitespace is fine
  // A long non-ASCII token is a token too (the matcher must not run out of stack on it).
  std::string long_token;
  for (int i = 0; i < 100000; ++i) long_token += "\u0259";
  control["props"].as_array()[0].as_object()["name"] = long_token;
  auto index = CatalogIndex::Build(std::move(doc));
  ASSERT_TRUE(index) << index.error().message.substr(0, 200);
  EXPECT_NE(index->Find("\u0259m\u0259liyyat-\u0661"), nullptr);
}

// A version stored before the schema's checks came is read as it was stored (BuildStored): a
// date-time without a zone, a vendor member, an empty array, a padded value, a token with a
// no-break space. Import (Build) still refuses each, also right after a stored read.
TEST(CatalogIndexTest, AStoredDocumentIsNotHeldToSchemaChecksThatPostdateIt) {
  json::value doc = SampleCatalogJson();
  doc.at_pointer("/catalog/metadata").as_object()["last-modified"] = "2025-06-01T00:00:00";
  json::object& control = doc.at_pointer("/catalog/groups/0/controls/0").as_object();
  control["x-vendor"] = "kept";
  control["links"] = json::array{};
  control["props"].as_array()[0].as_object()["value"] = "padded ";
  control["class"] = "a\u00a0b";
  EXPECT_FALSE(CatalogIndex::Build(doc));
  auto stored = CatalogIndex::BuildStored(doc);
  ASSERT_TRUE(stored) << stored.error().message;
  EXPECT_NE(stored->Find(std::string(control.at("id").as_string())), nullptr);
  EXPECT_EQ(testing::ErrorOf(CatalogIndex::Build(doc)),
            "$.catalog.metadata.last-modified: '2025-06-01T00:00:00' is not a date-time with a time zone, such as "
            "2026-11-27T22:00:00Z");
  // Structure and ids are still checked.
  json::value nested = doc;
  nested.at_pointer("/catalog/groups/0/controls/0").as_object()["groups"] =
      json::array{json::object{{"id", "g-in-control"}, {"title", "Not here"}}};
  EXPECT_EQ(testing::ErrorOf(CatalogIndex::BuildStored(nested)),
            "$.catalog.groups[0].controls[0].groups[0]: a control cannot contain groups");
  control["id"] = 7;
  EXPECT_FALSE(CatalogIndex::BuildStored(doc));
}

}  // namespace
}  // namespace qx::oscal
