#include "qx/match/compiler.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <optional>
#include <random>
#include <span>
#include <string>
#include <vector>

#include "qx/match/indicator_loader.h"
#include "qx/stix/pattern.h"

namespace qx::match {
namespace {

std::unique_ptr<IndicatorSet> Compile(const std::vector<std::pair<std::string, std::string>>& in) {
  IndicatorSetBuilder b;
  for (const auto& [id, pattern] : in) b.Add(id, pattern);
  return std::move(b).Build();
}

TEST(CompilerTest, CompilesEverySupportedObservable) {
  auto set = Compile({{"indicator--1", "[ipv4-addr:value = '1.2.3.4']"},
                      {"indicator--2", "[ipv4-addr:value ISSUBSET '5.6.0.0/16']"},
                      {"indicator--3", "[ipv6-addr:value = '2001:db8::1']"},
                      {"indicator--4", "[domain-name:value = 'Evil.TOP']"},
                      {"indicator--5", "[url:value = 'HTTP://evil.top:80/x']"},
                      {"indicator--6", "[email-addr:value = 'a@evil.top']"},
                      {"indicator--7", "[file:hashes.MD5 = 'd41d8cd98f00b204e9800998ecf8427e']"},
                      {"indicator--8", "[file:hashes.'SHA-1' = 'da39a3ee5e6b4b0d3255bfef95601890afd80709']"},
                      {"indicator--9", "[domain-name:value IN ('a.top', 'b.top')]"}});
  EXPECT_EQ(set->indicator_count(), 9u);
  EXPECT_TRUE(set->unsupported().empty());
  EXPECT_EQ(set->ipv4_exact().Lookup(0x01020304).size(), 1u);
  EXPECT_EQ(set->ipv4().Lookup(0x0506ffff).size(), 1u);
  EXPECT_NE(set->strings().Find(ValueKind::kDomain, "evil.top"), StringTable::kNotFound);
  EXPECT_NE(set->strings().Find(ValueKind::kUrl, "http://evil.top/x"), StringTable::kNotFound);
  EXPECT_NE(set->strings().Find(ValueKind::kDomain, "b.top"), StringTable::kNotFound);
  EXPECT_EQ(set->min_domain_labels(), 2);
  EXPECT_EQ(set->indicator_id(3), "indicator--4");
}

TEST(CompilerTest, ListsWhatItCannotEvaluateWithAReason) {
  auto set = Compile({{"indicator--a", "[ipv4-addr:value = '1.2.3.4'] AND [domain-name:value = 'x.top']"},
                      {"indicator--b", "[ipv4-addr:value = '1.2.3.4'] WITHIN 5 SECONDS"},
                      {"indicator--c", "[file:size > 100]"},
                      {"indicator--d", "[domain-name:value LIKE '%.top']"},
                      {"indicator--e", "[ipv4-addr:value NOT = '1.2.3.4']"},
                      {"indicator--f", "[ipv4-addr:value = '1.2.3"},
                      {"indicator--g", "[domain-name:value = 'not a domain']"},
                      {"indicator--h", "[domain-name:value = '1.2.3.4']"}});
  EXPECT_EQ(set->indicator_count(), 0u);
  ASSERT_EQ(set->unsupported().size(), 8u);
  EXPECT_NE(set->unsupported()[0].reason.find("AND / FOLLOWEDBY"), std::string::npos);
  EXPECT_NE(set->unsupported()[1].reason.find("qualifiers"), std::string::npos);
  EXPECT_NE(set->unsupported()[2].reason.find("file:size"), std::string::npos);
  EXPECT_NE(set->unsupported()[3].reason.find("LIKE"), std::string::npos);
  EXPECT_NE(set->unsupported()[5].reason.find("does not parse"), std::string::npos);
  EXPECT_EQ(set->unsupported()[7].indicator_id, "indicator--h");
}

TEST(CompilerTest, ObservationWithSeveralComparisonsIsOneExpression) {
  auto set = Compile({{"indicator--x",
                       "[file:hashes.MD5 = 'd41d8cd98f00b204e9800998ecf8427e' AND "
                       "file:hashes.'SHA-1' = 'da39a3ee5e6b4b0d3255bfef95601890afd80709']"},
                      {"indicator--y", "[ipv4-addr:value = '9.9.9.9'] OR [domain-name:value = 'y.top']"}});
  ASSERT_EQ(set->term_count(), 4u);
  const Term& md5 = set->term(0);
  const Term& sha1 = set->term(1);
  ASSERT_NE(md5.observation, kNoObservation);
  EXPECT_EQ(md5.observation, sha1.observation);
  const std::vector<uint32_t> only_md5 = {0}, both = {1, 0};
  EXPECT_FALSE(set->Evaluate(md5.observation, only_md5));
  EXPECT_TRUE(set->Evaluate(md5.observation, both));
  // OR between observations: two independent single-comparison observations.
  EXPECT_EQ(set->term(2).observation, kNoObservation);
  EXPECT_EQ(set->term(3).observation, kNoObservation);
}

TEST(CompilerTest, FastPathAgreesWithTheParser) {
  const std::vector<std::string> patterns = {
      "[ipv4-addr:value = '1.2.3.4']", " [ ipv6-addr:value ISSUBSET '2001:db8::/32' ] ",
      "[file:hashes.'SHA-256' = 'aa']", "[file:hashes.MD5 == 'd41d8cd98f00b204e9800998ecf8427e']",
      "[url:value = 'http://x.top/a b']", "[email-addr:value = 'a@b.top']",
      "[domain-name:value = 'a\\'b.top']", "[domain-name:value = 'x.top'] OR [ipv4-addr:value = '1.1.1.1']",
      "[file:hashes.SHA-256 = 'aa']", "[domain-name:value ISSUBSET 'x.top']", "[x-foo:value = 'a']",
      "[domain-name:value = 'x.top' /* c */]", "[domain-name:value='x.top']"};
  for (const auto& p : patterns) {
    const auto simple = ParseSimplePattern(p);
    if (!simple) continue;
    const auto parsed = stix::ParsePattern(p);
    ASSERT_TRUE(parsed) << p;
    const auto list = stix::ListComparisons(*parsed);
    ASSERT_EQ(list.size(), 1u) << p;
    EXPECT_EQ(list[0].comparison.value.text, simple->value) << p;
    EXPECT_EQ(list[0].comparison.op == stix::ComparisonOp::kIsSubset, simple->subset) << p;
  }
  EXPECT_TRUE(ParseSimplePattern("[ipv4-addr:value = '1.2.3.4']"));
  EXPECT_FALSE(ParseSimplePattern("[domain-name:value = 'a\\'b.top']"));
  EXPECT_FALSE(ParseSimplePattern("[domain-name:value = 'x.top' /* c */]"));
  EXPECT_FALSE(ParseSimplePattern("[file:hashes.SHA-256 = 'aa']"));
}

// Everything a compiled set holds that the scanner reads, as text, so that two sets compare
// exactly: ids, terms, string entries with their terms, address lookups, domain label range,
// kinds present and the unsupported list.
std::string Describe(const IndicatorSet& s, const std::vector<std::string>& probes) {
  std::string out;
  for (uint32_t i = 0; i < s.indicator_count(); ++i) out += "id " + std::string(s.indicator_id(i)) + "\n";
  for (uint32_t t = 0; t < s.term_count(); ++t) {
    const Term& term = s.term(t);
    out += "term " + std::to_string(term.indicator) + " " + std::to_string(term.observation) + " " +
           std::string(ValueKindName(term.kind)) + "\n";
  }
  for (uint32_t e = 0; e < s.strings().size(); ++e) {
    out += "entry " + std::string(ValueKindName(s.strings().kind(e))) + " " + std::string(s.strings().key(e));
    for (uint32_t t : s.EntryTerms(e)) out += " " + std::to_string(t);
    const auto key = s.strings().key(e);
    out += s.strings().Find(s.strings().kind(e), key) == e ? " found\n" : " LOST\n";
  }
  const auto terms = [](std::span<const uint32_t> ts) {
    std::string r;
    for (uint32_t t : ts) r += " " + std::to_string(t);
    return r;
  };
  for (const auto& p : probes) {
    if (const auto v4 = ParseIpv4Range(p)) {
      out += "v4 " + p + ":" + terms(s.ipv4_exact().Lookup(v4->lo)) + " /" + terms(s.ipv4().Lookup(v4->lo)) + "\n";
    }
    if (const auto v6 = ParseIpv6Range(p)) out += "v6 " + p + ":" + terms(s.ipv6().Lookup(v6->lo)) + "\n";
  }
  out += "labels " + std::to_string(s.min_domain_labels()) + " " + std::to_string(s.max_domain_labels()) + "\n";
  for (int k = 0; k < kValueKindCount; ++k) out += s.has_kind(static_cast<ValueKind>(k)) ? "1" : "0";
  out += "\n";
  for (const auto& u : s.unsupported()) out += "unsupported " + u.indicator_id + ": " + u.reason + "\n";
  return out;
}

TEST(CompilerTest, FastPathCompilesExactlyWhatTheGeneralPathCompiles) {
  std::vector<std::string> patterns = {
      "[ipv4-addr:value = '1.2.3.4']", "[ipv4-addr:value = '1.2.3.4']",  // a duplicate value
      "[ipv4-addr:value ISSUBSET '10.0.0.0/8']", "[ipv4-addr:value = '10.1.2.3/32']",
      "[ipv4-addr:value = '999.1.1.1']", "[ipv6-addr:value = '2001:DB8::1']",
      "[ipv6-addr:value ISSUBSET '2001:db8::/32']", "[ipv6-addr:value = 'zz::1']",
      "[domain-name:value = 'Evil.TOP']", "[domain-name:value = 'a.b.c.evil.top']",
      "[domain-name:value = '1.2.3.4']", "[domain-name:value = 'not a domain']",
      "[url:value = 'HTTP://Evil.top:80/x?y=1']", "[url:value = 'https://evil.top/%7euser']",
      "[url:value = 'no scheme']", "[email-addr:value = 'A@Evil.top']", "[email-addr:value = 'nope']",
      "[file:hashes.MD5 = 'D41D8CD98F00B204E9800998ECF8427E']",
      "[file:hashes.'SHA-1' = 'da39a3ee5e6b4b0d3255bfef95601890afd80709']",
      "[file:hashes.'SHA-256' = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855']",
      "[file:hashes.'SHA-512' = '" + std::string(128, 'A') + "']",
      "[file:hashes.MD5 = 'd41d8cd98f00b204e9800998ecf8427g']",
      "[file:hashes.'SHA-1' = 'd41d8cd98f00b204e9800998ecf8427e']",  // an MD5's length
      "[domain-name:value == 'evil.top']",  // the same value again, another indicator
  };
  // Many generated values, so that the tables grow and entries are shared.
  for (int i = 0; i < 3000; ++i) {
    const std::string n = std::to_string(i % 1200);
    switch (i % 6) {
      case 0: patterns.push_back("[ipv4-addr:value = '9." + std::to_string(i % 250) + ".1." + std::to_string(i % 7) + "']"); break;
      case 1: patterns.push_back("[domain-name:value = 'Host" + n + ".Example.org']"); break;
      case 2: patterns.push_back("[url:value = 'http://h" + n + ".top/p?q=" + n + "']"); break;
      case 3: patterns.push_back("[email-addr:value = 'u" + n + "@mail.top']"); break;
      case 4: {
        std::string md5 = std::to_string(i) + std::string(32, 'c');
        patterns.push_back("[file:hashes.MD5 = '" + md5.substr(0, 32) + "']");
        break;
      }
      default: patterns.push_back("[ipv4-addr:value ISSUBSET '172." + std::to_string(i % 32) + ".0.0/16']");
    }
  }
  IndicatorSetBuilder general, fast;
  general.Reserve(patterns.size());
  size_t simple_count = 0;
  std::vector<std::string> probes;
  for (size_t i = 0; i < patterns.size(); ++i) {
    const std::string id = "indicator--" + std::to_string(i);
    general.Add(id, patterns[i]);
    const auto simple = ParseSimplePattern(patterns[i]);
    if (!simple) {  // a bad digest: the fast path leaves it to the parser, as the loader does
      fast.Add(id, patterns[i]);
      continue;
    }
    ++simple_count;
    probes.emplace_back(simple->value);
    // Alternate the one-step and the two-step (loader) forms of the fast path.
    if (i % 2 == 0) {
      fast.AddSimple(id, *simple);
    } else {
      CompiledValue v;
      const bool ok = PrepareSimple(*simple, &v);
      fast.Prefetch(v);
      fast.AddPrepared(id, *simple, ok, v);
    }
  }
  EXPECT_EQ(simple_count, patterns.size() - 2);
  const auto a = std::move(general).Build();
  const auto b = std::move(fast).Build();
  EXPECT_GT(a->indicator_count(), 3000u);
  EXPECT_GT(a->unsupported().size(), 5u);
  EXPECT_EQ(Describe(*a, probes), Describe(*b, probes));
}

TEST(IndicatorCollectorTest, LoaderGivesTheSetTheBuilderGives) {
  IndicatorCollector c(/*now=*/0);
  IndicatorSetBuilder b;
  std::vector<std::string> probes;
  for (int i = 0; i < 40000; ++i) {  // more than one of the loader's batches
    StixRecord r;
    r.type = "indicator";
    r.id = "indicator--" + std::to_string(i);
    r.pattern_type = "stix";
    r.modified = "2023-01-01T00:00:00.000Z";
    const std::string n = std::to_string(i);
    switch (i % 5) {
      case 0: r.pattern = "[domain-name:value = 'D" + n + ".top']"; break;
      case 1: r.pattern = "[ipv4-addr:value = '8.8." + std::to_string(i % 256) + "." + std::to_string(i % 199) + "']"; break;
      case 2: r.pattern = "[url:value = 'http://x.top/" + n + "'] OR [domain-name:value = 'y" + n + ".top']"; break;
      case 3: r.pattern = "[email-addr:value = 'bad " + n + "']"; break;
      default: r.pattern = "[file:hashes.'SHA-1' = '" + (n + std::string(40, 'F')).substr(0, 40) + "']";
    }
    if (auto s = ParseSimplePattern(r.pattern)) probes.emplace_back(s->value);
    b.Add(r.id, r.pattern);
    c.Add(std::move(r));
  }
  LoadStats stats;
  const auto loaded = std::move(c).Compile(3, &stats);
  const auto built = std::move(b).Build();
  EXPECT_EQ(stats.compiled, 32000u);
  EXPECT_EQ(Describe(*loaded, probes), Describe(*built, probes));
}

TEST(IndicatorCollectorTest, NewestVersionWinsWhereverTheVersionsAreInTheStream) {
  // Versions of the same id near each other (inside the collector's look-ahead) and far apart,
  // with equal timestamps too: the newest is kept, the later one on a tie.
  std::mt19937 rng(3);
  constexpr int kIds = 500;
  std::vector<std::pair<int, int>> stream;  // (id, version)
  for (int v = 0; v < 3; ++v) {
    for (int i = 0; i < kIds; ++i) stream.emplace_back(i, v);
  }
  std::shuffle(stream.begin(), stream.end(), rng);
  std::vector<int> day(kIds * 3);
  for (auto& d : day) d = 1 + static_cast<int>(rng() % 3);
  std::vector<int> want(kIds, -1), want_day(kIds, 0);
  IndicatorCollector c(/*now=*/0);
  for (const auto& [i, v] : stream) {
    const int d = day[i * 3 + v];
    if (d >= want_day[i]) want[i] = v, want_day[i] = d;
    StixRecord r;
    r.type = "indicator";
    r.id = "indicator--" + std::to_string(i);
    r.pattern_type = "stix";
    r.pattern = "[ipv4-addr:value = '10." + std::to_string(v) + "." + std::to_string(i / 256) + "." + std::to_string(i % 256) + "']";
    r.modified = "2023-01-0" + std::to_string(d) + "T00:00:00.000Z";
    c.Add(std::move(r));
  }
  LoadStats stats;
  const auto set = std::move(c).Compile(2, &stats);
  EXPECT_EQ(stats.indicators, static_cast<size_t>(kIds));
  ASSERT_EQ(set->indicator_count(), static_cast<size_t>(kIds));
  for (int i = 0; i < kIds; ++i) {
    for (int v = 0; v < 3; ++v) {
      const uint32_t ip = (10u << 24) | (static_cast<uint32_t>(v) << 16) | static_cast<uint32_t>(i);
      const auto terms = set->ipv4_exact().Lookup(ip);
      ASSERT_EQ(terms.size(), v == want[i] ? 1u : 0u) << "id " << i << " version " << v;
      if (v == want[i]) {
        EXPECT_EQ(set->indicator_id(set->term(terms[0]).indicator), "indicator--" + std::to_string(i));
      }
    }
  }
}

TEST(IndicatorCollectorTest, TheSetKeepsEachIndicatorsTlpFromItsKeptVersion) {
  IndicatorCollector c(/*now=*/0);
  auto ind = [](std::string id, std::string ip, std::string modified, std::optional<stix::Tlp> tlp) {
    StixRecord r;
    r.type = "indicator";
    r.id = std::move(id);
    r.pattern = "[ipv4-addr:value = '" + ip + "']";
    r.pattern_type = "stix";
    r.modified = std::move(modified);
    r.tlp = tlp;
    return r;
  };
  c.Add(ind("indicator--1", "1.1.1.1", "2023-01-01T00:00:00.000Z", stix::Tlp::kGreen));
  c.Add(ind("indicator--1", "1.1.1.1", "2023-01-02T00:00:00.000Z", stix::Tlp::kRed));  // newer
  c.Add(ind("indicator--2", "2.2.2.2", "2023-01-01T00:00:00.000Z", std::nullopt));
  c.Add(ind("indicator--3", "3.3.3.3", "2023-01-01T00:00:00.000Z", stix::Tlp::kClear));
  const auto set = std::move(c).Compile(1, nullptr);
  std::map<std::string, std::optional<stix::Tlp>> tlp;
  for (uint32_t i = 0; i < set->indicator_count(); ++i) tlp[std::string(set->indicator_id(i))] = set->indicator_tlp(i);
  ASSERT_EQ(tlp.size(), 3u);
  EXPECT_EQ(tlp["indicator--1"], stix::Tlp::kRed);
  EXPECT_EQ(tlp["indicator--2"], std::nullopt);
  EXPECT_EQ(tlp["indicator--3"], stix::Tlp::kClear);
}

TEST(IndicatorCollectorTest, KeepsNewestVersionAndDropsRevokedAndExpired) {
  IndicatorCollector c(/*now=*/1'700'000'000'000);  // 2023-11-14
  auto ind = [](std::string id, std::string pattern, std::string modified) {
    StixRecord r;
    r.type = "indicator";
    r.id = std::move(id);
    r.pattern = std::move(pattern);
    r.pattern_type = "stix";
    r.modified = std::move(modified);
    return r;
  };
  c.Add(ind("indicator--1", "[ipv4-addr:value = '1.1.1.1']", "2023-01-02T00:00:00.000Z"));
  c.Add(ind("indicator--1", "[ipv4-addr:value = '2.2.2.2']", "2023-01-01T00:00:00.000Z"));  // older
  c.Add(ind("indicator--2", "[ipv4-addr:value = '3.3.3.3']", "2023-01-01T00:00:00.000Z"));
  auto revoked = ind("indicator--2", "[ipv4-addr:value = '3.3.3.3']", "2023-02-01T00:00:00.000Z");
  revoked.revoked = true;
  c.Add(std::move(revoked));
  auto expired = ind("indicator--3", "[ipv4-addr:value = '4.4.4.4']", "2023-01-01T00:00:00.000Z");
  expired.valid_until = "2023-06-01T00:00:00Z";
  c.Add(std::move(expired));
  auto yara = ind("indicator--4", "rule x {}", "2023-01-01T00:00:00.000Z");
  yara.pattern_type = "yara";
  c.Add(std::move(yara));
  StixRecord identity;
  identity.type = "identity";
  identity.id = "identity--1";
  c.Add(std::move(identity));
  LoadStats stats;
  auto set = std::move(c).Compile(2, &stats);
  EXPECT_EQ(stats.objects, 7u);
  EXPECT_EQ(stats.indicators, 4u);
  EXPECT_EQ(stats.revoked, 1u);
  EXPECT_EQ(stats.expired, 1u);
  EXPECT_EQ(stats.compiled, 1u);
  EXPECT_EQ(stats.unsupported, 1u);
  EXPECT_EQ(set->ipv4_exact().Lookup(0x01010101).size(), 1u);
  EXPECT_TRUE(set->ipv4_exact().Lookup(0x02020202).empty());
}

}  // namespace
}  // namespace qx::match
