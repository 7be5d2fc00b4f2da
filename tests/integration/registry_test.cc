// The CII registry over HTTP: objects with OT architecture, categorisation against the
// regulator's thresholds with its decision, CSV import with its per-row report, providers'
// declarations and the public list.
#include <gtest/gtest.h>
#include <fmt/format.h>

#include "test_server.h"

namespace qx::testing {
namespace {

namespace json = boost::json;
using Headers = std::vector<std::pair<std::string, std::string>>;

class RegistryTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto [oc, os] = server_.Login("operator.admin");
    op_ = {{"Cookie", oc}, {"X-CSRF-Token", os}};
    auto [rc, rs] = server_.Login("regulator.admin");
    reg_ = {{"Cookie", rc}, {"X-CSRF-Token", rs}};
    auto [pc, ps] = server_.Login("provider.admin");
    prov_ = {{"Cookie", pc}, {"X-CSRF-Token", ps}};
  }
  HttpResult Post(const std::string& path, const json::value& body, const Headers& h) {
    return server_.Request("POST", path, json::serialize(body), h);
  }
  HttpResult Put(const std::string& path, const json::value& body, const Headers& h) {
    return server_.Request("PUT", path, json::serialize(body), h);
  }
  HttpResult Get(const std::string& path, const Headers& h) { return server_.Request("GET", path, "", h); }

  TestServer server_;
  Headers op_, reg_, prov_;
};

TEST_F(RegistryTest, AnOperatorRegistersAnOtObjectWithZonesAndDependencies) {
  auto billing = Post("/api/v1/objects", json::object{{"name", "Billing"}}, op_);
  ASSERT_EQ(billing.status, 201) << billing.body;
  EXPECT_EQ(billing.Json().at("sector").as_string(), "oil_and_gas");  // the operator's own
  const auto billing_id = billing.Json().at("id").as_int64();
  auto scada = Post("/api/v1/objects",
                    json::object{{"name", "Pipeline SCADA"},
                                 {"kind", "ot"},
                                 {"location", "Sangachal terminal"},
                                 {"responsible_person", "R. Aliyev"},
                                 {"description", "Compressor stations\nand pipeline valves"},
                                 {"depends_on", json::array{billing_id}}},
                    op_);
  ASSERT_EQ(scada.status, 201) << scada.body;
  const auto id = scada.Json().at("id").as_int64();
  EXPECT_EQ(Post("/api/v1/objects", json::object{{"name", "Pipeline SCADA"}}, op_).status, 409);

  auto ot = Put(fmt::format("/api/v1/objects/{}/ot", id),
                json::object{{"zones", json::array{json::object{{"name", "control"}, {"target_sl", 3}},
                                                   json::object{{"name", "dmz"}, {"target_sl", 2}}}},
                             {"conduits", json::array{json::object{{"name", "historian link"},
                                                                   {"from", "control"},
                                                                   {"to", "dmz"}}}}},
                op_);
  ASSERT_EQ(ot.status, 200) << ot.body;
  auto bad_ot = Put(fmt::format("/api/v1/objects/{}/ot", id),
                    json::object{{"zones", json::array{json::object{{"name", "z"}, {"target_sl", 7}}}}}, op_);
  EXPECT_EQ(bad_ot.status, 400);

  const auto view = Get(fmt::format("/api/v1/objects/{}", id), op_).Json();
  EXPECT_EQ(view.at("ot").at("zones").as_array().size(), 2u);
  EXPECT_EQ(view.at("ot").at("conduits").as_array()[0].at("from").as_string(), "control");
  EXPECT_EQ(view.at("depends_on").as_array()[0].as_int64(), billing_id);
  const auto billing_view = Get(fmt::format("/api/v1/objects/{}", billing_id), op_).Json();
  EXPECT_EQ(billing_view.at("dependents").as_array()[0].as_int64(), id);

  auto renamed = Put(fmt::format("/api/v1/objects/{}", id), json::object{{"name", "Main pipeline SCADA"}}, op_);
  ASSERT_EQ(renamed.status, 200) << renamed.body;
  EXPECT_EQ(renamed.Json().at("location").as_string(), "Sangachal terminal");  // kept

  const auto mine = Get("/api/v1/objects", op_).Json();
  EXPECT_EQ(mine.at("items").as_array().size(), 2u);
}

