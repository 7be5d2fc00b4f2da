// Campaigns over HTTP: the regulator plans one by sector, every subject gets (or is linked to) an
// assessment on the campaign's profile version, and the board follows the operators' work; an
// operator sees only its own rows.
#include <gtest/gtest.h>
#include <fmt/format.h>

#include "test_server.h"

namespace qx::testing {
namespace {

namespace json = boost::json;
using Headers = std::vector<std::pair<std::string, std::string>>;

json::object MiniProfile(const std::string& version, const std::string& interval) {
  return {{"profile",
           json::object{{"uuid", "5b1f0a52-3c55-4a8e-9d1e-7f6c2b9a0d11"},
                        {"metadata", json::object{{"title", "Oil and gas"},
                                                  {"last-modified", "2026-11-01T00:00:00Z"},
                                                  {"version", version},
                                                  {"oscal-version", "1.1.2"}}},
                        {"imports", json::array{json::object{{"href", "mini.catalog.json"},
                                                             {"include-controls", json::array{json::object{
                                                                  {"with-ids", json::array{"pol-1", "acc-1"}}}}}}}},
                        {"modify", json::object{{"set-parameters",
                                                 json::array{json::object{{"param-id", "pol-1_prm_1"},
                                                                          {"values", json::array{interval}}}}}}}}}};
}

class CampaignTest : public ::testing::Test {
 protected:
  CampaignTest() : server_(1 << 20, QALXAN_FIXTURES "/catalogs-mini") {}

  void SetUp() override {
    auto [oc, os] = server_.Login("operator.admin");
    op_ = {{"Cookie", oc}, {"X-CSRF-Token", os}};
    auto [rc, rs] = server_.Login("regulator.admin");
    reg_ = {{"Cookie", rc}, {"X-CSRF-Token", rs}};
    auto r = Post("/api/v1/catalogs", json::object{{"name", "oil-and-gas"}, {"document", MiniProfile("1.0.0", "yearly")}}, reg_);
    ASSERT_EQ(r.status, 201) << r.body;
    profile_ = r.Json().at("catalog").at("id").as_int64();
    ASSERT_EQ(Post(fmt::format("/api/v1/catalogs/{}/publish", profile_), json::object{}, reg_).status, 200);
    operator_ = Get("/api/v1/session", op_).Json().at("org").at("id").as_int64();
    pipeline_ = Object("Pipeline SCADA", op_);
    refinery_ = Object("Refinery DCS", op_);
    // A second operator of the same sector, with an object and an admin token of its own.
    auto other = Post("/api/v1/orgs", json::object{{"name", "Caspian Gas"}, {"kind", "operator"}, {"sector", "oil_and_gas"}}, reg_);
    ASSERT_EQ(other.status, 201) << other.body;
    other_org_ = other.Json().at("id").as_int64();
    other_object_ = Object("Compressor station", reg_, other_org_);
    auto token = Post(fmt::format("/api/v1/orgs/{}/tokens", other_org_), json::object{{"name", "t"}, {"role", "admin"}}, reg_);
    ASSERT_EQ(token.status, 201) << token.body;
    other_ = {{"Authorization", "Bearer " + std::string(token.Json().at("secret").as_string())}};
  }

  std::int64_t Object(const std::string& name, const Headers& h, std::int64_t owner = 0) {
    json::object body{{"name", name}, {"kind", "it"}};
    if (owner) body["owner_org"] = owner;
    auto r = Post("/api/v1/objects", body, h);
    EXPECT_EQ(r.status, 201) << r.body;
    return r.Json().at("id").as_int64();
  }
  HttpResult Post(const std::string& path, const json::value& body, const Headers& h) {
    Headers with = h;
    with.emplace_back("Content-Type", "application/json");
    return server_.Request("POST", path, json::serialize(body), with);
  }
  HttpResult Get(const std::string& path, const Headers& h) { return server_.Request("GET", path, "", h); }
  json::object Board(std::int64_t id, const Headers& h, const std::string& query = "") {
    auto r = Get(fmt::format("/api/v1/campaigns/{}/board{}", id, query), h);
    EXPECT_EQ(r.status, 200) << r.body;
    return r.Json().as_object();
  }
  json::object CampaignBody() {
    return {{"name", "Oil and gas 2027"}, {"profile_id", profile_}, {"due_at", "2099-06-30T00:00:00Z"},
            {"sector", "oil_and_gas"}};
  }

