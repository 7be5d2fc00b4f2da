// The API over real HTTP: sessions, CSRF, throttling, tokens, and bad input of every kind getting
// a clear 4xx and changing nothing.
#include <gtest/gtest.h>

#include "test_server.h"

namespace qx::testing {
namespace {

using Headers = std::vector<std::pair<std::string, std::string>>;

class ApiTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto [cookie, csrf] = server_.Login("regulator.admin");
    admin_ = {{"Cookie", cookie}, {"X-CSRF-Token", csrf}};
  }
  std::int64_t AuditCount() {
    auto r = server_.Request("GET", "/api/v1/audit?limit=1000", "", admin_);
    return static_cast<std::int64_t>(r.Json().at("items").as_array().size());
  }
  TestServer server_{64 * 1024};
  Headers admin_;
};

TEST_F(ApiTest, HealthAndMetrics) {
  auto health = server_.Request("GET", "/healthz");
  EXPECT_EQ(health.status, 200);
  EXPECT_EQ(health.body, R"({"status":"ok","database":")" + server_.backend() + R"("})");
  server_.Request("GET", "/api/v1/orgs");
  auto metrics = server_.Request("GET", "/metrics");
  EXPECT_EQ(metrics.status, 200);
  EXPECT_NE(metrics.body.find(R"(qalxan_http_requests_total{method="GET",route="/api/v1/orgs",status="401"} 1)"),
            std::string::npos) << metrics.body;
  EXPECT_NE(metrics.body.find("qalxan_http_request_duration_seconds_bucket"), std::string::npos);
  EXPECT_NE(metrics.body.find("qalxan_db_transaction_duration_seconds_count"), std::string::npos);
}

TEST_F(ApiTest, SessionCookieIsHardenedAndLogoutEndsIt) {
  auto login = server_.Request("POST", "/api/v1/session",
                               R"({"username":"operator.admin","password":"bootstrap-password-1"})");
  ASSERT_EQ(login.status, 200);
  const std::string cookie = login.Header("Set-Cookie");
  EXPECT_NE(cookie.find("HttpOnly"), std::string::npos);
  EXPECT_NE(cookie.find("SameSite=Strict"), std::string::npos);
  EXPECT_EQ(login.body.find("password"), std::string::npos);
  const Headers session = {{"Cookie", cookie.substr(0, cookie.find(';'))},
                           {"X-CSRF-Token", std::string(login.Json().at("csrf_token").as_string())}};
  auto me = server_.Request("GET", "/api/v1/session", "", session);
  ASSERT_EQ(me.status, 200);
  EXPECT_EQ(me.Json().at("user").at("username").as_string(), "operator.admin");
  EXPECT_EQ(me.Json().at("org").at("kind").as_string(), "operator");
  const auto logout = server_.Request("DELETE", "/api/v1/session", "", session);
  EXPECT_EQ(logout.status, 204);
  EXPECT_EQ(logout.Header("Content-Length"), "");  // none on a 204 (RFC 9110 8.6)
  EXPECT_EQ(server_.Request("GET", "/api/v1/session", "", session).status, 401);
}

TEST_F(ApiTest, StateChangesWithACookieNeedTheCsrfHeader) {
  const std::string body = R"({"name":"csrf org","kind":"provider"})";
  const Headers cookie_only = {admin_[0]};
  EXPECT_EQ(server_.Request("POST", "/api/v1/orgs", body, cookie_only).status, 403);
  const Headers wrong = {admin_[0], {"X-CSRF-Token", "forged"}};
  EXPECT_EQ(server_.Request("POST", "/api/v1/orgs", body, wrong).status, 403);
  EXPECT_EQ(server_.Request("POST", "/api/v1/orgs", body, admin_).status, 201);
}

TEST_F(ApiTest, RepeatedFailuresLockTheUsernameEvenForTheRightPassword) {
  const std::string bad = R"({"username":"cert.admin","password":"wrong-password-1"})";
  for (int i = 0; i < 4; ++i) EXPECT_EQ(server_.Request("POST", "/api/v1/session", bad).status, 401);
  EXPECT_EQ(server_.Request("POST", "/api/v1/session", bad).status, 401);  // the fifth locks
  auto locked = server_.Request("POST", "/api/v1/session",
                                R"({"username":"cert.admin","password":"bootstrap-password-1"})");
  EXPECT_EQ(locked.status, 429);
  EXPECT_FALSE(locked.Header("Retry-After").empty());
  // Other users are not affected.
  server_.Login("provider.admin");
}

