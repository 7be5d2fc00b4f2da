// Profile resolution: the modify phase (set-parameters, alters with adds and removes).
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "profile_test_util.h"

namespace qx::oscal {
namespace {

namespace json = boost::json;
using ::testing::ElementsAre;
using testing::ErrorOf;
using ::testing::IsEmpty;
using testing::ProfileResolverTest;
using ::testing::StartsWith;

const char kAll[] = R"([{"href": "sample.json", "include-all": {}}])";

std::string Modify(const std::string& body) { return R"(, "modify": )" + body; }

// The control `id` of a resolved document (flat), via a fresh index.
json::object ControlOf(const json::value& doc, std::string_view id) {
  auto index = CatalogIndex::Build(doc);
  EXPECT_TRUE(index) << index.error().message;
  const json::object* c = index ? index->ControlObject(id) : nullptr;
  return c == nullptr ? json::object() : *c;
}

std::vector<std::string> Names(const json::object& o, std::string_view key,
                               std::string_view field) {
  std::vector<std::string> out;
  const json::value* items = o.if_contains(key);
  if (items == nullptr) return out;
  for (const json::value& v : items->as_array()) {
    const json::value* f = v.as_object().if_contains(field);
    out.emplace_back(f == nullptr ? "" : std::string(f->as_string()));
  }
  return out;
}

TEST_F(ProfileResolverTest, SetParametersReplaceValuesSelectAndLabel) {
  const json::value doc = Resolved(kAll, Modify(R"({"set-parameters": [
      {"param-id": "ac-2_prm_1", "values": ["90 days"], "label": "period",
       "props": [{"name": "origin", "value": "profile"}]},
      {"param-id": "ac-1_prm_1", "values": ["organization-level"]},
      {"param-id": "ac-2.2_prm_1", "select": {"choice": ["8 hours", "24 hours"]}},
      {"param-id": "ac-grp-p", "label": "the board"},
      {"param-id": "ac-2_prm_1", "guidelines": [{"prose": "Shorter is better."}]}]})"));
  const json::object ac2 = ControlOf(doc, "ac-2");
  const json::object& p2 = ac2.at("params").as_array()[0].as_object();
  EXPECT_EQ(p2.at("values"), (json::array{"90 days"}));
  EXPECT_EQ(p2.at("label").as_string(), "period");
  EXPECT_EQ(p2.at("props").as_array().size(), 1u);
  EXPECT_EQ(p2.at("guidelines").as_array().size(), 1u);  // later sets apply too, in order
  const json::object ac1 = ControlOf(doc, "ac-1");
  const json::object& p1 = ac1.at("params").as_array()[0].as_object();
  EXPECT_EQ(p1.at("values"), (json::array{"organization-level"}));
  EXPECT_FALSE(p1.contains("select"));  // values replace select
  const json::object ac22 = ControlOf(doc, "ac-2.2");
  const json::object& p22 = ac22.at("params").as_array()[0].as_object();
  EXPECT_EQ(p22.at("select").at("choice"), (json::array{"8 hours", "24 hours"}));
  EXPECT_FALSE(p22.contains("values"));
  // A loose param is set as well before it is placed; org-name was inserted only by the select
  // that the values replaced, so it is no longer carried.
  EXPECT_THAT(MemberIds(doc, "/catalog/params"), ElementsAre("ac-grp-p"));
  EXPECT_EQ(doc.at_pointer("/catalog/params/0/label").as_string(), "the board");
}

// req-modify-set-param-warning / req-modify-set-param-id-ignore: a set-parameter whose param is
// not found warns, and processing continues (the later set still applies).
TEST_F(ProfileResolverTest, SetParameterOfUnknownParamWarnsAndContinues) {
  const json::value doc = Resolved(kAll, Modify(R"({"set-parameters": [
      {"param-id": "nope", "values": ["1"]}, {"param-id": "ac-2_prm_1", "values": ["2"]}]})"));
  EXPECT_EQ(ControlOf(doc, "ac-2").at("params").as_array()[0].at("values"), (json::array{"2"}));
  EXPECT_THAT(warnings_, ElementsAre("$.profile.modify.set-parameters[0].param-id: no included "
                                     "param 'nope'; the set-parameter is ignored"));
}

// req-prune-modify: a loose param that a set-parameter names is kept although nothing inserts it.
TEST_F(ProfileResolverTest, SetParameterKeepsTheLooseParamItNames) {
  const json::value doc = Resolved(kAll, Modify(R"({"set-parameters": [
      {"param-id": "loose-unused", "values": ["set"]}]})"));
  EXPECT_THAT(MemberIds(doc, "/catalog/params"), ElementsAre("org-name", "loose-unused", "ac-grp-p"));
}

