// The AST ParsePattern builds for each construct of the grammar.

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "qx/stix/pattern.h"
#include "stix_test_util.h"

namespace qx::stix {
namespace {

using ::testing::ElementsAre;
using testing::MustParse;

// The single comparison of a one-observation, one-comparison pattern.
Comparison OnlyComparison(std::string_view text) {
  const Pattern p = MustParse(text);
  EXPECT_EQ(p.root.op, ObservationOp::kObservation) << text;
  EXPECT_EQ(p.root.comparison.op, BoolOp::kComparison) << text;
  return p.root.comparison.comparison;
}

PathStep Key(std::string key) { return PathStep{PathStep::Kind::kKey, std::move(key), 0}; }
PathStep Index(int64_t i) { return PathStep{PathStep::Kind::kIndex, "", i}; }
PathStep AnyIndex() { return PathStep{PathStep::Kind::kAnyIndex, "", 0}; }

TEST(PatternParserTest, ParsesObjectPathWithKeysIndexesAndQuotedKeys) {
  const Comparison c =
      OnlyComparison("[file:extensions.'windows-pebinary-ext'.sections[*].entropy > 7.0]");
  EXPECT_EQ(c.path.object_type, "file");
  EXPECT_THAT(c.path.steps, ElementsAre(Key("extensions"), Key("windows-pebinary-ext"),
                                        Key("sections"), AnyIndex(), Key("entropy")));
  EXPECT_EQ(c.op, ComparisonOp::kGreater);
  EXPECT_EQ(c.value.type, ConstantType::kFloat);
  EXPECT_DOUBLE_EQ(c.value.real, 7.0);
  EXPECT_EQ(c.value.text, "7.0");
}

TEST(PatternParserTest, ParsesListIndexesIncludingNegativeOnes) {
  EXPECT_THAT(OnlyComparison("[network-traffic:protocols[0] = 'tcp']").path.steps,
              ElementsAre(Key("protocols"), Index(0)));
  EXPECT_THAT(OnlyComparison("[x:a[-1].b[+2] = 1]").path.steps,
              ElementsAre(Key("a"), Index(-1), Key("b"), Index(2)));
}

TEST(PatternParserTest, QuotedFirstComponentAndKeysWithSpecialCharacters) {
  EXPECT_THAT(OnlyComparison(R"([x-custom:'first-prop'.'a.b'.'it\'s'[1] = 1])").path.steps,
              ElementsAre(Key("first-prop"), Key("a.b"), Key("it's"), Index(1)));
}

TEST(PatternParserTest, ParsesEveryComparisonOperatorAndItsAlternateSpellings) {
  const std::vector<std::pair<std::string, ComparisonOp>> cases = {
      {"[a:b = 1]", ComparisonOp::kEqual},
      {"[a:b == 1]", ComparisonOp::kEqual},
      {"[a:b != 1]", ComparisonOp::kNotEqual},
      {"[a:b <> 1]", ComparisonOp::kNotEqual},
      {"[a:b > 1]", ComparisonOp::kGreater},
      {"[a:b < 1]", ComparisonOp::kLess},
      {"[a:b >= 1]", ComparisonOp::kGreaterEqual},
      {"[a:b <= 1]", ComparisonOp::kLessEqual},
      {"[a:b IN (1, 2)]", ComparisonOp::kIn},
      {"[a:b LIKE 'x%']", ComparisonOp::kLike},
      {"[a:b MATCHES '^x$']", ComparisonOp::kMatches},
      {"[a:b ISSUBSET '10.0.0.0/8']", ComparisonOp::kIsSubset},
      {"[a:b ISSUPERSET '::1']", ComparisonOp::kIsSuperset},
      {"[EXISTS a:b]", ComparisonOp::kExists},
  };
  for (const auto& [text, op] : cases) {
    const Comparison c = OnlyComparison(text);
    EXPECT_EQ(c.op, op) << text;
    EXPECT_FALSE(c.negated) << text;
  }
}

TEST(PatternParserTest, NotNegatesTheOperator) {
  for (const std::string text :
       {"[a:b NOT = 1]", "[a:b NOT IN ('x')]", "[a:b NOT LIKE 'x']", "[a:b NOT MATCHES 'x']",
        "[a:b NOT ISSUBSET '10.0.0.0/8']", "[a:b NOT ISSUPERSET '10.0.0.1']", "[a:b NOT > 2]"}) {
    EXPECT_TRUE(OnlyComparison(text).negated) << text;
  }
}

TEST(PatternParserTest, DecodesStringEscapes) {
  EXPECT_EQ(OnlyComparison(R"([a:b = 'it\'s a \\ path'])").value.text, R"(it's a \ path)");
  EXPECT_EQ(OnlyComparison("[a:b = '']").value.text, "");
  EXPECT_EQ(OnlyComparison("[a:b = 'çıxış ✓']").value.text, "çıxış ✓");
}

TEST(PatternParserTest, ParsesNumbers) {
  Constant c = OnlyComparison("[a:b = -42]").value;
  EXPECT_EQ(c.type, ConstantType::kInteger);
  EXPECT_EQ(c.integer, -42);
  c = OnlyComparison("[a:b = +7]").value;
  EXPECT_EQ(c.integer, 7);
  EXPECT_EQ(c.text, "7");
  c = OnlyComparison("[a:b = 9223372036854775807]").value;
  EXPECT_EQ(c.integer, INT64_MAX);
  c = OnlyComparison("[a:b > .5]").value;
  EXPECT_EQ(c.type, ConstantType::kFloat);
  EXPECT_DOUBLE_EQ(c.real, 0.5);
  EXPECT_EQ(c.text, "0.5");
  c = OnlyComparison("[a:b < -007.25]").value;
  EXPECT_DOUBLE_EQ(c.real, -7.25);
  EXPECT_EQ(c.text, "-007.25");
}

TEST(PatternParserTest, ParsesBooleansTimestampsBinaryAndHex) {
  Constant c = OnlyComparison("[a:b = true]").value;
  EXPECT_EQ(c.type, ConstantType::kBoolean);
  EXPECT_TRUE(c.boolean);
  EXPECT_FALSE(OnlyComparison("[a:b != false]").value.boolean);

  c = OnlyComparison("[a:b = t'2020-01-01T00:00:00.123456Z']").value;
  EXPECT_EQ(c.type, ConstantType::kTimestamp);
  EXPECT_EQ(c.text, "2020-01-01T00:00:00.123456Z");
  EXPECT_EQ(c.timestamp, 1577836800123);

  c = OnlyComparison("[a:b = b'dGhpcyBpcyBhIHRlc3Q=']").value;
  EXPECT_EQ(c.type, ConstantType::kBinary);
  EXPECT_EQ(c.bytes, "this is a test");
  c = OnlyComparison("[a:b = b'AB\nI=']").value;  // line feeds are ignored (spec 9.2)
  EXPECT_EQ(c.text, "ABI=");
  EXPECT_EQ(c.bytes, std::string("\x00\x12", 2));

  c = OnlyComparison("[a:b = h'7468FF']").value;
  EXPECT_EQ(c.type, ConstantType::kHex);
  EXPECT_EQ(c.text, "7468FF");
  EXPECT_EQ(c.bytes, "th\xFF");
  EXPECT_EQ(OnlyComparison("[a:b = h'']").value.bytes, "");
}

TEST(PatternParserTest, ParsesSets) {
  Constant set = OnlyComparison("[a:b IN ('x', 'y\\'z')]").value;
  ASSERT_EQ(set.type, ConstantType::kSet);
  ASSERT_EQ(set.elements.size(), 2u);
  EXPECT_EQ(set.elements[1].text, "y'z");
  EXPECT_TRUE(OnlyComparison("[a:b IN ()]").value.elements.empty());
  set = OnlyComparison("[a:b IN (1, 2.5, -3)]").value;  // integers and floats mix
  EXPECT_EQ(set.elements.size(), 3u);
  EXPECT_EQ(OnlyComparison("[a:b NOT IN (true)]").value.elements.front().type,
            ConstantType::kBoolean);
}

TEST(PatternParserTest, AndBindsTighterThanOrInComparisons) {
  const Pattern p = MustParse("[a:x = 1 OR a:y = 2 AND a:z = 3]");
  const ComparisonExpr& e = p.root.comparison;
  ASSERT_EQ(e.op, BoolOp::kOr);
  ASSERT_EQ(e.operands.size(), 2u);
  EXPECT_EQ(e.operands[0].op, BoolOp::kComparison);
  EXPECT_EQ(e.operands[1].op, BoolOp::kAnd);
}

TEST(PatternParserTest, ParenthesesOverrideComparisonPrecedence) {
  const Pattern p = MustParse("[(a:x = 1 OR a:y = 2) AND a:z = 3]");
  const ComparisonExpr& e = p.root.comparison;
  ASSERT_EQ(e.op, BoolOp::kAnd);
  EXPECT_EQ(e.operands[0].op, BoolOp::kOr);
}

TEST(PatternParserTest, FlattensChainsOfTheSameOperator) {
  const Pattern p = MustParse("[a:x = 1 AND (a:y = 2 AND (a:z = 3)) AND a:w = 4]");
  EXPECT_EQ(p.root.comparison.op, BoolOp::kAnd);
  EXPECT_EQ(p.root.comparison.operands.size(), 4u);
  const Pattern o = MustParse("[a:x = 1] OR ([a:y = 2] OR [a:z = 3])");
  EXPECT_EQ(o.root.op, ObservationOp::kOr);
  EXPECT_EQ(o.root.operands.size(), 3u);
}

TEST(PatternParserTest, ObservationOperatorPrecedenceIsAndOrFollowedBy) {
  const Pattern p = MustParse("[a:x = 1] FOLLOWEDBY [b:x = 1] OR [c:x = 1] AND [d:x = 1]");
  ASSERT_EQ(p.root.op, ObservationOp::kFollowedBy);
  ASSERT_EQ(p.root.operands.size(), 2u);
  const ObservationExpr& rhs = p.root.operands[1];
  ASSERT_EQ(rhs.op, ObservationOp::kOr);
  EXPECT_EQ(rhs.operands[0].op, ObservationOp::kObservation);
  EXPECT_EQ(rhs.operands[1].op, ObservationOp::kAnd);
}

TEST(PatternParserTest, QualifiersApplyToThePrecedingObservationExpression) {
  // Spec 9.5.2: "[ b ] FOLLOWEDBY [ c ] REPEATS 5 TIMES" repeats c only.
  const Pattern p = MustParse("[b:x = 1] FOLLOWEDBY [c:x = 1] REPEATS 5 TIMES");
  ASSERT_EQ(p.root.op, ObservationOp::kFollowedBy);
  EXPECT_TRUE(p.root.qualifiers.empty());
  EXPECT_TRUE(p.root.operands[0].qualifiers.empty());
  ASSERT_EQ(p.root.operands[1].qualifiers.size(), 1u);
  EXPECT_EQ(std::get<RepeatsQualifier>(p.root.operands[1].qualifiers[0]).times, 5);

  const Pattern grouped = MustParse("([b:x = 1] FOLLOWEDBY [c:x = 1]) REPEATS 5 TIMES");
  EXPECT_EQ(grouped.root.op, ObservationOp::kFollowedBy);
  ASSERT_EQ(grouped.root.qualifiers.size(), 1u);
}

TEST(PatternParserTest, ParsesEveryQualifierInOrder) {
  const Pattern p = MustParse(
      "[a:x = 1] REPEATS 3 TIMES WITHIN 1.5 SECONDS "
      "START t'2016-06-01T00:00:00Z' STOP t'2016-07-01T00:00:00Z'");
  ASSERT_EQ(p.root.qualifiers.size(), 3u);
  EXPECT_EQ(std::get<RepeatsQualifier>(p.root.qualifiers[0]).times, 3);
  EXPECT_DOUBLE_EQ(std::get<WithinQualifier>(p.root.qualifiers[1]).seconds.real, 1.5);
  const auto& start_stop = std::get<StartStopQualifier>(p.root.qualifiers[2]);
  EXPECT_EQ(start_stop.start.timestamp, 1464739200000);
  EXPECT_EQ(start_stop.stop.text, "2016-07-01T00:00:00Z");
  EXPECT_EQ(std::get<WithinQualifier>(MustParse("[a:x = 1] WITHIN 300 SECONDS").root.qualifiers[0])
                .seconds.integer,
            300);
}

TEST(PatternParserTest, ParenthesesMergeQualifiersOrGroupWhenTheInnerOneIsQualified) {
  const Pattern merged = MustParse("([a:x = 1]) WITHIN 5 SECONDS");
  EXPECT_EQ(merged.root.op, ObservationOp::kObservation);
  EXPECT_EQ(merged.root.qualifiers.size(), 1u);

  const Pattern grouped = MustParse("([a:x = 1] WITHIN 5 SECONDS) WITHIN 9 SECONDS");
  ASSERT_EQ(grouped.root.op, ObservationOp::kGroup);
  ASSERT_EQ(grouped.root.operands.size(), 1u);
  EXPECT_EQ(grouped.root.operands[0].qualifiers.size(), 1u);
  EXPECT_EQ(grouped.root.qualifiers.size(), 1u);
}

TEST(PatternParserTest, SkipsCommentsAndUnicodeWhitespace) {
  const Pattern plain = MustParse("[file:name = 'x' AND file:size > 1]");
  EXPECT_EQ(MustParse("/* lead */[file:name = 'x' // line\n AND\u00a0file:size\u3000>\t1]"), plain);
  EXPECT_EQ(MustParse("\r\n[file:name='x'AND file:size>1]\u2028"), plain);
}

TEST(PatternParserTest, AllowsComparisonsOfDifferentTypesUnderOr) {
  const Pattern p = MustParse("[(a:x = 1 AND a:y = 2) OR (b:x = 1 AND b:y = 2)]");
  EXPECT_EQ(p.root.comparison.op, BoolOp::kOr);
  // (a OR b) AND a: one object of type a can satisfy both sides.
  MustParse("[(a:x = 1 OR b:x = 1) AND a:y = 2]");
}

TEST(PatternParserTest, AcceptsKeywordLikeIdentifiersThatAreNotKeywords) {
  EXPECT_EQ(OnlyComparison("[x:ANDROID = 1]").path.steps[0].key, "ANDROID");
  EXPECT_EQ(OnlyComparison("[x:start = 1]").path.steps[0].key, "start");
  EXPECT_EQ(OnlyComparison("[x:'IN' = 1]").path.steps[0].key, "IN");
}

}  // namespace
}  // namespace qx::stix
