// The shipped requirement content (catalogs/) loads at first start, complete and signed.
#include <gtest/gtest.h>

#include <map>
#include <set>

#include "test_server.h"

namespace qx::testing {
namespace {

namespace json = boost::json;

TEST(BaselineTest, TheShippedCatalogAndProfilesArePublishedAtFirstStart) {
  TestServer server(16 << 20, QALXAN_SOURCE_DIR "/catalogs");
  auto [cookie, csrf] = server.Login("operator.admin");
  const std::vector<std::pair<std::string, std::string>> h = {{"Cookie", cookie}};
  const auto list = server.Request("GET", "/api/v1/catalogs", "", h).Json();
  std::map<std::string, std::int64_t> ids;
  for (const auto& c : list.at("items").as_array()) {
    ids[std::string(c.at("name").as_string())] = c.at("id").as_int64();
  }
  for (const char* name : {"cii-baseline", "oil-and-gas", "finance", "government", "provider"}) {
    ASSERT_TRUE(ids.count(name)) << name;
    const auto v = server.Request("GET", "/api/v1/catalogs/" + std::to_string(ids[name]) + "/versions/latest", "", h).Json();
    EXPECT_EQ(v.at("status").as_string(), "published") << name;
  }
  const std::string base = "/api/v1/catalogs/" + std::to_string(ids["cii-baseline"]) + "/versions/latest";
  const auto version = server.Request("GET", base, "", h).Json();
  EXPECT_NE(json::serialize(version.at("languages")).find("az"), std::string::npos);

  const auto all = server.Request("GET", base + "/requirements?limit=1000", "", h).Json();
  EXPECT_GE(all.at("items").as_array().size(), 60u);
  std::set<std::string> areas;
  for (const auto& r : all.at("items").as_array()) {
    const std::string group(r.at("group_path").as_string());
    areas.insert(group.substr(0, group.find('/')));
  }
  for (const char* area : {"nis-a", "nis-b", "nis-c", "nis-d", "nis-e", "nis-f", "nis-g", "nis-h",
                           "nis-i", "nis-j", "ot"}) {
    EXPECT_TRUE(areas.count(area)) << area;
  }
  const auto checks = server.Request("GET", base + "/requirements?check=*&limit=1000", "", h).Json();
  EXPECT_GE(checks.at("items").as_array().size(), 20u);

  // Every requirement reads in Azerbaijani.
  const auto first = all.at("items").as_array()[0];
  const auto az = server.Request("GET", base + "/requirements/" + std::string(first.at("id").as_string()) + "?lang=az", "", h).Json();
  EXPECT_NE(az.at("control").at("title").as_string(), first.at("title").as_string());
}

// A new demo installation has the demo operator's objects; one is assessed against the shipped
// oil and gas profile, whose requirements apply by sector, category and OT security level.
TEST(BaselineTest, TheDemoOperatorAssessesItsObjectAgainstTheShippedProfile) {
  TestServer server(16 << 20, QALXAN_SOURCE_DIR "/catalogs");
  auto [cookie, csrf] = server.Login("operator.admin");
  const std::vector<std::pair<std::string, std::string>> h = {{"Cookie", cookie}, {"X-CSRF-Token", csrf}};
  const auto objects = server.Request("GET", "/api/v1/objects", "", h).Json();
  std::int64_t dcs = 0;
  for (const auto& o : objects.at("items").as_array()) {
    if (o.at("kind").as_string() == "ot") {
      dcs = o.at("id").as_int64();
      EXPECT_EQ(o.at("category").as_int64(), 1);
      EXPECT_EQ(o.at("category_status").as_string(), "proposed");
    }
  }
  ASSERT_NE(dcs, 0) << objects;
  auto created = server.Request("POST", "/api/v1/assessments",
                                json::serialize(json::object{{"subject_id", dcs}}), h);
  ASSERT_EQ(created.status, 201) << created.body;
  const auto id = created.Json().at("id").as_int64();
  const auto view = server.Request("GET", "/api/v1/assessments/" + std::to_string(id), "", h).Json();
  const auto& items = view.at("items").as_array();
  EXPECT_GE(items.size(), 40u);
  std::set<std::string> areas;
  for (const auto& i : items) {
    const std::string group(i.at("group_path").as_string());
    areas.insert(group.substr(0, group.find('/')));
  }
  EXPECT_TRUE(areas.count("ot"));   // an OT object of an oil and gas operator
  EXPECT_TRUE(areas.count("nis-a"));
  EXPECT_EQ(view.at("progress").at("answered").as_int64(), 0);
}

}  // namespace
}  // namespace qx::testing