TEST_F(ProfileResolverTest, AddsToTheControlAtStartAndEnd) {
  const json::value doc = Resolved(kAll, Modify(R"({"alters": [{"control-id": "ac-1", "adds": [
      {"position": "starting", "props": [{"name": "priority", "value": "P1"}]},
      {"props": [{"name": "last", "value": "z"}],
       "parts": [{"id": "ac-1_gdn2", "name": "guidance", "prose": "More."}]},
      {"position": "before", "links": [{"href": "https://example.org/first"}]},
      {"title": "Access Policy"}]}]})"));
  const json::object ac1 = ControlOf(doc, "ac-1");
  const std::vector<std::string> props = Names(ac1, "props", "name");
  ASSERT_EQ(props.size(), 9u);
  EXPECT_EQ(props.front(), "priority");
  EXPECT_EQ(props.back(), "last");
  EXPECT_THAT(Names(ac1, "parts", "id"), ElementsAre("ac-1_smt", "ac-1_gdn", "ac-1_gdn2"));
  EXPECT_THAT(Names(ac1, "links", "href"),
              ElementsAre("https://example.org/first", "#6a1f0f9e-2c3b-4d5e-8f70-112233445566"));
  EXPECT_EQ(ac1.at("title").as_string(), "Access Policy");
}

TEST_F(ProfileResolverTest, AddsAroundAndInsideATargetPart) {
  const json::value doc = Resolved(kAll, Modify(R"({"alters": [{"control-id": "ac-1", "adds": [
      {"position": "after", "by-id": "ac-1_smt.a",
       "parts": [{"id": "ac-1_smt.a2", "name": "item", "prose": "After a."}],
       "props": [{"name": "note", "value": "x"}]},
      {"position": "before", "by-id": "ac-1_smt.a",
       "parts": [{"id": "ac-1_smt.0", "name": "item", "prose": "Before a."}]},
      {"position": "starting", "by-id": "ac-1_smt.b",
       "parts": [{"id": "ac-1_smt.b1", "name": "item", "prose": "Inside b."}]},
      {"position": "ending", "by-id": "ac-1_gdn", "title": "Guidance",
       "props": [{"name": "tag", "value": "g"}]},
      {"position": "ending", "by-id": "ac-1_prm_1", "props": [{"name": "unit", "value": "level"}]}
  ]}]})"));
  const json::object ac1 = ControlOf(doc, "ac-1");
  const json::object& smt = ac1.at("parts").as_array()[0].as_object();
  EXPECT_THAT(Names(smt, "parts", "id"),
              ElementsAre("ac-1_smt.0", "ac-1_smt.a", "ac-1_smt.a2", "ac-1_smt.b"));
  EXPECT_THAT(Names(smt, "props", "name"), ElementsAre("note"));  // beside a part: on its parent
  const json::object& b = smt.at("parts").as_array()[3].as_object();
  EXPECT_THAT(Names(b, "parts", "id"), ElementsAre("ac-1_smt.b1"));
  const json::object& gdn = ac1.at("parts").as_array()[1].as_object();
  EXPECT_EQ(gdn.at("title").as_string(), "Guidance");
  EXPECT_THAT(Names(gdn, "props", "name"), ElementsAre("tag"));
  EXPECT_THAT(Names(ac1.at("params").as_array()[0].as_object(), "props", "name"),
              ElementsAre("unit"));
}

// req-modify-alter-add-explicit-id(-ignore): by-id must name an object inside the control, not
// the control itself; otherwise the add is inoperative and ignored (with a warning).
TEST_F(ProfileResolverTest, AddWithUnknownOrOwnByIdIsIgnored) {
  const json::value plain = Resolved(kAll);
  const json::value doc = Resolved(kAll, Modify(R"({"alters": [{"control-id": "ac-1", "adds": [
      {"position": "after", "by-id": "ac-2_smt", "props": [{"name": "n", "value": "v"}]},
      {"position": "starting", "by-id": "ac-1", "props": [{"name": "n", "value": "v"}]},
      {"position": "ending", "by-id": "ac-1", "title": "Not applied"},
      {"props": [{"name": "applied", "value": "yes"}]}]}]})"));
  EXPECT_THAT(warnings_,
              ElementsAre("$.profile.modify.alters[0].adds[0].by-id: control 'ac-1' holds no "
                          "object 'ac-2_smt'; the add is ignored",
                          "$.profile.modify.alters[0].adds[1].by-id: 'ac-1' is the control "
                          "itself, not an object inside it; the add is ignored",
                          "$.profile.modify.alters[0].adds[2].by-id: 'ac-1' is the control "
                          "itself, not an object inside it; the add is ignored"));
  json::object ac1 = ControlOf(doc, "ac-1");
  EXPECT_EQ(ac1.at("title"), ControlOf(plain, "ac-1").at("title"));
  json::array& props = ac1.at("props").as_array();
  EXPECT_EQ(props.back().at("name").as_string(), "applied");
  props.pop_back();
  EXPECT_EQ(ac1, ControlOf(plain, "ac-1"));  // nothing else changed
}

