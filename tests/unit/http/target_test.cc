#include "qx/http/target.h"

#include <gtest/gtest.h>

namespace qx::http {
namespace {

TEST(TargetTest, SplitsAndDecodesPathAndQuery) {
  auto t = ParseTarget("/api/v1/audit?actor=user%3A1&since=2026-01-01T00%3A00%3A00Z&x=a+b&flag");
  ASSERT_TRUE(t);
  EXPECT_EQ(t->path, "/api/v1/audit");
  EXPECT_EQ(t->query.find("actor")->second, "user:1");
  EXPECT_EQ(t->query.find("since")->second, "2026-01-01T00:00:00Z");
  EXPECT_EQ(t->query.find("x")->second, "a b");
  EXPECT_EQ(t->query.find("flag")->second, "");
}

TEST(TargetTest, RejectsTraversalInAnySpelling) {
  for (const char* bad : {"/../etc/passwd", "/assets/../../etc/passwd", "/%2e%2e/etc/passwd",
                          "/a/%2E%2E/b", "/a/./b", "/a/..", "/a%5c..%5cb"}) {
    EXPECT_FALSE(ParseTarget(bad)) << bad;
  }
}

TEST(TargetTest, RejectsBadEscapesNulAndRelativeTargets) {
  for (const char* bad : {"", "api/v1", "/a%2", "/a%zz", "/a%00b", "/a?x=%", "http://x/a"}) {
    EXPECT_FALSE(ParseTarget(bad)) << bad;
  }
}

TEST(TargetTest, FindsCookiesAmongOthers) {
  EXPECT_EQ(CookieValue("a=1; qx_session=qxs_abc; b=2", "qx_session"), "qxs_abc");
  EXPECT_EQ(CookieValue("qx_session=", "qx_session"), "");
  EXPECT_EQ(CookieValue("xqx_session=1", "qx_session"), std::nullopt);
  EXPECT_EQ(CookieValue("garbage;;;=", "qx_session"), std::nullopt);
}

}  // namespace
}  // namespace qx::http