  TestServer server_;
  Headers op_, reg_, other_;
  std::int64_t profile_ = 0, operator_ = 0, other_org_ = 0;
  std::int64_t pipeline_ = 0, refinery_ = 0, other_object_ = 0;
};

TEST_F(CampaignTest, BySectorOpensOrLinksAssessmentsAndTheBoardFollowsTheOperators) {
  // The pipeline already has an open draft on the same profile version: it is linked.
  auto open = Post("/api/v1/assessments", json::object{{"subject_id", pipeline_}}, op_);
  ASSERT_EQ(open.status, 201) << open.body;
  const auto existing = open.Json().at("id").as_int64();

  // Every object of the sector: the three made here and the demo operator's seeded ones.
  auto objects = Get("/api/v1/objects?limit=1000", reg_);
  ASSERT_EQ(objects.status, 200) << objects.body;
  const std::int64_t total = static_cast<std::int64_t>(objects.Json().at("items").as_array().size());
  const std::int64_t mine_total = total - 1;  // all but the other operator's object
  ASSERT_GE(total, 3);

  auto created = Post("/api/v1/campaigns", CampaignBody(), reg_);
  ASSERT_EQ(created.status, 201) << created.body;
  const auto c = created.Json().as_object();
  const auto id = c.at("id").as_int64();
  EXPECT_EQ(c.at("subjects").as_int64(), total);
  EXPECT_EQ(c.at("created").as_int64(), total - 1);
  EXPECT_EQ(c.at("linked").as_int64(), 1);
  EXPECT_EQ(c.at("profile").at("seq").as_int64(), 1);

  auto board = Board(id, reg_);
  EXPECT_EQ(board.at("total").as_int64(), total);
  EXPECT_EQ(board.at("counts").at("draft").as_int64(), total);
  EXPECT_EQ(board.at("counts").at("overdue").as_int64(), 0);
  const auto& items = board.at("items").as_array();
  ASSERT_EQ(static_cast<std::int64_t>(items.size()), total);
  std::int64_t refinery_assessment = 0;
  for (const auto& row : items) {
    if (row.at("subject_id").as_int64() == pipeline_) {
      EXPECT_EQ(row.at("assessment_id").as_int64(), existing);
      EXPECT_TRUE(row.at("linked").as_bool());
      EXPECT_EQ(row.at("subject_name").as_string(), "Pipeline SCADA");
    }
    if (row.at("subject_id").as_int64() == refinery_) refinery_assessment = row.at("assessment_id").as_int64();
    EXPECT_EQ(row.at("state").as_string(), "draft");
  }
  ASSERT_NE(refinery_assessment, 0);
  // The new assessment carries the campaign and its due date.
  auto a = Get(fmt::format("/api/v1/assessments/{}", refinery_assessment), op_).Json();
  EXPECT_EQ(a.at("campaign_id").as_int64(), id);
  EXPECT_EQ(std::string(a.at("due_at").as_string()).substr(0, 19), "2099-06-30T00:00:00");

  // Paging by cursor.
  auto first = Board(id, reg_, "?limit=2");
  ASSERT_EQ(first.at("items").as_array().size(), 2u);
  ASSERT_TRUE(first.at("next").is_string());
  std::int64_t seen = 2;
  for (json::value next = first.at("next"); !next.is_null();) {
    auto more = Board(id, reg_, "?limit=2&cursor=" + std::string(next.as_string()));
    seen += static_cast<std::int64_t>(more.at("items").as_array().size());
    EXPECT_TRUE(more.at("counts").is_null());  // the regulator's counts come with the first page
    next = more.at("next");
  }
  EXPECT_EQ(seen, total);

  // The operator answers and submits: its row moves to submitted.
  for (const char* control : {"pol-1", "acc-1"}) {
    auto r = server_.Request("PUT", fmt::format("/api/v1/assessments/{}/items/{}/{}", refinery_assessment, profile_, control),
                             R"({"result":"compliant"})", op_);
    ASSERT_EQ(r.status, 200) << r.body;
  }
  ASSERT_EQ(Post(fmt::format("/api/v1/assessments/{}/submit", refinery_assessment), json::object{}, op_).status, 200);
  board = Board(id, reg_);
  EXPECT_EQ(board.at("counts").at("submitted").as_int64(), 1);
  EXPECT_EQ(board.at("counts").at("draft").as_int64(), total - 1);
  auto submitted = Board(id, reg_, "?state=submitted");
  ASSERT_EQ(submitted.at("items").as_array().size(), 1u);
  EXPECT_EQ(submitted.at("items").as_array()[0].at("subject_id").as_int64(), refinery_);
  EXPECT_EQ(submitted.at("total").as_int64(), total);  // counts are of every row

  // Each operator sees its own rows and counts only.
  auto mine = Board(id, op_);
  EXPECT_EQ(mine.at("total").as_int64(), mine_total);
  for (const auto& row : mine.at("items").as_array()) EXPECT_EQ(row.at("owner_org").as_int64(), operator_);
  auto theirs = Board(id, other_);
  ASSERT_EQ(theirs.at("items").as_array().size(), 1u);
  EXPECT_EQ(theirs.at("items").as_array()[0].at("subject_id").as_int64(), other_object_);
  EXPECT_EQ(Get(fmt::format("/api/v1/campaigns/{}", id), other_).Json().at("subjects").as_int64(), 1);
  EXPECT_EQ(Get("/api/v1/campaigns", op_).Json().at("items").as_array().size(), 1u);

  // The audit trail has the campaign.
  auto audit = Get("/api/v1/audit?limit=500", reg_);
  ASSERT_EQ(audit.status, 200);
  EXPECT_NE(audit.body.find("campaign.create"), std::string::npos);
  EXPECT_NE(audit.body.find("campaign.subjects"), std::string::npos);
}

TEST_F(CampaignTest, ASubjectOpenOnAnotherVersionIsNotStartedWithAReason) {
  ASSERT_EQ(Post("/api/v1/assessments", json::object{{"subject_id", pipeline_}}, op_).status, 201);
  // Version 2 of the profile; the campaign rests on it.
  auto v2 = Post("/api/v1/catalogs", json::object{{"name", "oil-and-gas"}, {"document", MiniProfile("2.0.0", "quarterly")}},
                 reg_);
  ASSERT_EQ(v2.status, 201) << v2.body;
  ASSERT_EQ(Post(fmt::format("/api/v1/catalogs/{}/publish", profile_), json::object{}, reg_).status, 200);
  json::object body = CampaignBody();
  body.erase("sector");
  body["subjects"] = json::array{json::object{{"subject_kind", "object"}, {"subject_id", pipeline_}},
                                 json::object{{"subject_id", refinery_}}};
  auto created = Post("/api/v1/campaigns", body, reg_);
  ASSERT_EQ(created.status, 201) << created.body;
  EXPECT_EQ(created.Json().at("profile").at("seq").as_int64(), 2);
  EXPECT_EQ(created.Json().at("not_started").as_int64(), 1);
  EXPECT_EQ(created.Json().at("created").as_int64(), 1);
  auto board = Board(created.Json().at("id").as_int64(), reg_, "?state=not_started");
  ASSERT_EQ(board.at("items").as_array().size(), 1u);
  const auto& row = board.at("items").as_array()[0];
  EXPECT_EQ(row.at("subject_id").as_int64(), pipeline_);
  EXPECT_TRUE(row.at("assessment_id").is_null());
  EXPECT_NE(std::string(row.at("note").as_string()).find("another profile version"), std::string::npos);
}

TEST_F(CampaignTest, AFailureHalfwayLeavesNoCampaignAndNoAssessment) {
  // The database refuses the refinery's assessment, in the middle of the campaign's writes.
  if (server_.backend() == "postgresql") {
    server_.Sql("CREATE FUNCTION qx_test_refuse() RETURNS trigger AS $$ BEGIN RAISE EXCEPTION 'injected'; END $$ "
                "LANGUAGE plpgsql;" +
                fmt::format("CREATE TRIGGER qx_test_refuse BEFORE INSERT ON assessments FOR EACH ROW "
                            "WHEN (NEW.subject_id = {}) EXECUTE FUNCTION qx_test_refuse();",
                            refinery_));
  } else {
    server_.Sql(fmt::format("CREATE TRIGGER qx_test_refuse BEFORE INSERT ON assessments WHEN NEW.subject_id = {} "
                            "BEGIN SELECT RAISE(ABORT, 'injected'); END;",
                            refinery_));
  }
  auto failed = Post("/api/v1/campaigns", CampaignBody(), reg_);
  EXPECT_GE(failed.status, 400) << failed.body;
  auto campaigns = Get("/api/v1/campaigns", reg_);
  ASSERT_EQ(campaigns.status, 200) << campaigns.body;
  EXPECT_TRUE(campaigns.Json().at("items").as_array().empty()) << campaigns.body;
  auto assessments = Get("/api/v1/assessments?limit=1000", reg_);
  ASSERT_EQ(assessments.status, 200) << assessments.body;
  EXPECT_TRUE(assessments.Json().at("items").as_array().empty()) << assessments.body;

  // Without the fault the same request opens every subject's assessment.
  server_.Sql("DROP TRIGGER qx_test_refuse" + std::string(server_.backend() == "postgresql" ? " ON assessments" : ""));
  auto created = Post("/api/v1/campaigns", CampaignBody(), reg_);
  ASSERT_EQ(created.status, 201) << created.body;
  auto objects = Get("/api/v1/objects?limit=1000", reg_);
  EXPECT_EQ(created.Json().at("created").as_int64(),
            static_cast<std::int64_t>(objects.Json().at("items").as_array().size()));
}

TEST_F(CampaignTest, RefusesWhatIsWrongAndWhoMayNot) {
  EXPECT_EQ(Post("/api/v1/campaigns", CampaignBody(), op_).status, 403);
  json::object past = CampaignBody();
  past["due_at"] = "2020-01-01T00:00:00Z";
  EXPECT_EQ(Post("/api/v1/campaigns", past, reg_).status, 400);
  json::object both = CampaignBody();
  both["subjects"] = json::array{json::object{{"subject_id", pipeline_}}};
  EXPECT_EQ(Post("/api/v1/campaigns", both, reg_).status, 400);
  json::object nobody = CampaignBody();
  nobody["sector"] = "telecom";
  EXPECT_EQ(Post("/api/v1/campaigns", nobody, reg_).status, 400);
  json::object missing = CampaignBody();
  missing["sector"] = nullptr;
  missing["subjects"] = json::array{json::object{{"subject_id", 99999}}};
  EXPECT_EQ(Post("/api/v1/campaigns", missing, reg_).status, 400);
  json::object no_due = CampaignBody();
  no_due.erase("due_at");
  EXPECT_EQ(Post("/api/v1/campaigns", no_due, reg_).status, 400);
  // Nothing was written by the refused calls.
  EXPECT_EQ(Get("/api/v1/campaigns", reg_).Json().at("items").as_array().size(), 0u);
  EXPECT_EQ(Get("/api/v1/campaigns/77", reg_).status, 404);

  auto created = Post("/api/v1/campaigns", CampaignBody(), reg_);
  ASSERT_EQ(created.status, 201) << created.body;
  const auto id = created.Json().at("id").as_int64();
  EXPECT_EQ(Get(fmt::format("/api/v1/campaigns/{}/board?state=late", id), reg_).status, 400);
}

TEST_F(CampaignTest, AssessmentExportsDownloadAsOscalAndCsvForWhoMayReadIt) {
  auto open = Post("/api/v1/assessments", json::object{{"subject_id", pipeline_}}, op_);
  ASSERT_EQ(open.status, 201) << open.body;
  const auto a = open.Json().at("id").as_int64();
  auto answer = server_.Request("PUT", fmt::format("/api/v1/assessments/{}/items/{}/pol-1", a, profile_),
                                R"({"result":"compliant","comment":"=cmd|' /C calc'!A0"})", op_);
  ASSERT_EQ(answer.status, 200) << answer.body;

  auto oscal = Get(fmt::format("/api/v1/assessments/{}/export.oscal.json", a), reg_);
  ASSERT_EQ(oscal.status, 200) << oscal.body;
  EXPECT_NE(oscal.Header("Content-Disposition").find("attachment"), std::string::npos);
  const auto ar = oscal.Json().at("assessment-results").as_object();
  EXPECT_EQ(ar.at("metadata").at("oscal-version").as_string(), "1.1.2");
  const auto& findings = ar.at("results").as_array()[0].at("findings").as_array();
  ASSERT_EQ(findings.size(), 2u);
  EXPECT_EQ(findings[0].at("target").at("target-id").as_string(), "pol-1");
  EXPECT_EQ(findings[0].at("target").at("status").at("state").as_string(), "satisfied");

  auto csv = Get(fmt::format("/api/v1/assessments/{}/export.csv", a), op_);
  ASSERT_EQ(csv.status, 200) << csv.body;
  EXPECT_EQ(csv.Header("Content-Type").rfind("text/csv", 0), 0u);
  EXPECT_NE(csv.body.find("pol-1"), std::string::npos);
  EXPECT_NE(csv.body.find("'=cmd|"), std::string::npos) << csv.body;  // neutralised

  // Another operator may not read it; nor can anyone export what does not exist.
  EXPECT_EQ(Get(fmt::format("/api/v1/assessments/{}/export.csv", a), other_).status, 403);
  EXPECT_EQ(Get(fmt::format("/api/v1/assessments/{}/export.oscal.json", a), other_).status, 403);
  EXPECT_EQ(Get("/api/v1/assessments/99999/export.csv", reg_).status, 404);
}

}  // namespace
}  // namespace qx::testing
