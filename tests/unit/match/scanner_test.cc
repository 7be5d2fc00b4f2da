#include "qx/match/scanner.h"

#include <gtest/gtest.h>

#include <initializer_list>
#include <string>
#include <utility>
#include <vector>

#include "qx/match/compiler.h"
#include "qx/match/events.h"

namespace qx::match {
namespace {

struct Found {
  size_t line;
  std::string id, value;
  bool operator==(const Found&) const = default;
};
std::ostream& operator<<(std::ostream& os, const Found& f) {
  return os << f.line << ":" << f.id << ":" << f.value;
}

class ScannerTest : public ::testing::TestWithParam<SimdLevel> {
 protected:
  void SetUp() override {
    if (GetParam() > DetectSimdLevel()) GTEST_SKIP() << "CPU lacks " << SimdLevelName(GetParam());
    IndicatorSetBuilder b;
    b.Add("ip", "[ipv4-addr:value = '45.1.2.3']");
    b.Add("cidr", "[ipv4-addr:value ISSUBSET '5.6.0.0/16']");
    b.Add("ip6", "[ipv6-addr:value = '2001:db8::1']");
    b.Add("cidr6", "[ipv6-addr:value ISSUBSET '2a0b:1::/32']");
    b.Add("dom", "[domain-name:value = 'evil.top']");
    b.Add("dom4", "[domain-name:value = 'cdn.img.evil.example']");
    b.Add("url", "[url:value = 'http://bad.example/gate.php']");
    b.Add("mail", "[email-addr:value = 'x@mail.top']");
    b.Add("md5", "[file:hashes.MD5 = 'd41d8cd98f00b204e9800998ecf8427e']");
    b.Add("sha256", "[file:hashes.'SHA-256' = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855']");
    b.Add("both", "[file:hashes.MD5 = '0123456789abcdef0123456789abcdef' AND "
                  "file:hashes.'SHA-1' = '0123456789abcdef0123456789abcdef01234567']");
    set_ = std::move(b).Build();
    ASSERT_TRUE(set_->unsupported().empty());
  }

  // Replaces the set with these (id, pattern) indicators.
  void UseSet(std::initializer_list<std::pair<const char*, const char*>> indicators) {
    IndicatorSetBuilder b;
    for (const auto& [id, pattern] : indicators) b.Add(id, pattern);
    set_ = std::move(b).Build();
    ASSERT_TRUE(set_->unsupported().empty());
  }

  // Scans with the filters tested per candidate and per segment (the choice large sets make),
  // which must agree.
  std::vector<Found> Scan(std::string text) {
    const auto direct = ScanWith(text, false);
    EXPECT_EQ(direct, ScanWith(text, true)) << text;
    return direct;
  }

  std::vector<Found> ScanWith(std::string text, bool defer_filters) {
    const size_t n = text.size();
    text.append(kScanPadding, '\0');
    Scanner scanner(*set_, GetParam());
    scanner.set_defer_filters(defer_filters);
    std::vector<TokenHit> hits;
    scanner.Scan(text.data(), n, &hits);
    std::vector<Match> matches;
    ResolveMatches(*set_, text.data(), hits, &matches);
    std::vector<Found> out;
    for (const auto& m : matches) out.push_back({m.line + 1, std::string(set_->indicator_id(m.indicator)), m.value});
    return out;
  }

