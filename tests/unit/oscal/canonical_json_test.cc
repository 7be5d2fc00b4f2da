#include "qx/oscal/canonical_json.h"

#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <cmath>
#include <limits>

namespace qx::oscal {
namespace {

namespace json = boost::json;

TEST(CanonicalJsonTest, SortsKeysAndDropsWhitespace) {
  const json::value v =
      json::parse(R"({ "b": 1, "a": { "z": [ 3, 2, 1 ], "y": null }, "c": true })");
  EXPECT_EQ(CanonicalJson(v), R"({"a":{"y":null,"z":[3,2,1]},"b":1,"c":true})");
}

TEST(CanonicalJsonTest, KeepsArrayOrderAndNesting) {
  const json::value v = json::parse(R"([[], [[1, {"b": 2, "a": [false]}]], {}, "x"])");
  EXPECT_EQ(CanonicalJson(v), R"([[],[[1,{"a":[false],"b":2}]],{},"x"])");
}

TEST(CanonicalJsonTest, EscapesMinimally) {
  json::value v = json::string("q\"b\\s/\b\f\n\r\t\x01\x1f\x7f é 😀 \xe2\x80\xa8");
  EXPECT_EQ(CanonicalJson(v), "\"q\\\"b\\\\s/\\b\\f\\n\\r\\t\\u0001\\u001f\x7f é 😀 \xe2\x80\xa8\"");
}

TEST(CanonicalJsonTest, SortsKeysByUtf16CodeUnits) {
  // The property-sorting example of RFC 8785 section 3.2.3.
  const json::value v = json::parse(
      R"({"\u20ac":"Euro Sign","\r":"Carriage Return","\ufb33":"Hebrew Letter Dalet With Dagesh",)"
      R"("1":"One","\ud83d\ude00":"Emoji: Grinning Face","\u0080":"Control","\u00f6":"Latin Small )"
      R"(Letter O With Diaeresis"})");
  EXPECT_EQ(CanonicalJson(v),
            "{\"\\r\":\"Carriage Return\",\"1\":\"One\",\"\xc2\x80\":\"Control\",\"\xc3\xb6\":"
            "\"Latin Small Letter O With Diaeresis\",\"\xe2\x82\xac\":\"Euro Sign\","
            "\"\xf0\x9f\x98\x80\":\"Emoji: Grinning Face\",\"\xef\xac\xb3\":\"Hebrew Letter Dalet "
            "With Dagesh\"}");
}

TEST(CanonicalJsonTest, FormatsNumbersLikeEcmaScript) {
  const auto c = [](json::value v) { return CanonicalJson(v); };
  EXPECT_EQ(c(0), "0");
  EXPECT_EQ(c(-42), "-42");
  EXPECT_EQ(c(std::numeric_limits<std::uint64_t>::max()), "18446744073709551615");
  EXPECT_EQ(c(-0.0), "0");
  EXPECT_EQ(c(1.0), "1");
  EXPECT_EQ(c(4.5), "4.5");
  EXPECT_EQ(c(0.002), "0.002");
  EXPECT_EQ(c(0.000001), "0.000001");
  EXPECT_EQ(c(1e-7), "1e-7");
  EXPECT_EQ(c(1e-27), "1e-27");
  EXPECT_EQ(c(1e20), "100000000000000000000");
  EXPECT_EQ(c(1e21), "1e+21");
  EXPECT_EQ(c(1e30), "1e+30");
  EXPECT_EQ(c(333333333.3333333), "333333333.3333333");
  EXPECT_EQ(c(-1.5e300), "-1.5e+300");
  EXPECT_EQ(c(5e-324), "5e-324");
  EXPECT_EQ(c(std::nan("")), "null");
}

TEST(CanonicalJsonTest, ProducesAFixedDocument) {
  const json::value v = json::parse(R"({
    "catalog": {
      "uuid": "2f7a9c3e-1b4d-4e8f-9a6b-0c1d2e3f4a5b",
      "metadata": { "title": "T\u00e9st \"one\"", "version": "1.0" },
      "controls": [ { "title": "Line\nbreak", "id": "a-1", "props": [ { "value": "2", "name": "n" } ] } ]
    }
  })");
  EXPECT_EQ(
      CanonicalJson(v),
      "{\"catalog\":{\"controls\":[{\"id\":\"a-1\",\"props\":[{\"name\":\"n\",\"value\":\"2\"}],"
      "\"title\":\"Line\\nbreak\"}],\"metadata\":{\"title\":\"T\xc3\xa9st \\\"one\\\"\","
      "\"version\":\"1.0\"},\"uuid\":\"2f7a9c3e-1b4d-4e8f-9a6b-0c1d2e3f4a5b\"}}");
}

TEST(CanonicalJsonTest, IsStableUnderMemberOrder) {
  const json::value a = json::parse(R"({"x": 1, "y": {"p": [1, 2], "q": "s"}})");
  const json::value b = json::parse(R"({"y": {"q": "s", "p": [1, 2]}, "x": 1})");
  EXPECT_EQ(CanonicalJson(a), CanonicalJson(b));
}

}  // namespace
}  // namespace qx::oscal
