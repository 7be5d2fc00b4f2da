// `qalxan migrate-data` moves a used SQLite installation to PostgreSQL: every table, every id,
// the audit chain whole; the moved installation serves the same data; a second move is refused.
#include <gtest/gtest.h>
#include <fmt/format.h>

#include <filesystem>
#include <regex>

#include "pg_test_db.h"
#include "qx/crypto/signing.h"
#include "test_server.h"

namespace qx::testing {
namespace {

namespace json = boost::json;
using Headers = std::vector<std::pair<std::string, std::string>>;

std::pair<int, std::string> Qalxan(const std::string& args) {
  FILE* pipe = ::popen((std::string(QALXAN_BINARY) + " " + args + " 2>&1").c_str(), "r");
  std::string out;
  char buf[4096];
  while (size_t n = std::fread(buf, 1, sizeof buf, pipe)) out.append(buf, n);
  return {WEXITSTATUS(::pclose(pipe)), out};
}

TEST(MigrateDataTest, MovesAUsedInstallationToPostgresql) {
  TestServer sqlite(1 << 20, std::string(QALXAN_FIXTURES) + "/catalogs-mini",
                    [](app::Config& c) { c.database.clear(); });
  ASSERT_EQ(sqlite.backend(), "sqlite");
  // Use it: sessions, organisations, a token, shared intel (with a sighting).
  auto [cookie, csrf] = sqlite.Login("regulator.admin");
  const Headers admin = {{"Cookie", cookie}, {"X-CSRF-Token", csrf}};
  ASSERT_EQ(sqlite.Request("POST", "/api/v1/orgs", R"({"name":"Moved Bank","kind":"operator","sector":"finance"})", admin).status, 201);
  ASSERT_EQ(sqlite.Cli("token create --org 3 --role machine").first, 0);
  const Headers taxii = {{"Authorization", "Basic " + crypto::Base64Encode(std::string("operator.admin:") + kBootstrapPassword)},
                         {"Accept", "application/taxii+json;version=2.1"},
                         {"Content-Type", "application/taxii+json;version=2.1"}};
  const auto collections = sqlite.Request("GET", "/taxii2/qalxan/collections/", "", taxii).Json();
  std::string national;
  for (const auto& c : collections.at("collections").as_array()) {
    if (c.at("title").as_string() == "National") national = std::string(c.at("id").as_string());
  }
  json::array objects;
  for (int i = 0; i < 30; ++i) {
    objects.push_back(json::object{{"type", "indicator"}, {"spec_version", "2.1"},
                                   {"id", fmt::format("indicator--6ba7b810-9dad-41d1-80b4-{:012d}", i)},
                                   {"created", "2026-11-01T00:00:00.000Z"}, {"modified", "2026-11-01T00:00:00.000Z"},
                                   {"pattern", fmt::format("[ipv4-addr:value = '10.9.0.{}']", i)},
                                   {"pattern_type", "stix"}, {"valid_from", "2026-11-01T00:00:00Z"}});
  }
  objects.push_back(json::object{{"type", "sighting"}, {"spec_version", "2.1"},
                                 {"id", "sighting--6ba7b810-9dad-41d1-80b4-000000000999"},
                                 {"created", "2026-11-02T00:00:00.000Z"}, {"modified", "2026-11-02T00:00:00.000Z"},
                                 {"sighting_of_ref", "indicator--6ba7b810-9dad-41d1-80b4-000000000001"},
                                 {"count", 4}});
  const std::string objects_url = "/taxii2/qalxan/collections/" + national + "/objects/";
  ASSERT_EQ(sqlite.Request("POST", objects_url, json::serialize(json::object{{"objects", objects}}), taxii).status, 202);
  const auto page_before = sqlite.Request("GET", objects_url + "?limit=7", "", taxii).body;
  const auto orgs_before = sqlite.Request("GET", "/api/v1/orgs", "", admin).body;
  sqlite.Stop();

  const std::string url = FreshPgDatabaseUrl();
  const std::string db_file = sqlite.data_dir() + "/qalxan.db";
  const auto moved = Qalxan("migrate-data --from sqlite:" + db_file + " --to '" + url + "' --data " + sqlite.data_dir());
  ASSERT_EQ(moved.first, 0) << moved.second;
  EXPECT_NE(moved.second.find("audit chain ok"), std::string::npos) << moved.second;
  EXPECT_TRUE(std::regex_search(moved.second, std::regex(R"(stix_objects\s+31 rows)"))) << moved.second;
  EXPECT_TRUE(std::regex_search(moved.second, std::regex(R"(requirement_index\s+[1-9]\d* rows)"))) << moved.second;

  // The same installation, now served from PostgreSQL: same pages, same organisations, same
  // passwords and sessions, and the audit chain continues where it was.
  TestServer pg(1 << 20, "/nonexistent", [&](app::Config& c) {
    c.database = url;
    c.data_dir = sqlite.data_dir() + "-pg";
    std::filesystem::create_directories(c.data_dir);
    std::filesystem::copy(sqlite.data_dir() + "/keys", c.data_dir + "/keys",
                          std::filesystem::copy_options::recursive);
  });
  EXPECT_EQ(pg.Request("GET", objects_url + "?limit=7", "", taxii).body, page_before);
  EXPECT_EQ(pg.Request("GET", "/api/v1/orgs", "", admin).body, orgs_before);
  EXPECT_EQ(pg.Request("GET", "/api/v1/session", "", {{"Cookie", cookie}}).status, 200);
  ASSERT_EQ(pg.Request("POST", "/api/v1/orgs", R"({"name":"After the move","kind":"provider"})", admin).status, 201);
  const auto verify = pg.Cli("audit verify");
  EXPECT_EQ(verify.first, 0) << verify.second;

  // Into a database that is not empty: refused, nothing changed.
  const auto again = Qalxan("migrate-data --from sqlite:" + db_file + " --to '" + url + "' --data " + sqlite.data_dir());
  EXPECT_EQ(again.first, 1);
  EXPECT_NE(again.second.find("the target is not empty"), std::string::npos) << again.second;
  EXPECT_EQ(Qalxan("migrate-data --from sqlite:/nonexistent.db --to '" + url + "'").first, 1);
}

}  // namespace
}  // namespace qx::testing
