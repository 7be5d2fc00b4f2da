// Training completions imported from CSV over real HTTP: a dry run writes nothing, a file with a
// bad row is refused whole with a report per row, duplicates are skipped and counted, limits and
// the media type are enforced, and another organisation's import is forbidden.
#include <gtest/gtest.h>
#include <fmt/format.h>

#include "qx/core/calendar.h"
#include "test_server.h"

namespace qx::testing {
namespace {

namespace json = boost::json;
using Headers = std::vector<std::pair<std::string, std::string>>;

class TrainingImportTest : public ::testing::Test {
 protected:
  // A body limit above the import's own 2 MiB, so that the import's limit is the one tried.
  TrainingImportTest() : server_(8 << 20) {}

  void SetUp() override {
    auto [cookie, csrf] = server_.Login("operator.admin");
    headers_ = {{"Cookie", cookie}, {"X-CSRF-Token", csrf}};
    course_ = Created("/orgs/3/training/courses", {{"title", "Phishing awareness"}, {"recurrence_months", 12}});
    json::array members;
    for (int i = 1; i <= 4; ++i) {
      members.push_back(Created("/orgs/3/training/staff", {{"staff_ref", fmt::format("E{}", i)},
                                                          {"name", "Operator"},
                                                          {"email", fmt::format("e{}@example.az", i)}}));
    }
    audience_ = Created("/orgs/3/training/audiences", {{"name", "Control room"}, {"members", members}});
    auto rule = Call("POST", "/orgs/3/training/rules",
                     json::serialize(json::object{{"requirement_id", "nis-g.2"}, {"course_id", course_},
                                                  {"audience_id", audience_}, {"min_percent", 75}}));
    ASSERT_EQ(rule.status, 201) << rule.body;
  }
  HttpResult Call(const std::string& method, const std::string& path, const std::string& body = "",
                  const std::string& type = "") {
    Headers h = headers_;
    if (!type.empty()) h.emplace_back("Content-Type", type);
    return server_.Request(method, "/api/v1" + path, body, h);
  }
  HttpResult Import(const std::string& csv, const std::string& query = "", std::int64_t org = 3) {
    return Call("POST", fmt::format("/orgs/{}/training/completions/import{}", org, query), csv,
                "text/csv; charset=utf-8");
  }
  std::int64_t Created(const std::string& path, const json::object& body) {
    auto r = Call("POST", path, json::serialize(body));
    EXPECT_EQ(r.status, 201) << path << ": " << r.body;
    return r.status == 201 ? r.Json().at("id").as_int64() : 0;
  }
  std::size_t Recorded() {
    auto r = Call("GET", "/orgs/3/training/completions?limit=1000");
    EXPECT_EQ(r.status, 200) << r.body;
    return r.Json().at("items").as_array().size();
  }
  std::int64_t Trained() {
    auto rules = Call("GET", "/orgs/3/training/rules").Json().at("items").as_array();
    EXPECT_EQ(rules.size(), 1u);
    return rules.empty() ? -1 : rules[0].at("result").at("trained").as_int64();
  }

