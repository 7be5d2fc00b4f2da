#include "qx/match/compiler.h"

#include <gtest/gtest.h>

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
