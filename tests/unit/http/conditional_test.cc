#include "qx/http/conditional.h"

#include <gtest/gtest.h>

namespace qx::http {
namespace {

Request With(std::vector<std::string> values) {
  Request req;
  for (auto& v : values) req.headers.emplace_back("If-None-Match", std::move(v));
  return req;
}

const std::string kTag = StrongEtag("the representation");

TEST(ConditionalTest, TheStrongTagIsTheQuotedSha256OfTheBytes) {
  EXPECT_EQ(StrongEtag(""), "\"e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855\"");
  EXPECT_NE(StrongEtag("the representation"), StrongEtag("the representation "));
}

TEST(ConditionalTest, ParsesStarAndListsOfEntityTags) {
  auto p = ParseIfNoneMatch(" * ");
  ASSERT_TRUE(p);
  EXPECT_TRUE(p->any);
  p = ParseIfNoneMatch(R"("a", W/"b",,"c,d" ,	"")");
  ASSERT_TRUE(p);
  EXPECT_FALSE(p->any);
  EXPECT_EQ(p->opaque_tags, (std::vector<std::string>{R"("a")", R"("b")", R"("c,d")", R"("")"}));
  p = ParseIfNoneMatch(" , ");  // only empty elements: a list naming nothing
  ASSERT_TRUE(p);
  EXPECT_TRUE(p->opaque_tags.empty());
  for (const char* bad : {"abc", R"("a" "b")", R"("a)", R"(w/"a")", R"(W/ "a")", "*, \"a\"",
                          R"("a"b)", "\"a\x01\"", R"(W/)", "**"}) {
    EXPECT_FALSE(ParseIfNoneMatch(bad)) << bad;
  }
}

TEST(ConditionalTest, MatchesByTheWeakComparison) {
  EXPECT_TRUE(IfNoneMatchNames(With({kTag}), kTag));
  EXPECT_TRUE(IfNoneMatchNames(With({"W/" + kTag}), kTag));  // weak comparison for If-None-Match
  EXPECT_TRUE(IfNoneMatchNames(With({R"("other", )" + kTag + R"(, "more")"}), kTag));
  EXPECT_TRUE(IfNoneMatchNames(With({"*"}), kTag));
  EXPECT_FALSE(IfNoneMatchNames(With({R"("other")"}), kTag));
  EXPECT_FALSE(
      IfNoneMatchNames(With({kTag.substr(1, kTag.size() - 2)}), kTag));  // unquoted: malformed
  EXPECT_FALSE(IfNoneMatchNames(With({""}), kTag));
  EXPECT_FALSE(IfNoneMatchNames(Request{}, kTag));
  // The header name in any case; several lines are one list; one malformed line spoils the field.
  Request lower;
  lower.headers = {{"if-none-match", kTag}};
  EXPECT_TRUE(IfNoneMatchNames(lower, kTag));
  EXPECT_TRUE(IfNoneMatchNames(With({R"("other")", kTag}), kTag));
  EXPECT_FALSE(IfNoneMatchNames(With({kTag, "garbage"}), kTag));
  EXPECT_FALSE(IfNoneMatchNames(With({"*", kTag}), kTag));  // "*, tag" is no If-None-Match value
  EXPECT_TRUE(HasIfNoneMatch(With({"garbage"})));
  EXPECT_FALSE(HasIfNoneMatch(Request{}));
}

TEST(ConditionalTest, NotModifiedCarriesTheTagAndNoContent) {
  const Response r = NotModified(kTag);
  EXPECT_EQ(r.status, 304);
  EXPECT_EQ(r.Header("ETag"), kTag);
  EXPECT_TRUE(r.body.empty());
  EXPECT_EQ(r.Header("Content-Type"), "");
}

}  // namespace
}  // namespace qx::http
