// ProfileContent: what a profile version indexes as requirements (the rows that assessments
// turn into assessable items) follows the resolved catalog.
#include "version_content.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <fstream>
#include <sstream>

namespace qx::requirements {
namespace {

namespace json = boost::json;
using ::testing::ElementsAre;

json::value SampleCatalog() {
  std::ifstream in(std::string(OSCAL_TESTDATA) + "/sample.catalog.json");
  std::ostringstream text;
  text << in.rdbuf();
  return json::parse(text.str());
}

json::value Profile(const std::string& imports, const std::string& rest) {
  return json::parse(R"({"profile": {"uuid": "5d0c1e2f-3a4b-4c5d-8e6f-7a8b9c0d1e2f",
      "metadata": {"title": "P", "last-modified": "2026-02-01T00:00:00Z", "version": "1",
                   "oscal-version": "1.1.2"},
      "imports": )" + imports + rest + "}}");
}

class ProfileContentTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto index = oscal::CatalogIndex::Build(SampleCatalog());
    ASSERT_TRUE(index) << index.error().message;
    catalog_ = std::move(*index);
  }
  ImportedCatalogLookup Lookup() {
    return [this](std::string_view name) -> Result<std::optional<ImportedCatalog>> {
      if (name != "sample") return std::optional<ImportedCatalog>();
      return std::optional(ImportedCatalog{&catalog_, nullptr});
    };
  }
  static std::vector<std::string> RowIds(const VersionContent& content) {
    std::vector<std::string> ids;
    for (const auto& row : content.index) ids.push_back(row.control_id);
    return ids;
  }
  oscal::CatalogIndex catalog_;
};

// The as-is parent of a selected enhancement used to be kept as a "shell" control and so was
// indexed as a requirement the profile never selected.
TEST_F(ProfileContentTest, AnUnselectedParentIsNotARequirement) {
  auto content = ProfileContent(
      Profile(R"([{"href": "sample.catalog.json", "include-controls": [{"with-ids": ["ac-2.1"]}]}])",
              R"(, "merge": {"as-is": true})"),
      Lookup(), "2026-11-29T14:00:00.000Z");
  ASSERT_TRUE(content) << content.error().message;
  EXPECT_THAT(RowIds(*content), ElementsAre("ac-2.1"));
  EXPECT_EQ(content->index[0].group_path, "ac");
  EXPECT_EQ(content->index[0].parent_control, "");
}

// req-meta-last-modified: the version's resolution time; the same time gives the same bytes.
TEST_F(ProfileContentTest, TheResolvedCatalogIsDatedAtResolution) {
  const json::value profile =
      Profile(R"([{"href": "sample.catalog.json", "include-controls": [{"with-ids": ["ac-1"]}]}])", "");
  auto first = ProfileContent(profile, Lookup(), "2026-11-29T14:00:00.000Z");
  ASSERT_TRUE(first) << first.error().message;
  EXPECT_EQ(first->effective->document().at_pointer("/catalog/metadata/last-modified").as_string(),
            "2026-11-29T14:00:00.000Z");
  auto again = ProfileContent(profile, Lookup(), "2026-11-29T14:00:00.000Z");
  ASSERT_TRUE(again) << again.error().message;
  EXPECT_EQ(json::serialize(again->effective->document()),
            json::serialize(first->effective->document()));
  EXPECT_TRUE(first->warnings.empty());
}

}  // namespace
}  // namespace qx::requirements