TEST_F(ApiTest, UnknownUsersAndWrongPasswordsLookTheSame) {
  auto unknown = server_.Request("POST", "/api/v1/session", R"({"username":"nobody","password":"x-password-123"})");
  auto wrong = server_.Request("POST", "/api/v1/session", R"({"username":"operator.admin","password":"x-password-123"})");
  EXPECT_EQ(unknown.status, 401);
  EXPECT_EQ(unknown.body, wrong.body);
}

TEST_F(ApiTest, TokensWorkUntilRevokedAndAreShownOnce) {
  auto created = server_.Request("POST", "/api/v1/orgs/3/tokens",
                                 R"({"name":"matcher","role":"machine","expires_in_days":7})", admin_);
  ASSERT_EQ(created.status, 201) << created.body;
  const std::string secret(created.Json().at("secret").as_string());
  const auto id = created.Json().at("token").at("id").as_int64();
  const Headers bearer = {{"Authorization", "Bearer " + secret}};
  EXPECT_EQ(server_.Request("GET", "/api/v1/orgs/3", "", bearer).status, 200);
  // The scheme in any case (RFC 9110 11.1): authn.cc reads bearer tokens, people's and agents'.
  EXPECT_EQ(server_.Request("GET", "/api/v1/orgs/3", "", {{"Authorization", "bearer " + secret}}).status, 200);
  auto listed = server_.Request("GET", "/api/v1/orgs/3/tokens", "", admin_);
  EXPECT_EQ(listed.body.find(secret), std::string::npos);
  EXPECT_EQ(server_.Request("DELETE", "/api/v1/tokens/" + std::to_string(id), "", admin_).status, 204);
  EXPECT_EQ(server_.Request("GET", "/api/v1/orgs/3", "", bearer).status, 401);
}

TEST_F(ApiTest, BadBodiesAreClear4xxAndChangeNothing) {
  const std::int64_t before = AuditCount();
  struct Case {
    std::string body;
    std::string content_type;
    int status;
  };
  const Case cases[] = {
      {"{not json", "application/json", 400},
      {"[1,2]", "application/json", 400},
      {R"({"name": 5, "kind": "provider"})", "application/json", 400},
      {R"({"name": "x", "kind": "pirate"})", "application/json", 400},
      {R"({"name": "x", "kind": "operator", "sector": "moon"})", "application/json", 400},
      {R"({"name": "", "kind": "provider"})", "application/json", 400},
      {R"({"name": "x", "kind": "provider"})", "text/plain", 415},
      {std::string(40, '[') + std::string(40, ']'), "application/json", 400},
      {R"({"name": "State Service for Information Security", "kind": "regulator"})", "application/json", 409},
  };
  for (const Case& c : cases) {
    Headers h = admin_;
    h.emplace_back("Content-Type", c.content_type);
    auto r = server_.Request("POST", "/api/v1/orgs", c.body, h);
    EXPECT_EQ(r.status, c.status) << c.body << " -> " << r.body;
    EXPECT_TRUE(r.Json().at("error").at("message").is_string());
  }
  auto weak = server_.Request("POST", "/api/v1/orgs/3/users",
      R"({"username":"weak","display_name":"W","role":"staff","password":"short"})", admin_);
  EXPECT_EQ(weak.status, 400);
  auto machine = server_.Request("POST", "/api/v1/orgs/3/users",
      R"({"username":"robot","display_name":"R","role":"machine","password":"long-enough-pass"})", admin_);
  EXPECT_EQ(machine.status, 400);
  EXPECT_EQ(AuditCount(), before);
}

TEST_F(ApiTest, OversizedBodiesAre413) {
  const std::string huge = R"({"name":")" + std::string(100 * 1024, 'x') + R"(","kind":"provider"})";
  EXPECT_EQ(server_.Request("POST", "/api/v1/orgs", huge, admin_).status, 413);
}

