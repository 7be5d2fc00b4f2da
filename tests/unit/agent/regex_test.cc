#include "qx/agent/regex.h"

#include <gtest/gtest.h>

namespace qx::agent {
namespace {

TEST(RegexTest, FindsMatchesWithGroups) {
  auto re = Regex::Compile("^(\\w+)\\s+(\\d+)?", Regex::kMultiline);
  ASSERT_TRUE(re);
  auto m = (*re)->Find("a 1\nbb\n", 0);
  ASSERT_TRUE(m && *m);
  EXPECT_EQ((*m)->groups[0].value(), "a");
  auto second = (*re)->Find("a 1\nbb x\n", 4);
  ASSERT_TRUE(second && *second);
  EXPECT_EQ((*second)->groups[0].value(), "bb");
  EXPECT_FALSE((*second)->groups[1].has_value());
}

TEST(RegexTest, PrunesDirectoriesThatCannotLeadToAMatch) {
  auto re = Regex::Compile("^/etc/audit/rules\\.d/.*\\.rules$");
  ASSERT_TRUE(re);
  EXPECT_TRUE((*re)->CouldMatchBelow("/etc/"));
  EXPECT_TRUE((*re)->CouldMatchBelow("/etc/audit/rules.d/"));
  EXPECT_FALSE((*re)->CouldMatchBelow("/home/"));
  EXPECT_FALSE((*re)->CouldMatchBelow("/etc/ssh/"));
}

TEST(RegexTest, CatastrophicBacktrackingIsAnErrorNotAHang) {
  auto re = Regex::Compile("^(a+)+$");
  ASSERT_TRUE(re);
  const std::string evil = std::string(40, 'a') + "b";
  auto r = (*re)->Search(evil);
  EXPECT_FALSE(r && *r);  // either an error (match limit) or no match, in bounded time
}

TEST(RegexTest, BadPatternsAreErrors) {
  auto re = Regex::Compile("(unclosed");
  ASSERT_FALSE(re);
  EXPECT_NE(re.error().message.find("regex"), std::string::npos);
}

}  // namespace
}  // namespace qx::agent