  std::unique_ptr<IndicatorSet> set_;
};

TEST_P(ScannerTest, FindsAddressesAsWholeTokens) {
  EXPECT_EQ(Scan("45.1.2.3 - - [x] \"GET / HTTP/1.1\" 200\n"), (std::vector<Found>{{1, "ip", "45.1.2.3"}}));
  EXPECT_TRUE(Scan("145.1.2.3 45.1.2.30 45.1.2.3.4 1.45.1.2.3\n").empty());
  EXPECT_EQ(Scan("client 45.1.2.3#5353 relay=mx[45.1.2.3]:25\n").size(), 1u);  // once per line
  EXPECT_TRUE(Scan("45.1.2.256 45..1.2.3 45.1.2.3333 .45.1.2 45.1.2. 4511.2.3.4 Chrome/45.1.2.30\n").empty());
  EXPECT_EQ(Scan("045.001.002.003 via 45.1.2.3.\n").size(), 1u);
  EXPECT_EQ(Scan("from 5.6.255.1 port 22\nfrom 5.7.0.0 port 22\n"), (std::vector<Found>{{1, "cidr", "5.6.255.1"}}));
  EXPECT_EQ(Scan("a\tb\t2001:DB8::1\t2a0b:1:ffff::9\t2a0c::1\n"),
            (std::vector<Found>{{1, "ip6", "2001:DB8::1"}, {1, "cidr6", "2a0b:1:ffff::9"}}));
}

TEST_P(ScannerTest, ParsesIpv4OctetsOfEveryLength) {
  // The parser weighs the digits by each octet's length: all 81 length patterns, each beside
  // its near-misses (the same digits moved across a dot) that must not match.
  const char* kOctets[] = {"7", "42", "213"};
  IndicatorSetBuilder b;
  std::string text, misses;
  for (int i = 0; i < 81; ++i) {
    std::string ip;
    for (int k = 0, c = i; k < 4; ++k, c /= 3) ip += std::string(k ? "." : "") + kOctets[c % 3];
    b.Add("ip" + std::to_string(i), "[ipv4-addr:value = '" + ip + "']");
    text += "src=" + ip + " ok\n";
  }
  set_ = std::move(b).Build();
  ASSERT_TRUE(set_->unsupported().empty());
  const auto found = Scan(text);
  ASSERT_EQ(found.size(), 81u);
  for (size_t i = 0; i < found.size(); ++i) EXPECT_EQ(found[i].id, "ip" + std::to_string(i));
  EXPECT_TRUE(Scan("7.422.13.7 74.2.213.7 7.42.21.37 0.0.0.0 213.213.213.2130 2137.42.7.7\n").empty());
}

TEST_P(ScannerTest, Ipv4OctetsStopAt255) {
  UseSet({{"all-ones", "[ipv4-addr:value = '255.255.255.255']"},
          {"zero", "[ipv4-addr:value = '0.0.0.0']"},
          {"net", "[ipv4-addr:value ISSUBSET '250.0.0.0/8']"}});
  EXPECT_EQ(Scan("to 255.255.255.255 from 0.0.0.0\n"),
            (std::vector<Found>{{1, "all-ones", "255.255.255.255"}, {1, "zero", "0.0.0.0"}}));
  EXPECT_EQ(Scan("250.255.0.199 x\n"), (std::vector<Found>{{1, "net", "250.255.0.199"}}));
  // An octet over 255 is no address, whatever the others.
  EXPECT_TRUE(Scan("256.255.255.255 255.256.255.255 255.255.256.255 255.255.255.256 250.0.0.999\n").empty());
}

TEST_P(ScannerTest, MatchesDomainsOnLabelBoundaries) {
  EXPECT_EQ(Scan("query: a.b.EVIL.top IN A\n"), (std::vector<Found>{{1, "dom", "a.b.EVIL.top"}}));
  EXPECT_TRUE(Scan("query: xevil.top IN A\nquery: evil.top.cdn-host.com IN A\nevil.topx\n").empty());
  EXPECT_EQ(Scan("CONNECT evil.top:443 -\n").size(), 1u);
  EXPECT_EQ(Scan("\"https://www.evil.top/index.html\"\n").size(), 1u);
  EXPECT_EQ(Scan("visit evil.top.\n").size(), 1u);
  // Values of different label counts: every suffix from the shortest value's count up is tried.
  EXPECT_EQ(Scan("a.b.CDN.img.evil.example x\n"), (std::vector<Found>{{1, "dom4", "a.b.CDN.img.evil.example"}}));
  EXPECT_TRUE(Scan("img.evil.example evil.example cdn.img.evil.example.org xcdn.img.evil.example\n").empty());
}

TEST_P(ScannerTest, MatchesNormalisedUrls) {
  EXPECT_EQ(Scan("GET HTTP://Bad.Example:80/gate.php - HIER_DIRECT\n"),
            (std::vector<Found>{{1, "url", "HTTP://Bad.Example:80/gate.php"}}));
  EXPECT_EQ(Scan("\"http://bad.example/gate%2Ephp\"\n").size(), 1u);
  EXPECT_TRUE(Scan("http://bad.example/gate.php?x=1 http://bad.example/Gate.php\n").empty());
  // The host of a URL, without userinfo and port, short and long authorities alike.
  EXPECT_EQ(Scan("ref=\"https://u:p@WWW.evil.top:8443/x?y\"\n"), (std::vector<Found>{{1, "dom", "WWW.evil.top"}}));
  const std::string long_host = std::string(60, 'a') + ".b.evil.top";
  EXPECT_EQ(Scan("get http://user@" + long_host + ":81/x\n"), (std::vector<Found>{{1, "dom", long_host}}));
  EXPECT_EQ(Scan("http://bad.example?/gate.php http://bad.example#x/gate.php\n").size(), 0u);
  EXPECT_EQ(Scan("go=http://x.example/r?to=http://bad.example/gate.php\n").size(), 1u);
}

TEST_P(ScannerTest, FindsUrlsWhateverTheirHostsShapeAndTheDomainValues) {
  // The URL-host filter and the domain walk each look at a URL's host: whatever the shortest
  // domain value (one, two or three labels, or none), URL hosts of one to four labels with upper
  // case, ports, userinfo, trailing dots or an address are found, and the near misses are not.
  const char* ids[] = {"u0", "u1", "u2", "u3", "u4"};
  const char* urls[] = {"http://a.b.c.example/p", "http://u:pw@intranet/p", "https://10.1.2.3/p", "http://x.y/p",
                        "http://trail.example./p"};
  const char* seen[] = {"see HTTP://A.B.C.Example:80/p ok", "see http://u:pw@INTRANET/p ok",
                        "see https://10.1.2.3:443/p ok", "see http://X.Y/p ok", "see http://Trail.Example./p ok"};
  const char* misses[] = {"see http://b.c.example/p http://a.b.c.example/q http://intranet.x/p http://10.1.2.4/p "
                          "http://x.yy/p http://trail.example/p ok"};
  for (const char* domain : {"", "local", "other.example", "one.two.example"}) {
    IndicatorSetBuilder b;
    for (size_t i = 0; i < std::size(urls); ++i) b.Add(ids[i], std::string("[url:value = '") + urls[i] + "']");
    if (*domain != 0) b.Add("dom", std::string("[domain-name:value = '") + domain + "']");
    set_ = std::move(b).Build();
    ASSERT_TRUE(set_->unsupported().empty());
    for (size_t i = 0; i < std::size(seen); ++i) {
      const auto found = Scan(std::string(seen[i]) + "\n");
      ASSERT_EQ(found.size(), 1u) << domain << " / " << seen[i];
      EXPECT_EQ(found[0].id, ids[i]) << domain << " / " << seen[i];
    }
    EXPECT_TRUE(Scan(std::string(misses[0]) + "\n").empty()) << domain;
  }
}

TEST_P(ScannerTest, RebuildsZeekHttpUrlsFromHostAndUri) {
  std::string line = "1727740800.000000\tCabc\t10.0.0.1\t5555\t9.9.9.9\t80\t1\tGET\tbad.example\t/gate.php";
  for (int i = 10; i < 30; ++i) line += "\t-";
  const auto found = Scan(line + "\n");
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0].id, "url");
  EXPECT_EQ(found[0].value, "http://bad.example/gate.php");
  // Hosts and uris that need normalising: upper case, a default port, an escaped dot.
  for (const char* host_uri : {"Bad.Example\t/gate.php", "bad.example:80\t/gate.php", "bad.example\t/gate%2ephp"}) {
    std::string other = "1727740800.000000\tCabc\t10.0.0.1\t5555\t9.9.9.9\t80\t1\tGET\t" + std::string(host_uri);
    for (int i = 10; i < 30; ++i) other += "\t-";
    EXPECT_EQ(Scan(other + "\n").size(), 1u) << host_uri;
  }
  std::string miss = "1727740800.000000\tCabc\t10.0.0.1\t5555\t9.9.9.9\t80\t1\tGET\tbad.example\t/gate.php?x";
  for (int i = 10; i < 30; ++i) miss += "\t-";
  EXPECT_TRUE(Scan(miss + "\n").empty());
}

