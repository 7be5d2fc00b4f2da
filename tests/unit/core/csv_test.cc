#include "qx/core/csv.h"

#include <gtest/gtest.h>

namespace qx {
namespace {

TEST(ParseCsvTest, QuotesCommasNewlinesAndBom) {
  auto t = ParseCsv("\xEF\xBB\xBFname,description\r\n\"Plant, \"\"North\"\"\",\"two\nlines\"\n\nlast,x");
  ASSERT_TRUE(t) << t.error().message;
  ASSERT_EQ(t->records.size(), 3u);
  EXPECT_EQ(t->records[0][0], "name");
  EXPECT_EQ(t->records[1][0], "Plant, \"North\"");
  EXPECT_EQ(t->records[1][1], "two\nlines");
  EXPECT_EQ(t->records[2][0], "last");
  EXPECT_EQ(t->line_of[1], 2);
  EXPECT_EQ(t->line_of[2], 5);
}

TEST(ParseCsvTest, MalformedQuotingIsAnErrorWithItsLine) {
  auto open = ParseCsv("name\n\"never closed\n");
  ASSERT_FALSE(open);
  EXPECT_NE(open.error().message.find("line 2"), std::string::npos);
  auto trailing = ParseCsv("name\n\"x\"y\n");
  ASSERT_FALSE(trailing);
  EXPECT_NE(trailing.error().message.find("line 2"), std::string::npos);
}

TEST(ParseCsvTest, RowLimitIsPayloadTooLarge) {
  auto over = ParseCsv("a\nb\nc\n", 2);
  ASSERT_FALSE(over);
  EXPECT_EQ(over.error().code, ErrorCode::kPayloadTooLarge);
  EXPECT_TRUE(ParseCsv("a\nb\n", 2));
  EXPECT_TRUE(ParseCsv("a\n\n\nb\n\n", 2));  // blank lines are not records
}

TEST(ParseCsvTest, CrlfInsideQuotesAndEmptyFields) {
  auto t = ParseCsv("a,b,c\r\n\"x\r\ny\",,\"\"\r\n");
  ASSERT_TRUE(t) << t.error().message;
  ASSERT_EQ(t->records.size(), 2u);
  ASSERT_EQ(t->records[1].size(), 3u);
  EXPECT_EQ(t->records[1][0], "x\r\ny");
  EXPECT_EQ(t->records[1][1], "");
  EXPECT_EQ(t->records[1][2], "");
}

}  // namespace
}  // namespace qx