// req-modify-alter-add-nested: an alter of a parent control reaches into its child controls:
// the child itself (inside it, and beside it) and objects inside the child.
TEST_F(ProfileResolverTest, AddsReachIntoNestedChildControls) {
  const json::value doc = Resolved(kAll, R"(, "merge": {"as-is": true})" + Modify(R"({"alters": [
      {"control-id": "ac-2", "adds": [
          {"position": "ending", "by-id": "ac-2.1", "title": "Automated Accounts",
           "params": [{"id": "ac-2.1_prm_1", "label": "tool"}],
           "props": [{"name": "status", "value": "tailored"}]},
          {"position": "after", "by-id": "ac-2.2.1", "props": [{"name": "beside", "value": "x"}]},
          {"position": "starting", "by-id": "ac-2.2_smt",
           "parts": [{"name": "item", "prose": "Nested."}]}]}]})"));
  EXPECT_TRUE(warnings_.empty()) << warnings_.front();
  const json::object ac21 = ControlOf(doc, "ac-2.1");
  EXPECT_EQ(ac21.at("title").as_string(), "Automated Accounts");
  EXPECT_THAT(Names(ac21, "params", "id"), ElementsAre("ac-2.1_prm_1"));
  EXPECT_THAT(Names(ac21, "props", "name"), ElementsAre("status"));
  // Beside a child control: on the control that holds it (ac-2.2).
  const json::object ac22 = ControlOf(doc, "ac-2.2");
  EXPECT_THAT(Names(ac22, "props", "name"), ElementsAre("beside"));
  EXPECT_THAT(Names(ac22.at("parts").as_array()[0].as_object(), "parts", "prose"),
              ElementsAre("Nested."));
  EXPECT_THAT(Names(ControlOf(doc, "ac-2"), "props", "name"), ElementsAre("label"));
  EXPECT_THAT(AllIds(doc), ElementsAre("ac-1", "ac-2", "ac-2.1", "ac-2.2", "ac-2.2.1", "au-1",
                                       "au-2", "au-9", "mi-1"));
  // Controls are no member of an add (OSCAL 1.1.2): one cannot be smuggled in beside a child.
  EXPECT_EQ(ErrorOf(Resolve(kAll, Modify(R"({"alters": [{"control-id": "ac-2", "adds": [
                {"position": "after", "by-id": "ac-2.2.1",
                 "controls": [{"id": "smuggled", "title": "Not an add member"}]}]}]})"))),
            "$.profile.modify.alters[0].adds[0].controls: not a member of an OSCAL add");
}

TEST_F(ProfileResolverTest, AddErrorsCarryTheirPath) {
  EXPECT_EQ(ErrorOf(Resolve(kAll, Modify(R"({"alters": [{"control-id": "ac-1", "adds": [
                {"position": "starting", "by-id": "ac-1_prm_1",
                 "parts": [{"name": "item"}]}]}]})"))),
            "$.profile.modify.alters[0].adds[0].parts: cannot add parts inside 'ac-1_prm_1'");
}