TEST_F(RegistryTest, CategorisationFollowsTheHighestCriterionAndTheRegulatorDecides) {
  const auto id = Post("/api/v1/objects", json::object{{"name", "Refinery DCS"}, {"kind", "ot"}}, op_)
                      .Json().at("id").as_int64();
  const json::object answers{{"people", 6000}, {"economy", 100}, {"environment", 0},
                             {"defence", 1},   {"state_administration", 0}, {"dependent_cii", 0}};
  auto c = Post(fmt::format("/api/v1/objects/{}/categorisations", id), json::object{{"answers", answers}}, op_);
  ASSERT_EQ(c.status, 201) << c.body;
  EXPECT_EQ(c.Json().at("computed").as_int64(), 2);  // people reach 2, defence only 3
  EXPECT_EQ(c.Json().at("status").as_string(), "proposed");
  const auto cid = c.Json().at("id").as_int64();
  auto obj = Get(fmt::format("/api/v1/objects/{}", id), op_).Json();
  EXPECT_EQ(obj.at("category").as_int64(), 2);
  EXPECT_EQ(obj.at("category_status").as_string(), "proposed");

  // The operator cannot decide; an override needs a reason.
  const std::string decide = fmt::format("/api/v1/objects/{}/categorisations/{}/decision", id, cid);
  EXPECT_EQ(Post(decide, json::object{{"decision", "confirm"}}, op_).status, 403);
  EXPECT_EQ(Post(decide, json::object{{"decision", "override"}, {"category", 1}}, reg_).status, 400);
  auto o = Post(decide, json::object{{"decision", "override"}, {"category", 1}, {"reason", "feeds the export pipeline"}}, reg_);
  ASSERT_EQ(o.status, 200) << o.body;
  EXPECT_EQ(o.Json().at("decided").as_int64(), 1);
  obj = Get(fmt::format("/api/v1/objects/{}", id), op_).Json();
  EXPECT_EQ(obj.at("category").as_int64(), 1);
  EXPECT_EQ(obj.at("category_status").as_string(), "overridden");

  // The regulator raises the people threshold: a new questionnaire comes out lower; history kept.
  auto t = Get("/api/v1/categorisation/thresholds", op_).Json();
  EXPECT_EQ(t.at("seq").as_int64(), 0);
  json::object thresholds = t.at("thresholds").as_object();
  thresholds["people"] = json::array{100000, 10000, 5000};
  EXPECT_EQ(Put("/api/v1/categorisation/thresholds", json::object{{"thresholds", thresholds}}, op_).status, 403);
  auto set = Put("/api/v1/categorisation/thresholds", json::object{{"thresholds", thresholds}}, reg_);
  ASSERT_EQ(set.status, 200) << set.body;
  EXPECT_EQ(set.Json().at("seq").as_int64(), 1);
  const auto thresholds_history = Get("/api/v1/categorisation/thresholds/history", op_).Json();
  ASSERT_EQ(thresholds_history.at("items").as_array().size(), 1u);
  EXPECT_EQ(thresholds_history.at("items").as_array()[0].at("thresholds").at("people").as_array()[0].as_int64(), 100000);
  auto c2 = Post(fmt::format("/api/v1/objects/{}/categorisations", id), json::object{{"answers", answers}}, op_);
  EXPECT_EQ(c2.Json().at("computed").as_int64(), 3);
  EXPECT_EQ(c2.Json().at("thresholds_seq").as_int64(), 1);
  // Only the latest questionnaire may be decided.
  EXPECT_EQ(Post(decide, json::object{{"decision", "confirm"}}, reg_).status, 409);
  const auto history = Get(fmt::format("/api/v1/objects/{}/categorisations", id), reg_).Json();
  ASSERT_EQ(history.at("items").as_array().size(), 2u);
  EXPECT_EQ(history.at("items").as_array()[1].at("status").as_string(), "overridden");

  auto bad = Post(fmt::format("/api/v1/objects/{}/categorisations", id),
                  json::object{{"answers", json::object{{"people", -1}}}}, op_);
  EXPECT_EQ(bad.status, 400);
  // All of it is in the audit trail.
  const auto audit = Get("/api/v1/audit?org=3", reg_).body;
  for (const char* action : {"object.create", "object.categorise", "object.category_override"}) {
    EXPECT_NE(audit.find(action), std::string::npos) << action;
  }
}

