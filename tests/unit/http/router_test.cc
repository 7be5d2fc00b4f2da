#include "qx/http/router.h"

#include <gtest/gtest.h>

namespace qx::http {
namespace {

Response Text(std::string body) {
  Response r;
  r.body = std::move(body);
  return r;
}

Request Make(Method m, std::string path) {
  Request r;
  r.method = m;
  r.path = std::move(path);
  return r;
}

class RouterTest : public ::testing::Test {
 protected:
  void SetUp() override {
    router_.Add(Method::kGet, "/api/v1/orgs", [](Request&) { return Text("list"); });
    router_.Add(Method::kPost, "/api/v1/orgs", [](Request&) { return Text("create"); });
    router_.Add(Method::kGet, "/api/v1/orgs/{id}/users",
                [](Request& r) { return Text("users of " + r.Param("id")); });
    router_.Add(Method::kGet, "/boom", [](Request&) -> Response { throw std::runtime_error("x"); });
  }
  Router router_;
};

TEST_F(RouterTest, MatchesMethodAndPath) {
  auto req = Make(Method::kPost, "/api/v1/orgs");
  EXPECT_EQ(router_.Dispatch(req).body, "create");
  EXPECT_EQ(req.route, "/api/v1/orgs");
}

TEST_F(RouterTest, ExtractsParametersAndIgnoresTrailingSlash) {
  auto req = Make(Method::kGet, "/api/v1/orgs/42/users/");
  EXPECT_EQ(router_.Dispatch(req).body, "users of 42");
  EXPECT_EQ(req.route, "/api/v1/orgs/{id}/users");
}

TEST_F(RouterTest, UnknownPathIs404AndWrongMethodIs405WithAllow) {
  auto missing = Make(Method::kGet, "/api/v1/nothing");
  EXPECT_EQ(router_.Dispatch(missing).status, 404);
  auto wrong = Make(Method::kDelete, "/api/v1/orgs");
  const Response r = router_.Dispatch(wrong);
  EXPECT_EQ(r.status, 405);
  EXPECT_EQ(r.Header("Allow"), "GET, POST");
}

TEST_F(RouterTest, AThrowingHandlerAnswers500WithoutDetails) {
  auto req = Make(Method::kGet, "/boom");
  const Response r = router_.Dispatch(req);
  EXPECT_EQ(r.status, 500);
  EXPECT_EQ(r.body.find("x\""), std::string::npos);
}

TEST_F(RouterTest, FallbackAnswersUnroutedPaths) {
  router_.SetFallback([](Request&) { return Text("static"); });
  auto req = Make(Method::kGet, "/dashboard");
  EXPECT_EQ(router_.Dispatch(req).body, "static");
}

}  // namespace
}  // namespace qx::http
