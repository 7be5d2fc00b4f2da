// What ParsePattern rejects, and that its errors say where and why.

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>

#include "qx/stix/pattern.h"
#include "stix_test_util.h"

namespace qx::stix {
namespace {

using testing::ErrorOf;
using ::testing::HasSubstr;
using ::testing::StartsWith;

std::string ParseError(std::string_view text) { return ErrorOf(ParsePattern(text)); }

// FAIL_CASES of cti-pattern-validator's v21 tests, with the offsets ANTLR reports there.
TEST(PatternErrorTest, RejectsTheOasisValidatorFailCasesAtTheSameOffsets) {
  EXPECT_EQ(ParseError("file:size = 1280"),
            "at offset 0: expected '[' or '(' to start an observation expression, found 'file'");
  EXPECT_EQ(ParseError("[file:size = ]"), "at offset 13: expected a constant after '=', found ']'");
  EXPECT_THAT(ParseError("[file:hashes.MD5 = cead3f77f6cda6ec00f57d76c9a6879f]"),
              StartsWith("at offset 19: expected a constant after '=', found 'cead3f77f6cda6ec"));
  EXPECT_EQ(ParseError("[file.size = 1280]"),
            "at offset 5: expected ':' after the object type 'file', found '.'");
  EXPECT_EQ(ParseError(R"([file:name MATCHES /.*\.dll/])"),
            "at offset 19: expected a string constant after MATCHES, found '/'");
  const std::string key = R"([win-registry-key:key = 'hkey_local_machine\\foo\\bar'])";
  EXPECT_EQ(ParseError(key + " WITHIN ]"),
            "at offset 63: expected a positive number of seconds after WITHIN, found ']'");
  EXPECT_EQ(ParseError(key + " WITHIN 5 HOURS]"), "at offset 65: expected SECONDS, found 'HOURS'");
  EXPECT_EQ(ParseError(key + " WITHIN -5 SECONDS]"),
            "at offset 63: expected a positive number of seconds after WITHIN, found '-5'");
  EXPECT_EQ(ParseError("[network-traffic:dst_ref.value ISSUBSET ]"),
            "at offset 40: expected a string constant after ISSUBSET, found ']'");
  EXPECT_EQ(ParseError("[file:hashes.MD5 =? 'cead3f77f6cda6ec00f57d76c9a6879f']"),
            "at offset 18: expected a constant after '=', found '?'");
  EXPECT_EQ(ParseError("[x_whatever:detected == t'2457-73-22T32:81:84.1Z']"),
            "at offset 24: expected a timestamp t'YYYY-MM-DDTHH:MM:SS[.s+]Z', found "
            "t'2457-73-22T32:81:84.1Z'");
  EXPECT_EQ(ParseError("[artifact:payload_bin = b'====']"),
            "at offset 24: expected base64 in the binary constant, found b'===='");
  EXPECT_EQ(ParseError("[foo:bar=1] within 2 seconds"),
            "at offset 12: expected AND, OR, FOLLOWEDBY, a qualifier or end of pattern, found "
            "'within' (keywords are upper case)");
  EXPECT_EQ(ParseError("[file:hashes.'SHA-256' = 'f00']"),
            "at offset 25: expected a SHA-256 hash of 64 hex digits, found 'f00'");
  EXPECT_EQ(ParseError(key + " WITHIN 5 SECONDS WITHIN 6 SECONDS"),
            "at offset 73: expected at most one WITHIN qualifier on an observation expression, "
            "found a second WITHIN (parenthesize to qualify the qualified one)");
  EXPECT_THAT(ParseError("(" + key + " REPEATS 2 TIMES REPEATS 3 TIMES)"),
              StartsWith("at offset 73: expected at most one REPEATS qualifier"));
  const std::string start_stop =
      " START t'2016-06-01T01:30:00.123Z' STOP t'2016-06-01T02:20:00.123Z'";
  EXPECT_THAT(ParseError(key + start_stop + start_stop),
              StartsWith("at offset 123: expected at most one START/STOP qualifier"));
}

// Two deliberate differences from cti-pattern-validator, both from spec MUSTs it does not check.
TEST(PatternErrorTest, RejectsRepeatedQualifiersAfterParenthesesToo) {
  // Spec 9.5.1: "An Observation Expression MUST NOT have more than one Qualifier of a particular
  // type" (the OASIS validator only checks qualifiers directly after a bracket).
  EXPECT_THAT(ParseError("([a:b = 'x']) WITHIN 5 SECONDS WITHIN 6 SECONDS"),
              StartsWith("at offset 31: expected at most one WITHIN qualifier"));
  EXPECT_TRUE(ParsePattern("(([a:b = 'x']) WITHIN 5 SECONDS) WITHIN 6 SECONDS"));
}

TEST(PatternErrorTest, RejectsAndBetweenComparisonsNoSingleObjectCanSatisfy) {
  // Spec 9.5: comparisons starting at different object types "MUST be joined by OR".
  EXPECT_EQ(ParseError("[network-traffic:src_port = 37020 AND user-account:user_id = 'root']"),
            "at offset 34: expected comparisons that one object can satisfy on both sides of "
            "AND, found object types 'network-traffic' and 'user-account' (join different "
            "object types with OR)");
  EXPECT_THAT(ParseError("[(a:x = 1 OR b:x = 1) AND c:y = 2]"),
              HasSubstr("found object types 'a', 'b' and 'c'"));
  EXPECT_THAT(ParseError("[a:x = 1 AND EXISTS b:y]"), StartsWith("at offset 9: "));
}

TEST(PatternErrorTest, ReportsMalformedStructure) {
  EXPECT_EQ(ParseError(""),
            "at offset 0: expected '[' or '(' to start an observation expression, "
            "found end of pattern");
  EXPECT_EQ(ParseError("   /* only a comment */ "),
            "at offset 24: expected '[' or '(' to start an observation expression, found end of "
            "pattern");
  EXPECT_EQ(ParseError("[]"), "at offset 1: expected an object path, '(' or EXISTS, found ']'");
  EXPECT_EQ(ParseError("[a:b = 1"), "at offset 8: expected AND, OR or ']', found end of pattern");
  EXPECT_EQ(ParseError("[a:b = 1]]"),
            "at offset 9: expected AND, OR, FOLLOWEDBY, a qualifier or end of pattern, found ']'");
  EXPECT_EQ(ParseError("([a:b = 1]"),
            "at offset 10: expected AND, OR, FOLLOWEDBY, a qualifier or ')', found end of "
            "pattern");
  EXPECT_EQ(ParseError("[a:b = 1] AND"),
            "at offset 13: expected '[' or '(' to start an observation expression, found end of "
            "pattern");
  EXPECT_EQ(ParseError("[(a:b = 1]"), "at offset 9: expected AND, OR or ')', found ']'");
  EXPECT_EQ(ParseError("[a:b = 1 c:d = 2]"), "at offset 9: expected AND, OR or ']', found 'c'");
  EXPECT_EQ(ParseError("[a:b]"),
            "at offset 4: expected a comparison operator (=, !=, <, <=, >, >=, IN, LIKE, MATCHES, "
            "ISSUBSET, ISSUPERSET), found ']'");
  EXPECT_EQ(ParseError("[a:b =! 1]"), "at offset 6: expected a constant after '=', found '!'");
  EXPECT_EQ(ParseError("[a:b - 1]"),
            "at offset 5: expected a comparison operator (=, !=, <, <=, >, >=, IN, LIKE, MATCHES, "
            "ISSUBSET, ISSUPERSET), found '-'");
  EXPECT_EQ(ParseError("[a:b = 1] §"),
            "at offset 10: expected AND, OR, FOLLOWEDBY, a qualifier or end of pattern, found "
            "character U+00A7");
}

TEST(PatternErrorTest, ReportsBadObjectPaths) {
  EXPECT_EQ(ParseError("[file:extensions.windows-pebinary-ext.sections[*].entropy > 7.0]"),
            "at offset 17: expected a property name (quote names with '-': "
            "'windows-pebinary-ext'), found 'windows-pebinary-ext'");
  EXPECT_EQ(ParseError("[type-a:property-j = 'W']"),
            "at offset 8: expected a property name (quote names with '-': 'property-j'), found "
            "'property-j'");
  EXPECT_EQ(ParseError("[x:IN = 1]"),
            "at offset 3: expected a property name (quote names that are keywords: 'IN'), found "
            "'IN'");
  EXPECT_EQ(ParseError("[x:a[1.5] = 1]"),
            "at offset 5: expected a list index (an integer or '*'), found '1.5'");
  EXPECT_EQ(ParseError("[x:a[1 = 1]"), "at offset 7: expected ']' after the list index, found '='");
  EXPECT_EQ(ParseError("[x:a. = 1]"), "at offset 6: expected a property name, found '='");
  EXPECT_EQ(ParseError("[x:a.5 = 1]"),
            "at offset 4: expected a comparison operator (=, !=, <, <=, >, >=, IN, LIKE, MATCHES, "
            "ISSUBSET, ISSUPERSET), found '.5'");
  EXPECT_EQ(ParseError("[NOT a:b = 1]"),
            "at offset 1: expected an object path, '(' or EXISTS (NOT goes between the path and "
            "the operator), found 'NOT'");
  EXPECT_EQ(ParseError("[a:b NOT EXISTS]"),
            "at offset 9: expected a comparison operator (=, !=, <, <=, >, >=, IN, LIKE, MATCHES, "
            "ISSUBSET, ISSUPERSET), found 'EXISTS'");
}

TEST(PatternErrorTest, ReportsBadConstants) {
  EXPECT_EQ(ParseError("[a:b = 'open"),
            "at offset 7: expected a closing quote for the string, found end of pattern");
  EXPECT_EQ(ParseError(R"([a:b = 'C:\Windows'])"),
            R"(at offset 10: expected \' or \\ (the only escapes in a string), found '\W')");
  EXPECT_EQ(ParseError("[a:b = 007]"),
            "at offset 7: expected an integer without leading zeros, found 007");
  EXPECT_EQ(ParseError("[a:b = 9223372036854775808]"),
            "at offset 7: expected an integer from -2^63 to 2^63-1, found 9223372036854775808");
  EXPECT_EQ(ParseError("[a:b = t'2020-02-30T00:00:00Z']"),
            "at offset 7: expected a timestamp t'YYYY-MM-DDTHH:MM:SS[.s+]Z', found "
            "t'2020-02-30T00:00:00Z'");
  EXPECT_THAT(ParseError("[a:b = t'2020-01-01T00:00:00+01:00']"), StartsWith("at offset 7: "));
  EXPECT_THAT(ParseError("[a:b = t'2020-01-01t00:00:00z']"), StartsWith("at offset 7: "));
  EXPECT_THAT(ParseError("[a:b = t'2020-01-01T00:00:00.Z']"), StartsWith("at offset 7: "));
  EXPECT_EQ(ParseError("[a:b = b'']"),
            "at offset 7: expected base64 in the binary constant, found b''");
  EXPECT_EQ(ParseError("[a:b = b'ABC']"),
            "at offset 7: expected base64 in the binary constant, found b'ABC'");
  EXPECT_EQ(ParseError("[a:b = b'A=BC']"),
            "at offset 7: expected base64 in the binary constant, found b'A=BC'");
  EXPECT_EQ(ParseError("[a:b = h'abc']"),
            "at offset 7: expected an even number of hex digits, found h'abc'");
  EXPECT_EQ(ParseError("[a:b = h'zz']"),
            "at offset 7: expected an even number of hex digits, found h'zz'");
  EXPECT_EQ(ParseError("[a:b = h'00"),
            "at offset 7: expected a closing quote for the h'...' constant, found end of pattern");
  EXPECT_EQ(ParseError("[a:b = TRUE]"),
            "at offset 7: expected a constant after '=', found 'TRUE' (booleans are lower case)");
  EXPECT_EQ(ParseError("[a:b > true]"),
            "at offset 7: expected an orderable constant (not a boolean) after '>', found 'true'");
  EXPECT_EQ(ParseError("[a:b = ('x')]"), "at offset 7: expected a constant after '=', found '('");
  EXPECT_EQ(ParseError("[a:b LIKE 5]"),
            "at offset 10: expected a string constant after LIKE, "
            "found '5'");
  EXPECT_EQ(ParseError("[a:b ISSUPERSET 'example.com']"),
            "at offset 16: expected an IPv4 or IPv6 address or CIDR string after ISSUPERSET, found "
            "'example.com'");
  EXPECT_EQ(ParseError("[a:b ISSUBSET '10.0.0.0/33']"),
            "at offset 14: expected an IPv4 or IPv6 address or CIDR string after ISSUBSET, found "
            "'10.0.0.0/33'");
}

TEST(PatternErrorTest, ReportsBadSets) {
  EXPECT_EQ(ParseError("[a:b IN 'x']"),
            "at offset 8: expected '(' to start the set after IN, found 'x'");
  EXPECT_EQ(ParseError("[a:b IN ('x', 1)]"),
            "at offset 14: expected a constant of the same type as the set's first element, found "
            "'1'");
  EXPECT_EQ(ParseError("[a:b IN ('x' 'y')]"),
            "at offset 13: expected ',' or ')' in the set, found 'y'");
  EXPECT_EQ(ParseError("[a:b IN ('x',)]"),
            "at offset 13: expected a constant in the set, found ')'");
  EXPECT_EQ(ParseError("[a:b IN (('x'))]"),
            "at offset 9: expected a constant in the set, found '('");
  EXPECT_EQ(ParseError("[file:hashes.MD5 IN ('79054025255fb1a26e4bc422aef54eb4', 'x')]"),
            "at offset 20: expected a MD5 hash of 32 hex digits, found 'x'");
}

TEST(PatternErrorTest, ReportsBadQualifiers) {
  EXPECT_EQ(ParseError("[a:b = 1] WITHIN 0 SECONDS"),
            "at offset 17: expected a positive number of seconds after WITHIN, found '0'");
  EXPECT_EQ(ParseError("[a:b = 1] WITHIN 0.0 SECONDS"),
            "at offset 17: expected a positive number of seconds after WITHIN, found '0.0'");
  EXPECT_EQ(ParseError("[a:b = 1] REPEATS 0 TIMES"),
            "at offset 18: expected a positive integer after REPEATS, found '0'");
  EXPECT_EQ(ParseError("[a:b = 1] REPEATS 2.5 TIMES"),
            "at offset 18: expected a positive integer after REPEATS, found '2.5'");
  EXPECT_EQ(ParseError("[a:b = 1] REPEATS 2"),
            "at offset 19: expected TIMES, found end of pattern");
  EXPECT_EQ(ParseError("[a:b = 1] START '2016-06-01T00:00:00Z' STOP '2016-07-01T00:00:00Z'"),
            "at offset 16: expected a timestamp t'...' after START, found '2016-06-01T00:00:00Z'");
  EXPECT_EQ(ParseError("[a:b = 1] START t'2016-06-01T00:00:00Z'"),
            "at offset 39: expected STOP, found end of pattern");
  EXPECT_EQ(ParseError("[a:b = 1] START t'2016-06-01T00:00:00Z' STOP 5"),
            "at offset 45: expected a timestamp t'...' after STOP, found '5'");
  EXPECT_EQ(ParseError("[a:b = 1] WITHIN 5 MINUTES"),
            "at offset 19: expected SECONDS, found 'MINUTES'");
}

TEST(PatternErrorTest, ReportsLexicalErrors) {
  EXPECT_EQ(ParseError("[a:b = 1] /* open"),
            "at offset 10: expected '*/' to close the comment, found end of pattern");
  EXPECT_EQ(ParseError(std::string("[a:b = '\xff']")),
            "at offset 8: expected UTF-8 text, found an invalid byte sequence");
  EXPECT_EQ(ParseError(std::string("[a:b = '\xc0\x80']")),  // overlong NUL
            "at offset 8: expected UTF-8 text, found an invalid byte sequence");
  EXPECT_EQ(ParseError(std::string("[a:b = 1]\x00", 10)),
            "at offset 9: expected AND, OR, FOLLOWEDBY, a qualifier or end of pattern, found "
            "character U+0000");
}

TEST(PatternErrorTest, BoundsNesting) {
  const std::string deep_ok = std::string(kMaxPatternNesting - 1, '(') + "[a:b = 1]" +
                              std::string(kMaxPatternNesting - 1, ')');
  EXPECT_TRUE(ParsePattern(deep_ok));
  const std::string too_deep =
      std::string(kMaxPatternNesting, '(') + "[a:b = 1]" + std::string(kMaxPatternNesting, ')');
  EXPECT_EQ(ParseError(too_deep),
            "at offset 64: expected at most 64 levels of nesting, found more");
  const std::string bracket_deep = "[" + std::string(kMaxPatternNesting, '(') + "a:b = 1" +
                                   std::string(kMaxPatternNesting, ')') + "]";
  EXPECT_THAT(ParseError(bracket_deep), StartsWith("at offset 64: expected at most 64 levels"));
  // Far beyond the limit: an error, not a stack overflow.
  EXPECT_FALSE(ParsePattern(std::string(100000, '(')));
  EXPECT_FALSE(ParsePattern("[" + std::string(100000, '(')));
}

}  // namespace
}  // namespace qx::stix