TEST_F(RegistryTest, CsvImportIsAllOrNothingWithAReportPerRow) {
  const Headers csv = {op_[0], op_[1], {"Content-Type", "text/csv"}};
  ASSERT_EQ(Post("/api/v1/objects", json::object{{"name", "Existing"}}, op_).status, 201);
  const std::string bad =
      "name,kind,sector,depends_on\n"
      "Well head RTU,ot,,Existing\n"
      ",it,,\n"
      "Dup,it,moon,\n"
      "Orphan,it,,Nowhere\n";
  auto r = server_.Request("POST", "/api/v1/objects/import", bad, csv);
  ASSERT_EQ(r.status, 400) << r.body;
  const auto report = r.Json();
  EXPECT_FALSE(report.at("imported").as_bool());
  const auto& rows = report.at("rows").as_array();
  ASSERT_EQ(rows.size(), 4u);
  EXPECT_TRUE(rows[0].at("ok").as_bool());
  for (size_t i = 1; i < rows.size(); ++i) {
    EXPECT_EQ(rows[i].at("line").as_int64(), static_cast<std::int64_t>(i) + 2);
    EXPECT_FALSE(rows[i].at("errors").as_array().empty());
  }
  EXPECT_EQ(Get("/api/v1/objects", op_).Json().at("items").as_array().size(), 1u);  // nothing written

  const std::string good =
      "name,kind,location,depends_on\n"
      "Well head RTU,ot,Field 7,Existing;Gathering station\n"
      "\"Gathering station, north\",ot,\"Field 7\",\n"
      "Gathering station,ot,Field 8,\n";
  auto dry = server_.Request("POST", "/api/v1/objects/import?dry_run=true", good, csv);
  ASSERT_EQ(dry.status, 200) << dry.body;
  EXPECT_EQ(Get("/api/v1/objects", op_).Json().at("items").as_array().size(), 1u);
  auto ok = server_.Request("POST", "/api/v1/objects/import", good, csv);
  ASSERT_EQ(ok.status, 201) << ok.body;
  EXPECT_EQ(ok.Json().at("created").as_int64(), 3);
  const auto objects = Get("/api/v1/objects", op_).Json().at("items").as_array();
  ASSERT_EQ(objects.size(), 4u);
  EXPECT_EQ(objects[1].at("name").as_string(), "Well head RTU");
  EXPECT_EQ(objects[1].at("depends_on").as_array().size(), 2u);
  EXPECT_EQ(objects[2].at("name").as_string(), "Gathering station, north");
  // The regulator imports on an operator's behalf; a provider cannot.
  EXPECT_EQ(server_.Request("POST", "/api/v1/objects/import?org=3", "name\nBy regulator\n",
                            {reg_[0], reg_[1], {"Content-Type", "text/csv"}}).status, 201);
  EXPECT_EQ(server_.Request("POST", "/api/v1/objects/import?org=3", "name\nBy provider\n",
                            {prov_[0], prov_[1], {"Content-Type", "text/csv"}}).status, 403);
  EXPECT_EQ(server_.Request("POST", "/api/v1/objects/import", "name\n\"broken\n", csv).status, 400);
}

TEST_F(RegistryTest, ProvidersDeclareAndAppearInThePublicList) {
  const json::object declaration{{"services", json::array{"penetration testing", "SOC monitoring"}},
                                 {"sectors", json::array{"oil_and_gas", "finance"}},
                                 {"description", "ICS security assessments"},
                                 {"contact", "soc@example.az"}};
  EXPECT_EQ(Put("/api/v1/providers/4/declaration", declaration, op_).status, 403);
  EXPECT_EQ(Put("/api/v1/providers/3/declaration", declaration, op_).status, 403);
  EXPECT_EQ(Put("/api/v1/providers/4/declaration", json::object{{"services", json::array{}}}, prov_).status, 400);
  auto d = Put("/api/v1/providers/4/declaration", declaration, prov_);
  ASSERT_EQ(d.status, 200) << d.body;

  // Public: no credentials at all.
  auto list = server_.Request("GET", "/api/v1/providers");
  ASSERT_EQ(list.status, 200) << list.body;
  const auto body = list.Json();
  const auto& items = body.at("items").as_array();
  ASSERT_EQ(items.size(), 1u);
  EXPECT_EQ(items[0].at("name").as_string(), "Demo Security Provider");
  EXPECT_EQ(items[0].at("conformity").as_string(), "not_assessed");
  EXPECT_EQ(items[0].at("services").as_array().size(), 2u);
  EXPECT_EQ(server_.Request("GET", "/api/v1/providers/4").status, 200);
  EXPECT_EQ(server_.Request("GET", "/api/v1/providers/3").status, 404);
}

}  // namespace
}  // namespace qx::testing