TEST_F(ApiTest, BadCredentialsAre401) {
  for (const Headers& h : std::vector<Headers>{
           {{"Authorization", "Bearer qxt_forged"}},
           {{"Authorization", "Bearer " + std::string(500, 'a')}},
           {{"Authorization", "Basic YWxhZGRpbjpvcGVuc2VzYW1l"}},
           {{"Cookie", "qx_session=qxs_forged"}},
           {{"Cookie", "qx_session=" + std::string(300, '%')}}}) {
    EXPECT_EQ(server_.Request("GET", "/api/v1/orgs", "", h).status, 401) << h[0].second;
  }
}

TEST_F(ApiTest, UnknownIdsAndPathsAre404AndWrongMethods405) {
  EXPECT_EQ(server_.Request("GET", "/api/v1/orgs/999", "", admin_).status, 404);
  EXPECT_EQ(server_.Request("GET", "/api/v1/orgs/abc", "", admin_).status, 404);
  EXPECT_EQ(server_.Request("GET", "/api/v1/orgs/-1/users", "", admin_).status, 404);
  EXPECT_EQ(server_.Request("GET", "/api/v1/nothing", "", admin_).status, 404);
  EXPECT_EQ(server_.Request("PUT", "/api/v1/orgs", "{}", admin_).status, 405);
  EXPECT_EQ(server_.Request("GET", "/api/v1/orgs?limit=0", "", admin_).status, 400);
  EXPECT_EQ(server_.Request("GET", "/api/v1/orgs?cursor=x", "", admin_).status, 400);
  EXPECT_EQ(server_.Request("GET", "/api/v1/audit?since=yesterday", "", admin_).status, 400);
}

TEST_F(ApiTest, MalformedHttpAndTraversalAre400) {
  EXPECT_NE(server_.Raw("GET /../../etc/passwd HTTP/1.1\r\nHost: x\r\n\r\n").find("HTTP/1.1 400"), std::string::npos);
  EXPECT_NE(server_.Raw("GET /%2e%2e/etc/passwd HTTP/1.1\r\nHost: x\r\n\r\n").find("HTTP/1.1 400"), std::string::npos);
  EXPECT_NE(server_.Raw("THIS IS NOT HTTP\r\n\r\n").find("HTTP/1.1 400"), std::string::npos);
  EXPECT_NE(server_.Raw("GET / HTTP/1.1\r\nHost: x\r\nX-Big: " + std::string(20000, 'a') + "\r\n\r\n")
                .find("HTTP/1.1 431"), std::string::npos);
  // The server is still fine afterwards.
  EXPECT_EQ(server_.Request("GET", "/healthz").status, 200);
}

TEST_F(ApiTest, KeepAliveServesSeveralRequestsOnOneConnection) {
  const std::string one = "GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n";
  const std::string last = "GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n";
  const std::string answer = server_.Raw(one + one + last);
  size_t count = 0;
  for (size_t at = answer.find("HTTP/1.1 200"); at != std::string::npos; at = answer.find("HTTP/1.1 200", at + 1)) ++count;
  EXPECT_EQ(count, 3u);
}

TEST_F(ApiTest, AuditTrailFiltersAndPages) {
  auto page1 = server_.Request("GET", "/api/v1/audit?limit=3", "", admin_);
  ASSERT_EQ(page1.status, 200);
  const auto& j = page1.Json();
  ASSERT_EQ(j.at("items").as_array().size(), 3u);
  ASSERT_TRUE(j.at("next").is_string());
  const auto page2 = server_.Request("GET", "/api/v1/audit?limit=3&cursor=" + std::string(j.at("next").as_string()), "", admin_).Json();
  EXPECT_EQ(page2.at("items").as_array()[0].at("seq").as_int64(), 4);
  const auto by_actor = server_.Request("GET", "/api/v1/audit?actor=user%3A1", "", admin_).Json();
  ASSERT_FALSE(by_actor.at("items").as_array().empty());
  for (const auto& item : by_actor.at("items").as_array()) {
    EXPECT_EQ(item.at("actor").as_string(), "user:1");
  }
  const auto org3 = server_.Request("GET", "/api/v1/audit?org=3", "", admin_).Json();
  ASSERT_FALSE(org3.at("items").as_array().empty());
  for (const auto& item : org3.at("items").as_array()) EXPECT_EQ(item.at("org_id").as_int64(), 3);
}

}  // namespace
}  // namespace qx::testing
