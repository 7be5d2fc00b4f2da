// Training over real HTTP: an operator's officer records courses, staff, an audience and
// completions; a training rule's result follows; bad input gets a clear 4xx and changes nothing.
#include <gtest/gtest.h>
#include <fmt/format.h>

#include "qx/core/calendar.h"
#include "test_server.h"

namespace qx::testing {
namespace {

namespace json = boost::json;
using Headers = std::vector<std::pair<std::string, std::string>>;

class TrainingApiTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto [cookie, csrf] = server_.Login("operator.admin");
    headers_ = {{"Cookie", cookie}, {"X-CSRF-Token", csrf}};
  }
  HttpResult Call(const std::string& method, const std::string& path, const std::string& body = "") {
    return server_.Request(method, "/api/v1" + path, body, headers_);
  }
  std::int64_t Created(const std::string& path, const json::object& body) {
    auto r = Call("POST", path, json::serialize(body));
    EXPECT_EQ(r.status, 201) << path << ": " << r.body;
    return r.status == 201 ? r.Json().at("id").as_int64() : 0;
  }

  TestServer server_;
  Headers headers_;
};

TEST_F(TrainingApiTest, ARuleFollowsTheCompletionsOfItsAudience) {
  const std::int64_t course = Created("/orgs/3/training/courses",
                                     {{"title", "Phishing awareness"}, {"recurrence_months", 12}});
  json::array members;
  for (int i = 0; i < 3; ++i) {
    members.push_back(Created("/orgs/3/training/staff", {{"staff_ref", fmt::format("E{}", i)}, {"name", "Operator"}}));
  }
  const std::int64_t audience = Created("/orgs/3/training/audiences", {{"name", "Control room"}, {"members", members}});
  auto rule = Call("POST", "/orgs/3/training/rules",
                   json::serialize(json::object{{"requirement_id", "nis-g.2"}, {"course_id", course},
                                                {"audience_id", audience}, {"min_percent", 60}}));
  ASSERT_EQ(rule.status, 201) << rule.body;
  EXPECT_EQ(rule.Json().at("result").at("met").as_bool(), false);
  EXPECT_EQ(rule.Json().at("window_months").as_int64(), 12);

  const std::string today = FormatDate(DayOf(SystemClock().Now()));
  json::array done;
  for (int i = 0; i < 2; ++i) {
    done.push_back(json::object{{"staff_id", members[i]}, {"course_id", course}, {"completed_on", today}});
  }
  auto recorded = Call("POST", "/orgs/3/training/completions", json::serialize(json::object{{"completions", done}}));
  ASSERT_EQ(recorded.status, 201) << recorded.body;
  EXPECT_EQ(recorded.Json().at("items").as_array().size(), 2u);

  auto rules = Call("GET", "/orgs/3/training/rules").Json().at("items").as_array();
  ASSERT_EQ(rules.size(), 1u);
  const auto& result = rules[0].at("result");
  EXPECT_EQ(result.at("trained").as_int64(), 2);
  EXPECT_EQ(result.at("members").as_int64(), 3);
  EXPECT_TRUE(result.at("met").as_bool());
  EXPECT_EQ(rules[0].at("course_title").as_string(), "Phishing awareness");

  auto status = Call("GET", fmt::format("/orgs/3/training/courses/{}/status?audience={}", course, audience));
  ASSERT_EQ(status.status, 200) << status.body;
  const auto states = status.Json().at("items").as_array();
  ASSERT_EQ(states.size(), 3u);
  EXPECT_EQ(states[0].at("state").as_string(), "current");
  EXPECT_EQ(states[2].at("state").as_string(), "never");

  EXPECT_EQ(Call("DELETE", fmt::format("/training/rules/{}", rule.Json().at("id").as_int64())).status, 204);
  EXPECT_TRUE(Call("GET", "/orgs/3/training/rules").Json().at("items").as_array().empty());
}

TEST_F(TrainingApiTest, BadInputIsRefusedAndChangesNothing) {
  const std::int64_t course = Created("/orgs/3/training/courses", {{"title", "Induction"}});
  const std::int64_t person = Created("/orgs/3/training/staff", {{"staff_ref", "E1"}, {"name", "Operator"}});
  auto completions = [&](const std::string& date, std::int64_t staff) {
    json::array list{json::object{{"staff_id", person}, {"course_id", course}, {"completed_on", "2026-01-01"}},
                     json::object{{"staff_id", staff}, {"course_id", course}, {"completed_on", date}}};
    return Call("POST", "/orgs/3/training/completions", json::serialize(json::object{{"completions", list}}));
  };
  EXPECT_EQ(completions("2026-02-30", person).status, 400);
  EXPECT_EQ(completions("01/02/2026", person).status, 400);
  EXPECT_EQ(completions("2999-01-01", person).status, 400);
  EXPECT_EQ(completions("2026-01-02", 99999).status, 404);
  EXPECT_TRUE(Call("GET", "/orgs/3/training/completions").Json().at("items").as_array().empty());

  EXPECT_EQ(Call("POST", "/orgs/3/training/courses", R"({"title":""})").status, 400);
  EXPECT_EQ(Call("POST", "/orgs/3/training/courses", R"({"title":"Induction"})").status, 409);
  EXPECT_EQ(Call("POST", "/orgs/3/training/courses", R"({"title":"X","recurrence_months":-1})").status, 400);
  EXPECT_EQ(Call("POST", "/orgs/3/training/courses", R"({"title":"X","recurrence_months":1e300})").status, 400);
  EXPECT_EQ(Call("POST", "/orgs/3/training/staff", R"({"staff_ref":"E2","name":"A","email":"not-an-address"})").status,
            400);
  EXPECT_EQ(Call("POST", "/orgs/3/training/audiences", R"({"name":"A","members":["x"]})").status, 400);
  EXPECT_EQ(Call("POST", "/orgs/3/training/rules",
                 fmt::format(R"({{"requirement_id":"r","course_id":{},"audience_id":424242}})", course)).status,
            404);
  EXPECT_EQ(Call("GET", fmt::format("/orgs/3/training/courses/{}/status", course)).status, 400);
  EXPECT_EQ(Call("GET", "/orgs/3/training/completions?course=abc").status, 400);
  EXPECT_EQ(Call("POST", "/orgs/3/training/completions", R"({"completions":"none"})").status, 400);
}

}  // namespace
}  // namespace qx::testing
