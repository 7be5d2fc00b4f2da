// PrintPattern: canonical text, and ParsePattern(PrintPattern(p)) == p.

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "qx/stix/pattern.h"
#include "stix_test_util.h"

namespace qx::stix {
namespace {

using testing::MustParse;

std::string Canonical(std::string_view text) { return PrintPattern(MustParse(text)); }

TEST(PatternPrinterTest, PrintsCanonicalSpacingAndOperatorSpellings) {
  EXPECT_EQ(Canonical("[ file:name=='x'AND file:size<>4 ]"),
            "[file:name = 'x' AND file:size != 4]");
  EXPECT_EQ(Canonical("[a:b=+5]"), "[a:b = 5]");
  EXPECT_EQ(Canonical("[a:b>.5]"), "[a:b > 0.5]");
  EXPECT_EQ(Canonical("[a:b NOT IN(1,2.5)]"), "[a:b NOT IN (1, 2.5)]");
  EXPECT_EQ(Canonical("[a:b IN ()]"), "[a:b IN ()]");
  EXPECT_EQ(Canonical("[  EXISTS  a:b ]"), "[EXISTS a:b]");
  EXPECT_EQ(Canonical("[a:b = b'AB\nI=']"), "[a:b = b'ABI=']");
  EXPECT_EQ(Canonical("[a:b = 1] /* c */ REPEATS +2 TIMES // end"), "[a:b = 1] REPEATS 2 TIMES");
}

TEST(PatternPrinterTest, EscapesStringsAndQuotesKeysOnlyWhereNeeded) {
  EXPECT_EQ(Canonical(R"([a:b = 'it\'s \\ here'])"), R"([a:b = 'it\'s \\ here'])");
  EXPECT_EQ(Canonical("[file:'name'.'SHA-256'.'x_1'.'AND'.'true'.''.'1a'[*] = 1]"),
            "[file:name.'SHA-256'.x_1.'AND'.'true'.''.'1a'[*] = 1]");
  EXPECT_EQ(Canonical(R"([x:'a\'b' = 1])"), R"([x:'a\'b' = 1])");
}

TEST(PatternPrinterTest, PrintsMinimalParentheses) {
  EXPECT_EQ(Canonical("[(a:x = 1 AND a:y = 2) OR a:z = 3]"), "[a:x = 1 AND a:y = 2 OR a:z = 3]");
  EXPECT_EQ(Canonical("[(a:x = 1 OR a:y = 2) AND a:z = 3]"), "[(a:x = 1 OR a:y = 2) AND a:z = 3]");
  EXPECT_EQ(Canonical("(([a:x = 1]))"), "[a:x = 1]");
  EXPECT_EQ(Canonical("([a:x = 1] AND [b:x = 1]) OR [c:x = 1]"),
            "[a:x = 1] AND [b:x = 1] OR [c:x = 1]");
  EXPECT_EQ(Canonical("[a:x = 1] AND ([b:x = 1] OR [c:x = 1])"),
            "[a:x = 1] AND ([b:x = 1] OR [c:x = 1])");
  EXPECT_EQ(Canonical("([a:x = 1] FOLLOWEDBY [b:x = 1]) OR [c:x = 1]"),
            "([a:x = 1] FOLLOWEDBY [b:x = 1]) OR [c:x = 1]");
  EXPECT_EQ(Canonical("[a:x = 1] FOLLOWEDBY ([b:x = 1] FOLLOWEDBY [c:x = 1])"),
            "[a:x = 1] FOLLOWEDBY [b:x = 1] FOLLOWEDBY [c:x = 1]");
}

TEST(PatternPrinterTest, KeepsParenthesesThatCarryQualifiers) {
  EXPECT_EQ(Canonical("([a:x = 1]) WITHIN 5 SECONDS"), "[a:x = 1] WITHIN 5 SECONDS");
  EXPECT_EQ(Canonical("([a:x = 1] AND [b:x = 1]) WITHIN 5 SECONDS AND [c:x = 1]"),
            "([a:x = 1] AND [b:x = 1]) WITHIN 5 SECONDS AND [c:x = 1]");
  EXPECT_EQ(Canonical("([a:x = 1] WITHIN 5 SECONDS) WITHIN 9.5 SECONDS"),
            "([a:x = 1] WITHIN 5 SECONDS) WITHIN 9.5 SECONDS");
  EXPECT_EQ(Canonical("(([a:x = 1] OR [b:x = 1]) REPEATS 2 TIMES) REPEATS 3 TIMES"),
            "(([a:x = 1] OR [b:x = 1]) REPEATS 2 TIMES) REPEATS 3 TIMES");
  EXPECT_EQ(Canonical("[a:x = 1] START t'2016-06-01T00:00:00.5Z' STOP t'2016-07-01T00:00:00Z'"),
            "[a:x = 1] START t'2016-06-01T00:00:00.5Z' STOP t'2016-07-01T00:00:00Z'");
}

TEST(PatternPrinterTest, FormatsPathsAndConstantsAlone) {
  const Pattern p = MustParse(
      "[network-traffic:extensions.'http-request-ext'.request_header"
      ".'Accept-Encoding'[0] NOT LIKE 'gzip%']");
  const Comparison& c = p.root.comparison.comparison;
  EXPECT_EQ(FormatObjectPath(c.path),
            "network-traffic:extensions.'http-request-ext'.request_header.'Accept-Encoding'[0]");
  EXPECT_EQ(FormatConstant(c.value), "'gzip%'");
  EXPECT_EQ(ComparisonOpName(c.op), "LIKE");
  EXPECT_EQ(FormatComparisonExpr(p.root.comparison),
            "network-traffic:extensions.'http-request-ext'.request_header.'Accept-Encoding'[0] "
            "NOT LIKE 'gzip%'");
}

// Round trip over patterns that exercise every construct together.
TEST(PatternRoundTripTest, ParsePrintParseIsTheIdentity) {
  const std::vector<std::string> patterns = {
      "[a:b = 1]",
      "[x-usb-device:'serial-number'[*].'a\\'b' NOT != -0.25]",
      "[a:x = 'q' OR (a:y = 2 AND (a:z = 3 OR a:w = 4)) OR EXISTS a:v]",
      "[a:x IN (t'2020-01-01T00:00:00Z', t'2021-01-01T00:00:00.999999999Z')]",
      "[a:x IN (b'AAAA', h'00ff')]",
      "[a:x = h''] AND [b:x = false] OR [c:x <= 9223372036854775807] FOLLOWEDBY "
      "[d:x >= -9223372036854775808]",
      "(([a:x = 1] AND [b:x = 1] REPEATS 2 TIMES) OR [c:x = 1] WITHIN 1 SECONDS) FOLLOWEDBY "
      "([d:x = 1] WITHIN 2 SECONDS) WITHIN 60 SECONDS START t'2016-06-01T00:00:00Z' STOP "
      "t'2016-07-01T00:00:00Z'",
      "((([a:x = 1] FOLLOWEDBY [b:x = 1]) WITHIN 5 SECONDS) REPEATS 3 TIMES) WITHIN 60 SECONDS",
      "[ipv6-addr:value ISSUBSET '::ffff:192.0.2.1/128' AND ipv6-addr:value NOT ISSUPERSET '::']",
      "[a:b MATCHES '^(?i)ev[i1]l\\\\.exe$']",
      "[a:b = 'línea\nnueva \u00e7\u0131x\u0131\u015f']",
  };
  for (const std::string& text : patterns) {
    const Pattern first = MustParse(text);
    const std::string printed = PrintPattern(first);
    const Pattern second = MustParse(printed);
    EXPECT_EQ(second, first) << text << "\nprinted: " << printed;
    EXPECT_EQ(PrintPattern(second), printed);
  }
}

TEST(PatternRoundTripTest, PrintsHandBuiltTreesParseable) {
  // An AST a caller builds (e.g. a rule editor) prints as a valid pattern.
  Pattern p;
  p.root.op = ObservationOp::kOr;
  ObservationExpr a;
  a.comparison.comparison.path =
      ObjectPath{"domain-name", {PathStep{PathStep::Kind::kKey, "value", 0}}};
  a.comparison.comparison.value.text = "evil.example";
  ObservationExpr b = a;
  b.comparison.comparison.value.text = "it's.example";
  b.qualifiers.emplace_back(std::in_place_type<RepeatsQualifier>, RepeatsQualifier{3});
  p.root.operands = {a, b};
  const std::string printed = PrintPattern(p);
  EXPECT_EQ(printed,
            "[domain-name:value = 'evil.example'] OR [domain-name:value = 'it\\'s.example'] "
            "REPEATS 3 TIMES");
  EXPECT_EQ(MustParse(printed), p);
}

}  // namespace
}  // namespace qx::stix
