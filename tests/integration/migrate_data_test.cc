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

// A profile of the mini catalog with every control, for oil and gas objects.
json::object MiniProfile() {
  return {{"profile",
           json::object{{"uuid", "5b1f0a52-3c55-4a8e-9d1e-7f6c2b9a0d11"},
                        {"metadata", json::object{{"title", "Oil and gas"},
                                                  {"last-modified", "2026-11-01T00:00:00Z"},
                                                  {"version", "1.0.0"},
                                                  {"oscal-version", "1.1.2"}}},
                        {"imports", json::array{json::object{{"href", "mini.catalog.json"},
                                                             {"include-all", json::object{}}}}}}}};
}

// Uses the registry, a self-assessment (answered, evidenced, commented, remediated, observed,
// accepted: scores and posture) and training on srv, and returns the pages that show them.
std::vector<std::pair<std::string, Headers>> UseRegistryAssessmentsAndTraining(TestServer& srv) {
  auto login = [&](const char* user) {
    auto [cookie, csrf] = srv.Login(user);
    return Headers{{"Cookie", cookie}, {"X-CSRF-Token", csrf}};
  };
  const Headers op = login("operator.admin"), reg = login("regulator.admin"), prov = login("provider.admin");
  auto call = [&](const std::string& method, const std::string& path, const json::value& body,
                  const Headers& h, int expected) {
    auto r = srv.Request(method, path, json::serialize(body), h);
    EXPECT_EQ(r.status, expected) << method << " " << path << ": " << r.body;
    return r.status == expected && !r.body.empty() ? r.Json() : json::value();
  };
  // Registry: an object with a dependency, OT zones, a categorisation under raised thresholds,
  // a provider's declaration.
  const auto base = call("POST", "/api/v1/objects", json::object{{"name", "Billing"}, {"kind", "it"}}, op, 201).at("id").as_int64();
  const auto scada = call("POST", "/api/v1/objects",
                          json::object{{"name", "Pipeline SCADA"}, {"kind", "ot"}, {"depends_on", json::array{base}}},
                          op, 201).at("id").as_int64();
  call("PUT", fmt::format("/api/v1/objects/{}/ot", scada),
       json::object{{"zones", json::array{json::object{{"name", "control"}, {"target_sl", 3}},
                                          json::object{{"name", "dmz"}, {"target_sl", 2}}}},
                    {"conduits", json::array{json::object{{"name", "historian link"}, {"from", "control"}, {"to", "dmz"}}}}},
       op, 200);
  auto thresholds = srv.Request("GET", "/api/v1/categorisation/thresholds", "", op).Json().at("thresholds").as_object();
  thresholds["people"] = json::array{100000, 10000, 5000};
  call("PUT", "/api/v1/categorisation/thresholds", json::object{{"thresholds", thresholds}}, reg, 200);
  call("POST", fmt::format("/api/v1/objects/{}/categorisations", scada),
       json::object{{"answers", json::object{{"people", 160000}, {"economy", 0}, {"environment", 0}, {"defence", 0},
                                             {"state_administration", 0}, {"dependent_cii", 0}}}},
       op, 201);
  call("PUT", "/api/v1/providers/4/declaration",
       json::object{{"services", json::array{"SOC monitoring"}}, {"sectors", json::array{"oil_and_gas"}},
                    {"description", "ICS security"}, {"contact", "soc@example.az"}},
       prov, 200);

  // A self-assessment through review to acceptance.
  const auto profile = call("POST", "/api/v1/catalogs", json::object{{"name", "oil-and-gas"}, {"document", MiniProfile()}},
                            reg, 201).at("catalog").at("id").as_int64();
  call("POST", fmt::format("/api/v1/catalogs/{}/publish", profile), json::object{}, reg, 200);
  const auto a = call("POST", "/api/v1/assessments", json::object{{"subject_kind", "object"}, {"subject_id", scada}},
                      op, 201).at("id").as_int64();
  const auto item = [&](const std::string& control, const std::string& suffix = "") {
    return fmt::format("/api/v1/assessments/{}/items/{}/{}{}", a, profile, control, suffix);
  };
  const auto items = srv.Request("GET", fmt::format("/api/v1/assessments/{}", a), "", op).Json().at("items").as_array();
  EXPECT_GE(items.size(), 2u);
  for (size_t i = 0; i < items.size(); ++i) {
    call("PUT", item(std::string(items[i].at("control_id").as_string())),
         json::object{{"result", i == 0 ? "partial" : "compliant"}}, op, 200);
  }
  const std::string first(items.at(0).at("control_id").as_string());
  call("POST", item(first, "/remediation"),
       json::object{{"action", "Board approval"}, {"owner", "CISO"}, {"due_at", "2027-03-01T00:00:00Z"}}, op, 201);
  EXPECT_EQ(srv.Request("POST", item(first, "/evidence?filename=policy.pdf"), "%PDF-1.7 policy",
                        {op[0], op[1], {"Content-Type", "application/octet-stream"}}).status, 201);
  const auto token = call("POST", "/api/v1/orgs/3/tokens", json::object{{"name", "agent"}, {"role", "machine"}}, op, 201);
  call("POST", "/api/v1/observations",
       json::object{{"subject_kind", "object"}, {"subject_id", scada}, {"control_id", first}, {"source", "agent:hmi-01"},
                    {"result", "fail"}, {"detail", "PermitRootLogin yes"}, {"observed_at", "2026-11-20T10:00:00Z"}},
       {{"Authorization", "Bearer " + std::string(token.at("secret").as_string())}}, 201);
  call("POST", fmt::format("/api/v1/assessments/{}/submit", a), json::object{}, op, 200);
  call("POST", item(first, "/comments"), json::object{{"body", "Show the board minutes"}}, reg, 201);
  call("POST", fmt::format("/api/v1/assessments/{}/start_review", a), json::object{}, reg, 200);
  call("POST", fmt::format("/api/v1/assessments/{}/accept", a), json::object{}, reg, 200);

  // Training: a course, staff in an audience, a completion and a rule over them.
  const auto course = call("POST", "/api/v1/orgs/3/training/courses",
                           json::object{{"title", "Phishing awareness"}, {"recurrence_months", 12}}, op, 201).at("id").as_int64();
  json::array staff;
  for (int i = 0; i < 2; ++i) {
    staff.push_back(call("POST", "/api/v1/orgs/3/training/staff",
                         json::object{{"staff_ref", fmt::format("E{}", i)}, {"name", "Operator"}}, op, 201).at("id"));
  }
  const auto audience = call("POST", "/api/v1/orgs/3/training/audiences",
                             json::object{{"name", "Control room"}, {"members", staff}}, op, 201).at("id").as_int64();
  call("POST", "/api/v1/orgs/3/training/completions",
       json::object{{"completions", json::array{json::object{{"staff_id", staff[0]}, {"course_id", course},
                                                             {"completed_on", "2026-11-01"}}}}},
       op, 201);
  call("POST", "/api/v1/orgs/3/training/rules",
       json::object{{"requirement_id", "nis-g.2"}, {"course_id", course}, {"audience_id", audience}, {"min_percent", 50}},
       op, 201);

  return {{fmt::format("/api/v1/objects/{}", scada), op},
          {"/api/v1/objects", op},
          {fmt::format("/api/v1/objects/{}/categorisations", scada), op},
          {"/api/v1/categorisation/thresholds/history", op},
          {"/api/v1/providers", {}},
          {fmt::format("/api/v1/assessments/{}", a), op},
          {"/api/v1/orgs/3/posture", op},
          {"/api/v1/posture/series?scope=nation&key=", reg},
          {"/api/v1/orgs/3/training/courses", op},
          {"/api/v1/orgs/3/training/staff", op},
          {"/api/v1/orgs/3/training/completions", op},
          {"/api/v1/orgs/3/training/rules", op}};
}

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
  auto pages = UseRegistryAssessmentsAndTraining(sqlite);
  ASSERT_FALSE(HasFailure());
  std::vector<std::string> pages_before;
  for (const auto& [path, headers] : pages) {
    auto r = sqlite.Request("GET", path, "", headers);
    EXPECT_EQ(r.status, 200) << path << ": " << r.body;
    pages_before.push_back(r.body);
  }
  sqlite.Stop();

  const std::string url = FreshPgDatabaseUrl();
  const std::string db_file = sqlite.data_dir() + "/qalxan.db";
  const auto moved = Qalxan("migrate-data --from sqlite:" + db_file + " --to '" + url + "' --data " + sqlite.data_dir());
  ASSERT_EQ(moved.first, 0) << moved.second;
  EXPECT_NE(moved.second.find("audit chain ok"), std::string::npos) << moved.second;
  EXPECT_TRUE(std::regex_search(moved.second, std::regex(R"(stix_objects\s+31 rows)"))) << moved.second;
  EXPECT_TRUE(std::regex_search(moved.second, std::regex(R"(requirement_index\s+[1-9]\d* rows)"))) << moved.second;
  // Every table the test used has rows in the move.
  for (const char* table : {"cii_objects", "cii_dependencies", "ot_zones", "ot_conduits", "categorisations",
                            "regulator_settings", "provider_declarations", "assessments", "assessment_items",
                            "evidence", "review_comments", "remediation_actions", "observations",
                            "subject_scores", "posture_points", "training_courses", "training_staff",
                            "training_audiences", "training_audience_members", "training_completions",
                            "training_rules"}) {
    EXPECT_TRUE(std::regex_search(moved.second, std::regex(std::string(table) + R"(\s+[1-9]\d* rows)")))
        << table << "\n" << moved.second;
  }

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
  for (size_t i = 0; i < pages.size(); ++i) {
    EXPECT_EQ(pg.Request("GET", pages[i].first, "", pages[i].second).body, pages_before[i]) << pages[i].first;
  }
  // New rows continue after the moved ids.
  auto [op_cookie, op_csrf] = pg.Login("operator.admin");
  const Headers op = {{"Cookie", op_cookie}, {"X-CSRF-Token", op_csrf}};
  EXPECT_EQ(pg.Request("POST", "/api/v1/objects", R"({"name":"After the move","kind":"it"})", op).status, 201);
  EXPECT_EQ(pg.Request("POST", "/api/v1/orgs/3/training/courses", R"({"title":"After the move"})", op).status, 201);
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
