// Type names, identifiers and timestamps: the syntax every object and reference is checked with.

#include <gtest/gtest.h>

#include "qx/stix/identifier.h"
#include "qx/stix/timestamp.h"

namespace qx::stix {
namespace {

TEST(IdentifierTest, AcceptsTypeNamesOfTheSpec) {
  for (const char* type : {"indicator", "x-usb-device", "ipv4-addr", "x509-certificate", "abc",
                           "marking-definition"}) {
    EXPECT_TRUE(IsValidTypeName(type)) << type;
  }
  EXPECT_TRUE(IsValidTypeName(std::string(250, 'a')));
}

TEST(IdentifierTest, RejectsMalformedTypeNames) {
  for (const char* type :
       {"", "ab", "Indicator", "1abc", "-abc", "abc-", "a--b", "x_foo", "fo o", "ind\xc3\xa7"}) {
    EXPECT_FALSE(IsValidTypeName(type)) << type;
  }
  EXPECT_FALSE(IsValidTypeName(std::string(251, 'a')));
}

TEST(IdentifierTest, ChecksRfc4122UuidVersionAndVariant) {
  EXPECT_TRUE(IsRfc4122Uuid("8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f"));   // v4
  EXPECT_TRUE(IsRfc4122Uuid("1621d4d4-b67d-11e3-9670-f01faf20d111"));   // v1
  EXPECT_TRUE(IsRfc4122Uuid("28BB3599-77CD-5A82-A950-B5BC3CAF07C4"));   // v5, upper case
  EXPECT_FALSE(IsRfc4122Uuid("00000000-0000-0000-0000-000000000000"));  // nil: version 0
  EXPECT_FALSE(IsRfc4122Uuid("8e2e2d2b-17d4-6cbf-938f-98ee46b3cd3f"));  // version 6
  EXPECT_FALSE(IsRfc4122Uuid("8e2e2d2b-17d4-4cbf-c38f-98ee46b3cd3f"));  // variant 110x
  EXPECT_FALSE(IsRfc4122Uuid("8e2e2d2b17d44cbf938f98ee46b3cd3f"));
  EXPECT_FALSE(IsRfc4122Uuid("8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3g"));
  EXPECT_FALSE(IsRfc4122Uuid("{8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3}"));
}

TEST(IdentifierTest, SplitsIdentifiers) {
  const auto id = ParseIdentifier("x-usb-device--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f");
  ASSERT_TRUE(id);
  EXPECT_EQ(id->type, "x-usb-device");
  EXPECT_EQ(id->uuid, "8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f");
  EXPECT_FALSE(ParseIdentifier("indicator-8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f"));
  EXPECT_FALSE(ParseIdentifier("--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f"));
  EXPECT_FALSE(ParseIdentifier("Indicator--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f"));
  EXPECT_FALSE(ParseIdentifier("indicator--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3"));
  EXPECT_FALSE(ParseIdentifier("indicator---8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f"));
  EXPECT_FALSE(ParseIdentifier(""));
}

TEST(StixTimestampTest, ParsesUtcTimestampsWithOptionalFraction) {
  auto t = ParseStixTimestamp("2016-04-06T20:03:48Z");
  ASSERT_TRUE(t);
  EXPECT_EQ(t->millis, 1459973028000);
  EXPECT_EQ(t->sub_milli_nanos, 0);
  t = ParseStixTimestamp("2016-04-06T20:03:48.123456789Z");
  ASSERT_TRUE(t);
  EXPECT_EQ(t->millis, 1459973028123);
  EXPECT_EQ(t->sub_milli_nanos, 456789);
  EXPECT_TRUE(ParseStixTimestamp("2016-12-31T23:59:60Z"));  // leap second
  EXPECT_TRUE(ParseStixTimestamp("2016-04-06T20:03:48.1234567890123Z"));
}

TEST(StixTimestampTest, OrdersBeyondTheMillisecond) {
  EXPECT_LT(*ParseStixTimestamp("2016-01-01T00:00:00.0001Z"),
            *ParseStixTimestamp("2016-01-01T00:00:00.0002Z"));
  EXPECT_EQ(*ParseStixTimestamp("2016-01-01T00:00:00.100Z"),
            *ParseStixTimestamp("2016-01-01T00:00:00.1Z"));
}

TEST(StixTimestampTest, RejectsWhatRfc3339AllowsButStixDoesNot) {
  for (const char* text :
       {"2016-04-06T20:03:48+00:00", "2016-04-06T20:03:48z", "2016-04-06t20:03:48Z",
        "2016-04-06 20:03:48Z", "2016-04-06T20:03:48.Z", "2016-04-06T20:03Z", "2016-4-06T20:03:48Z",
        "2016-02-30T00:00:00Z", "2016-13-01T00:00:00Z", "2016-01-01T24:00:00Z",
        "2016-01-01T00:60:00Z", "2016-01-01T00:00:61Z", "", "2016-01-01T00:00:00Z ",
        "２016-01-01T00:00:00Z"}) {
    EXPECT_FALSE(ParseStixTimestamp(text)) << text;
  }
}

}  // namespace
}  // namespace qx::stix