TEST_P(ScannerTest, MatchesEmailsAndWholeHexHashes) {
  EXPECT_EQ(Scan("postfix/qmgr: from=<X@Mail.TOP>, size=1\n"), (std::vector<Found>{{1, "mail", "X@Mail.TOP"}}));
  EXPECT_TRUE(Scan("from=<ax@mail.top>\n").empty());
  EXPECT_EQ(Scan("md5=D41D8CD98F00B204E9800998ECF8427E sha1=x\n").size(), 1u);
  // An MD5 that is the prefix of a longer hex token is not a hit.
  EXPECT_TRUE(Scan("sha256=d41d8cd98f00b204e9800998ecf8427e00000000000000000000000000000000\n").empty());
  EXPECT_EQ(Scan("x\te3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855\ty\n").size(), 1u);
}

TEST_P(ScannerTest, FindsValuesAroundAnAtSign) {
  // An '@' is a candidate only after a byte of a local part; what follows a bare '@' is still
  // found through its own candidates.
  UseSet({{"local", "[email-addr:value = 'root@localhost']"},
          {"dom", "[domain-name:value = 'evil.top']"},
          {"md5", "[file:hashes.MD5 = 'd41d8cd98f00b204e9800998ecf8427e']"}});
  EXPECT_EQ(Scan("from <root@localhost>: ok\n"), (std::vector<Found>{{1, "local", "root@localhost"}}));
  EXPECT_EQ(Scan("client @evil.top x\n"), (std::vector<Found>{{1, "dom", "evil.top"}}));
  EXPECT_EQ(Scan("client @d41d8cd98f00b204e9800998ecf8427e x\n"),
            (std::vector<Found>{{1, "md5", "d41d8cd98f00b204e9800998ecf8427e"}}));
  EXPECT_TRUE(Scan("client @0x7fb58c9ef56f 10.1.2.3#53 :@localhost @@localhost\n").empty());
}