TEST_F(ProfileResolverTest, RemovesByNameIdClassItemAndNamespace) {
  const json::value doc = Resolved(kAll, Modify(R"({"alters": [
      {"control-id": "ac-1", "removes": [{"by-name": "label"}, {"by-id": "ac-1_gdn"},
                                         {"by-class": "legacy"}, {"by-item-name": "link"},
                                         {"by-name": "sector",
                                          "by-ns": "https://qalxan.gov.az/ns/oscal"}]},
      {"control-id": "ac-2", "removes": [{"by-ns": "https://qalxan.gov.az/ns/oscal"},
                                         {"by-item-name": "prop"}]}]})"));
  const json::object ac1 = ControlOf(doc, "ac-1");
  EXPECT_THAT(Names(ac1, "props", "name"),
              ElementsAre("cii-category", "cii-category", "iec62443-sl", "machine-check"));
  EXPECT_THAT(Names(ac1, "parts", "id"), ElementsAre("ac-1_smt"));
  EXPECT_THAT(Names(ac1.at("parts").as_array()[0].as_object(), "parts", "id"),
              ElementsAre("ac-1_smt.a"));
  EXPECT_FALSE(ac1.contains("links"));
  EXPECT_FALSE(ControlOf(doc, "ac-2").contains("props"));
  // The applicability read from the resolved catalog follows the edit.
  auto index = CatalogIndex::Build(doc);
  ASSERT_TRUE(index);
  EXPECT_THAT(index->Find("ac-1")->applicability.sectors, IsEmpty());
  EXPECT_THAT(index->Find("ac-1")->applicability.categories, ElementsAre(1, 2));
  // Nothing links to the guide any more, so the back matter keeps only the keep=always one.
  EXPECT_THAT(MemberIds(doc, "/catalog/back-matter/resources"),
              ElementsAre("8c3f2a1b-4e5d-4f70-a192-334455667788"));
}

TEST_F(ProfileResolverTest, RemoveByIdThatMatchesNothingIsAnError) {
  EXPECT_EQ(ErrorOf(Resolve(kAll, Modify(R"({"alters": [{"control-id": "ac-1", "removes": [
                {"by-name": "absent"}, {"by-id": "ac-2_smt"}]}]})"))),
            "$.profile.modify.alters[0].removes[1].by-id: matches nothing in control 'ac-1'");
}

TEST_F(ProfileResolverTest, AlterOfUnknownControlIsAnError) {
  EXPECT_EQ(
      ErrorOf(Resolve(kAll, Modify(R"({"alters": [{"control-id": "ac-1", "adds": [{"title": "x"}]},
                {"control-id": "zz-1", "adds": [{"title": "x"}]}]})"))),
      "$.profile.modify.alters[1].control-id: unknown control 'zz-1'");
  // Known but not selected: inoperative, with a warning.
  auto r = Resolve(R"([{"href": "sample.json", "include-controls": [{"with-ids": ["au-1"]}]}])",
                   Modify(R"({"alters": [{"control-id": "ac-1", "adds": [{"title": "x"}]}]})"));
  ASSERT_TRUE(r) << r.error().message;
  EXPECT_THAT(AllIds(*r), ElementsAre("au-1"));
  EXPECT_THAT(warnings_, ElementsAre("$.profile.modify.alters[0].control-id: control 'ac-1' is "
                                     "not in the resolved catalog; the alter is ignored"));
}

// The unselected parent of an up-levelled enhancement is not in the result: altering it is
// inoperative.
TEST_F(ProfileResolverTest, AltersReachAnUpLevelledEnhancementButNotItsParent) {
  const json::value doc =
      Resolved(R"([{"href": "sample.json", "include-controls": [{"with-ids": ["ac-2.1"]}]}])",
               R"(, "merge": {"as-is": true})" +
                   Modify(R"({"alters": [{"control-id": "ac-2.1", "adds": [{"props": [
              {"name": "status", "value": "tailored"}]}]},
              {"control-id": "ac-2", "adds": [{"title": "Renamed"}]}]})"));
  EXPECT_EQ(warnings_.size(), 1u);
  EXPECT_EQ(doc.at_pointer("/catalog/groups/0/controls/0/title").as_string(),
            "Automated Account Management");
  EXPECT_THAT(AllIds(doc), ElementsAre("ac-2.1"));
  EXPECT_THAT(Names(ControlOf(doc, "ac-2.1"), "props", "name"), ElementsAre("status"));
}

TEST_F(ProfileResolverTest, RemovingAnInsertedParamLeavesAnInvalidCatalog) {
  EXPECT_THAT(ErrorOf(Resolve(kAll, Modify(R"({"alters": [{"control-id": "ac-2", "removes": [
                  {"by-id": "ac-2_prm_1"}]}]})"))),
              StartsWith("the resolved catalog is invalid: $.catalog.controls[1].parts[0].prose: "
                         "insert of unknown param 'ac-2_prm_1'"));
}

TEST_F(ProfileResolverTest, AddedProseCanPullInALooseParam) {
  const json::value doc =
      Resolved(R"([{"href": "sample.json", "include-controls": [{"with-ids": ["au-1"]}]}])",
               Modify(R"({"alters": [{"control-id": "au-1", "adds": [{"parts": [
          {"name": "guidance", "prose": "Ask {{ insert: param, org-name }}."}]}]}]})"));
  EXPECT_THAT(MemberIds(doc, "/catalog/params"), ElementsAre("org-name"));
}

}  // namespace
}  // namespace qx::oscal
