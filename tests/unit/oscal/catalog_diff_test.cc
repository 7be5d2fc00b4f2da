#include "qx/oscal/catalog_diff.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "oscal_test_util.h"

namespace qx::oscal {
namespace {

namespace json = boost::json;
using ::testing::ElementsAre;
using testing::SampleCatalogJson;
using testing::SampleIndex;

CatalogIndex Edited(const std::function<void(json::value&)>& edit) {
  json::value doc = SampleCatalogJson();
  edit(doc);
  auto index = CatalogIndex::Build(std::move(doc));
  EXPECT_TRUE(index) << index.error().message;
  return index ? std::move(*index) : CatalogIndex();
}

const ControlChange* ChangeOf(const CatalogDiff& diff, std::string_view id) {
  for (const ControlChange& c : diff.changed) {
    if (c.id == id) return &c;
  }
  return nullptr;
}

TEST(CatalogDiffTest, IdenticalCatalogsGiveAnEmptyDiff) {
  const CatalogDiff diff = Diff(SampleIndex(), SampleIndex());
  EXPECT_TRUE(diff.empty());
}

TEST(CatalogDiffTest, ReportsAddedAndRemovedInDocumentOrder) {
  const CatalogIndex to = Edited([](json::value& d) {
    json::array& au = d.at_pointer("/catalog/groups/1/controls").as_array();
    au.erase(au.begin());  // au-1 removed
    au.push_back(json::object{{"id", "au-3"}, {"title", "Content of Audit Records"}});
    d.at_pointer("/catalog/groups/0/controls/1/controls/0").as_object()["controls"] =
        json::array{json::object{{"id", "ac-2.1.1"}, {"title", "Deeper"}}};
    d.at_pointer("/catalog/groups/2").as_object().erase("controls");
  });
  const CatalogDiff diff = Diff(SampleIndex(), to);
  EXPECT_THAT(diff.added, ElementsAre("ac-2.1.1", "au-3"));
  EXPECT_THAT(diff.removed, ElementsAre("au-1", "mi-1"));
  EXPECT_TRUE(diff.changed.empty());
}

TEST(CatalogDiffTest, ReportsChangedFields) {
  const CatalogIndex to = Edited([](json::value& d) {
    json::object& ac1 = d.at_pointer("/catalog/groups/0/controls/0").as_object();
    ac1["title"] = "Policy";
    ac1["class"] = "baseline";
    d.at_pointer("/catalog/groups/0/controls/0/parts/0/parts/1/prose") = "Review it monthly.";
    d.at_pointer("/catalog/groups/0/controls/0/props/3/value") = "3";  // cii-category 1 -> 3
    json::object& ac2 = d.at_pointer("/catalog/groups/0/controls/1").as_object();
    ac2["params"].as_array()[0].as_object()["values"] = json::array{"60 days"};
    ac2["links"] = json::array{json::object{{"href", "https://example.org"}}};
  });
  const CatalogDiff diff = Diff(SampleIndex(), to);
  EXPECT_TRUE(diff.added.empty());
  EXPECT_TRUE(diff.removed.empty());
  ASSERT_EQ(diff.changed.size(), 2u);
  EXPECT_EQ(diff.changed[0].id, "ac-1");
  EXPECT_THAT(diff.changed[0].fields,
              ElementsAre("applicability", "class", "parts", "props", "title"));
  EXPECT_EQ(diff.changed[1].id, "ac-2");
  EXPECT_THAT(diff.changed[1].fields, ElementsAre("links", "params"));
}

TEST(CatalogDiffTest, MovedControlShowsPlace) {
  const CatalogIndex to = Edited([](json::value& d) {
    json::array& au = d.at_pointer("/catalog/groups/1/controls").as_array();
    json::value au2 = au[1];
    au.erase(au.begin() + 1);
    d.at_pointer("/catalog/groups/2/controls").as_array().push_back(std::move(au2));
    // ac-2.1 becomes a child of ac-2.2 instead of ac-2 (same group, other parent).
    json::array& ac2_children = d.at_pointer("/catalog/groups/0/controls/1/controls").as_array();
    json::value ac21 = ac2_children[0];
    ac2_children.erase(ac2_children.begin());
    ac2_children[0].as_object()["controls"].as_array().push_back(std::move(ac21));
  });
  const CatalogDiff diff = Diff(SampleIndex(), to);
  ASSERT_NE(ChangeOf(diff, "au-2"), nullptr);
  EXPECT_THAT(ChangeOf(diff, "au-2")->fields, ElementsAre("place"));
  ASSERT_NE(ChangeOf(diff, "ac-2.1"), nullptr);
  EXPECT_THAT(ChangeOf(diff, "ac-2.1")->fields, ElementsAre("place"));
  EXPECT_EQ(diff.changed.size(), 2u);
}

TEST(CatalogDiffTest, ReorderingWithinAGroupIsNoChange) {
  const CatalogIndex to = Edited([](json::value& d) {
    json::array& au = d.at_pointer("/catalog/groups/1/controls").as_array();
    std::swap(au[0], au[1]);
  });
  EXPECT_TRUE(Diff(SampleIndex(), to).empty());
}

}  // namespace
}  // namespace qx::oscal