TEST_P(ScannerTest, EvaluatesAndOnOneLine) {
  EXPECT_TRUE(Scan("md5=0123456789abcdef0123456789abcdef\nsha1=0123456789abcdef0123456789abcdef01234567\n").empty());
  const auto found = Scan("md5=0123456789abcdef0123456789abcdef sha1=0123456789abcdef0123456789abcdef01234567\n");
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0].id, "both");
}

TEST_P(ScannerTest, CountsLinesAcrossSegmentsAndSurvivesJunk) {
  std::string text;
  for (int i = 0; i < 5000; ++i) text += "Nov 28 00:00:00 web01 sshd[1]: Failed password for root from 10.0.0." + std::to_string(i % 250) + " port 22 ssh2\n";
  text += "evil.top\n";
  text += std::string(100000, 'a') + " 45.1.2.3\n";  // a long line
  text += std::string("\x00\xff\xfe evil.top \x80", 14) + "\n";
  const auto found = Scan(text);
  ASSERT_EQ(found.size(), 3u);
  EXPECT_EQ(found[0].line, 5001u);
  EXPECT_EQ(found[1].line, 5002u);
  EXPECT_EQ(found[2].line, 5003u);
}

INSTANTIATE_TEST_SUITE_P(AllLevels, ScannerTest,
                         ::testing::Values(SimdLevel::kScalar, SimdLevel::kSsse3, SimdLevel::kAvx2, SimdLevel::kAvx512),
                         [](const auto& info) { return std::string(SimdLevelName(info.param)); });

}  // namespace
}  // namespace qx::match
