#include "qx/match/values.h"

#include <gtest/gtest.h>

#include <random>

namespace qx::match {
namespace {

TEST(ValuesTest, ParsesIpv4Strictly) {
  EXPECT_EQ(ParseIpv4("1.2.3.4"), 0x01020304u);
  EXPECT_EQ(ParseIpv4("255.255.255.255"), 0xffffffffu);
  EXPECT_FALSE(ParseIpv4("256.1.1.1"));
  EXPECT_FALSE(ParseIpv4("1.2.3"));
  EXPECT_FALSE(ParseIpv4("1.2.3.4.5"));
  EXPECT_FALSE(ParseIpv4("1..3.4"));
  EXPECT_FALSE(ParseIpv4("1.2.3.4x"));
  EXPECT_FALSE(ParseIpv4("1111.2.3.4"));
}

TEST(ValuesTest, ParsesIpv6Forms) {
  EXPECT_EQ(ParseIpv6("::"), Ipv6{0});
  EXPECT_EQ(ParseIpv6("::1"), Ipv6{1});
  EXPECT_EQ(ParseIpv6("2001:DB8::1"), ParseIpv6("2001:db8:0:0:0:0:0:1"));
  EXPECT_EQ(ParseIpv6("::ffff:1.2.3.4"), (Ipv6{0xffff} << 32) | 0x01020304u);
  EXPECT_TRUE(ParseIpv6("2a0b:4f2c:1234:5678:9abc:def0:1234:5678"));
  EXPECT_FALSE(ParseIpv6("1:2:3:4:5:6:7"));
  EXPECT_FALSE(ParseIpv6("1::2::3"));
  EXPECT_FALSE(ParseIpv6("12:34:56"));
  EXPECT_FALSE(ParseIpv6("1:2:3:4:5:6:7:8:9"));
  EXPECT_FALSE(ParseIpv6("12345::"));
  EXPECT_FALSE(ParseIpv6("1:"));
}

TEST(ValuesTest, CidrRangesIgnoreHostBits) {
  const auto r = ParseIpv4Range("10.1.2.3/16");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->lo, 0x0a010000u);
  EXPECT_EQ(r->hi, 0x0a01ffffu);
  EXPECT_EQ(ParseIpv4Range("0.0.0.0/0")->hi, 0xffffffffu);
  EXPECT_FALSE(ParseIpv4Range("1.2.3.4/33"));
  const auto r6 = ParseIpv6Range("2001:db8::/32");
  ASSERT_TRUE(r6);
  EXPECT_EQ(r6->hi - r6->lo, (Ipv6{1} << 96) - 1);
}

TEST(ValuesTest, NormalizesDomains) {
  EXPECT_EQ(NormalizeDomain("Evil.TOP."), "evil.top");
  EXPECT_EQ(NormalizeDomain("_dmarc.example.com"), "_dmarc.example.com");
  EXPECT_FALSE(NormalizeDomain("a..b"));
  EXPECT_FALSE(NormalizeDomain(".a.b"));
  EXPECT_FALSE(NormalizeDomain("a b.c"));
  EXPECT_FALSE(NormalizeDomain(std::string(64, 'a') + ".com"));
}

TEST(ValuesTest, NormalizesUrls) {
  std::string out;
  ASSERT_TRUE(NormalizeUrl("HTTP://Evil.TOP:80/a%7eb%2Fc?x=%41", &out));
  EXPECT_EQ(out, "http://evil.top/a~b%2Fc?x=A");
  ASSERT_TRUE(NormalizeUrl("https://evil.top:443", &out));
  EXPECT_EQ(out, "https://evil.top/");
  ASSERT_TRUE(NormalizeUrl("http://1.2.3.4:8080/Gate.php", &out));
  EXPECT_EQ(out, "http://1.2.3.4:8080/Gate.php");
  ASSERT_TRUE(NormalizeUrl("http://user@Host/p", &out));
  EXPECT_EQ(out, "http://user@host/p");
  EXPECT_FALSE(NormalizeUrl("evil.top/x", &out));
  EXPECT_FALSE(NormalizeUrl("http:///x", &out));
  EXPECT_FALSE(NormalizeUrl("http://host:8a/x", &out));
  EXPECT_EQ(UrlHost("http://u@evil.top:81/x"), "evil.top");
}

TEST(ValuesTest, NormalizesEmailsAndHashes) {
  EXPECT_EQ(NormalizeEmail("John.Doe@Evil.TOP"), "john.doe@evil.top");
  EXPECT_FALSE(NormalizeEmail("@evil.top"));
  EXPECT_FALSE(NormalizeEmail("x@"));
  EXPECT_EQ(HashKindOf("SHA-256"), ValueKind::kSha256);
  EXPECT_EQ(HashKindOf("sha1"), ValueKind::kSha1);
  EXPECT_FALSE(HashKindOf("SSDEEP"));
  EXPECT_EQ(NormalizeHash(ValueKind::kMd5, "D41D8CD98F00B204E9800998ECF8427E"),
            "d41d8cd98f00b204e9800998ecf8427e");
  EXPECT_FALSE(NormalizeHash(ValueKind::kSha1, "d41d8cd98f00b204e9800998ecf8427e"));
  EXPECT_FALSE(NormalizeHash(ValueKind::kMd5, "z41d8cd98f00b204e9800998ecf8427e"));
}

TEST(ValuesTest, Ipv6GroupsParserAgreesWithTheGeneralOne) {
  // Every string of hex digits and colons: the scanner's parser gives exactly ParseIpv6's answer.
  const auto colons = [](std::string_view t) {
    uint64_t bits = 0;
    for (size_t i = 0; i < t.size(); ++i) bits |= uint64_t{t[i] == ':'} << i;
    return bits;
  };
  for (const char* t : {"::", "::1", "1::", "1::2", "2001:DB8::1", "2001:db8:0:0:0:0:0:1", "1:2:3:4:5:6:7:8",
                        "1:2:3:4:5:6:7:8:9", "1:2:3:4:5:6:7", ":1:2:3:4:5:6:7:8", "1:2:3:4:5:6:7:8:", ":::",
                        "1:::2", "1::2::3", "12345::1", "abcd:ef01:2345:6789:abcd:ef01:2345:6789", "::ffff",
                        "1:2:3:4:5:6:7::", "::2:3:4:5:6:7:8", "1:2:3:4:5:6:7:8::"}) {
    EXPECT_EQ(ParseIpv6Groups(t, colons(t)), ParseIpv6(t)) << t;
  }
  std::mt19937 rng(11);
  const std::string alphabet = "0123456789abcdefABCDEF::::";
  int valid = 0;
  for (int i = 0; i < 200000; ++i) {
    std::string t;
    const size_t len = 2 + rng() % 44;
    for (size_t k = 0; k < len; ++k) {
      // Groups of 1-4 digits between colons most of the time, so that many are addresses.
      t += (rng() % 4 == 0) ? ':' : alphabet[rng() % 22];
    }
    if (i % 2 == 0) {  // a well-formed start more often: 8 groups, or a "::"
      t = "2a01:" + t.substr(0, std::min<size_t>(t.size(), 30));
    }
    const auto want = ParseIpv6(t);
    valid += want.has_value();
    ASSERT_EQ(ParseIpv6Groups(t, colons(t)), want) << t;
  }
  EXPECT_GT(valid, 100);  // the random strings did reach valid addresses
}

}  // namespace
}  // namespace qx::match