  TestServer server_;
  Headers headers_;
  std::int64_t course_ = 0;
  std::int64_t audience_ = 0;
  const std::string today_ = FormatDate(DayOf(SystemClock().Now()));
};

TEST_F(TrainingImportTest, ADryRunReportsAndTheImportWritesEveryRowOnce) {
  const std::string csv = fmt::format(
      "\xEF\xBB\xBFstaff_email,course,completed_on\r\n"
      "e1@example.az,\"Phishing awareness\",{0}\r\n"
      "E2@EXAMPLE.AZ,phishing awareness,{0}\r\n"
      "e3@example.az,Phishing awareness,{0}\r\n",
      today_);
  auto dry = Import(csv, "?dry_run=true");
  ASSERT_EQ(dry.status, 200) << dry.body;
  EXPECT_TRUE(dry.Json().at("dry_run").as_bool());
  EXPECT_FALSE(dry.Json().at("imported").as_bool());
  EXPECT_EQ(dry.Json().at("valid").as_int64(), 3);
  EXPECT_EQ(Recorded(), 0u);
  EXPECT_EQ(Trained(), 0);

  auto done = Import(csv);
  ASSERT_EQ(done.status, 201) << done.body;
  EXPECT_TRUE(done.Json().at("imported").as_bool());
  EXPECT_EQ(done.Json().at("created").as_int64(), 3);
  EXPECT_EQ(Recorded(), 3u);
  EXPECT_EQ(Trained(), 3);
  auto listed = Call("GET", "/orgs/3/training/completions").Json().at("items").as_array();
  EXPECT_EQ(listed[0].at("source").as_string(), "csv");

  // The same file again, plus a repeated row and one new row: only the new row is written.
  auto mixed = Import(fmt::format("staff_ref,course_id,completed_on\nE1,{1},{0}\nE4,{1},{0}\nE4,{1},{0}\n",
                                  today_, course_));
  ASSERT_EQ(mixed.status, 201) << mixed.body;
  EXPECT_EQ(mixed.Json().at("created").as_int64(), 1);
  EXPECT_EQ(mixed.Json().at("duplicates").as_int64(), 2);
  EXPECT_EQ(Recorded(), 4u);
  EXPECT_EQ(Trained(), 4);

  // The regulator reads the audit trail.
  auto [cookie, csrf] = server_.Login("regulator.admin");
  const auto audit = server_.Request("GET", "/api/v1/audit?org=3&limit=1000", "", {{"Cookie", cookie}});
  ASSERT_EQ(audit.status, 200) << audit.body;
  EXPECT_NE(audit.body.find("training.completions.import"), std::string::npos);
}

TEST_F(TrainingImportTest, ABadRowRefusesTheWholeFileWithAReport) {
  const std::string csv = fmt::format(
      "staff_ref,course_id,completed_on\n"
      "E1,{0},2026-01-01\n"
      "E404,{0},2026-01-01\n"
      "E2,{0},2026-02-30\n"
      "E3,{0},2999-01-01\n",
      course_);
  for (const std::string query : {"", "?dry_run=true"}) {
    auto r = Import(csv, query);
    ASSERT_EQ(r.status, 400) << r.body;
    const auto report = r.Json();
    EXPECT_FALSE(report.at("imported").as_bool());
    EXPECT_EQ(report.at("error").at("code").as_string(), "invalid_argument");
    const auto& errors = report.at("errors").as_array();
    ASSERT_EQ(errors.size(), 3u) << r.body;
    EXPECT_EQ(errors[0].at("row").as_int64(), 2);
    EXPECT_EQ(errors[0].at("line").as_int64(), 3);
    EXPECT_EQ(errors[0].at("column").as_string(), "staff_ref");
    EXPECT_EQ(errors[1].at("column").as_string(), "completed_on");
    EXPECT_EQ(errors[2].at("row").as_int64(), 4);
  }
  EXPECT_EQ(Recorded(), 0u);

  // A header that names no course, and malformed quoting: 400, nothing written.
  auto header = Import("staff_ref,completed_on\nE1,2026-01-01\n");
  ASSERT_EQ(header.status, 400) << header.body;
  EXPECT_EQ(header.Json().at("errors").as_array()[0].at("row").as_int64(), 0);
  EXPECT_EQ(Import("staff_ref,course_id,completed_on\n\"E1,1,2026-01-01\n").status, 400);
  EXPECT_EQ(Import("").status, 400);
  EXPECT_EQ(Recorded(), 0u);
}

TEST_F(TrainingImportTest, LimitsMediaTypeAndOtherOrganisations) {
  // Over 10,000 rows, and over 2 MiB: 413.
  std::string rows = "staff_ref,course_id,completed_on\n";
  for (int i = 0; i < 10001; ++i) rows += fmt::format("E1,{},2026-01-01\n", course_);
  EXPECT_EQ(Import(rows).status, 413);
  std::string big = "staff_ref,course_id,completed_on\n";
  big += fmt::format("E1,{},2026-01-01,\"{}\"\n", course_, std::string((2 << 20) + 1, 'x'));
  auto too_big = Import(big);
  EXPECT_EQ(too_big.status, 413) << too_big.body.substr(0, 200);
  // Exactly 10,000 rows is allowed (all but one are duplicates of the first).
  std::string most = "staff_ref,course_id,completed_on\n";
  for (int i = 0; i < 10000; ++i) most += fmt::format("E1,{},2026-01-01\n", course_);
  auto ok = Import(most, "?dry_run=1");
  ASSERT_EQ(ok.status, 200) << ok.body.substr(0, 200);
  EXPECT_EQ(ok.Json().at("duplicates").as_int64(), 9999);

  const std::string csv = fmt::format("staff_ref,course_id,completed_on\nE1,{},2026-01-01\n", course_);
  EXPECT_EQ(Call("POST", "/orgs/3/training/completions/import", csv, "application/json").status, 415);
  EXPECT_EQ(Call("POST", "/orgs/3/training/completions/import", csv, "text/plain").status, 415);
  // Another organisation's import is forbidden, dry run or not; an unknown one is too.
  EXPECT_EQ(Import(csv, "", 4).status, 403);
  EXPECT_EQ(Import(csv, "?dry_run=true", 4).status, 403);
  EXPECT_EQ(Recorded(), 0u);
  // Without credentials: 401.
  EXPECT_EQ(server_.Request("POST", "/api/v1/orgs/3/training/completions/import", csv,
                            {{"Content-Type", "text/csv"}}).status,
            401);
}

}  // namespace
}  // namespace qx::testing
