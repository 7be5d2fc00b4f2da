#include <gtest/gtest.h>

#include <cctype>
#include <random>
#include <set>

#include "qx/match/ip_index.h"
#include "qx/match/string_table.h"

namespace qx::match {
namespace {

TEST(StringTableTest, FindsWhatWasInsertedAndFoldsCase) {
  StringTable t;
  const uint32_t a = t.Insert(ValueKind::kDomain, "evil.top");
  const uint32_t b = t.Insert(ValueKind::kUrl, "evil.top");  // same text, other kind
  EXPECT_NE(a, b);
  EXPECT_EQ(t.Insert(ValueKind::kDomain, "evil.top"), a);
  EXPECT_EQ(t.Find(ValueKind::kDomain, "evil.top"), a);
  const std::string upper = "EVIL.Top";
  EXPECT_EQ(t.Find(ValueKind::kDomain, upper.data(), upper.size(), true), a);
  EXPECT_EQ(t.Find(ValueKind::kDomain, upper.data(), upper.size(), false), StringTable::kNotFound);
  EXPECT_EQ(t.Find(ValueKind::kDomain, "evil.to"), StringTable::kNotFound);
  EXPECT_EQ(t.Find(ValueKind::kEmail, "evil.top"), StringTable::kNotFound);
}

TEST(StringTableTest, GrowsWithManyKeys) {
  StringTable t;
  for (int i = 0; i < 50000; ++i) t.Insert(ValueKind::kMd5, "key" + std::to_string(i));
  EXPECT_EQ(t.size(), 50000u);
  for (int i = 0; i < 50000; i += 997) {
    EXPECT_EQ(t.Find(ValueKind::kMd5, "key" + std::to_string(i)), static_cast<uint32_t>(i));
  }
  EXPECT_EQ(t.Find(ValueKind::kMd5, "key50000"), StringTable::kNotFound);
}

TEST(StringTableTest, FilterNeverHidesAKeyAndRejectsMostAbsentOnes) {
  StringTable t;
  for (int i = 0; i < 20000; ++i) t.Insert(ValueKind::kDomain, "host" + std::to_string(i) + ".example");
  t.BuildFilter();
  t.Insert(ValueKind::kDomain, "late.example");  // inserted after the filter was built
  for (int i = 0; i < 20000; ++i) {
    const std::string k = "HOST" + std::to_string(i) + ".example";
    ASSERT_NE(t.Find(ValueKind::kDomain, k.data(), k.size(), true), StringTable::kNotFound) << k;
  }
  EXPECT_NE(t.Find(ValueKind::kDomain, "late.example"), StringTable::kNotFound);
  int passed = 0;
  for (int i = 0; i < 100000; ++i) {
    const std::string k = "other" + std::to_string(i) + ".example";
    passed += t.MayContain(HashValue(ValueKind::kDomain, k.data(), k.size(), false));
    EXPECT_EQ(t.Find(ValueKind::kDomain, k), StringTable::kNotFound);
  }
  EXPECT_LT(passed, 6000);  // ~3% expected
}

TEST(StringTableTest, HashSeesOnlyItsBytesAtEveryLength) {
  // The tail of a key is read with overlapping loads: bytes around it must not matter, every
  // byte inside must, and case folds at every position.
  const std::string text = "Abcdefghijklmnopqrstuvwxyz0123456789-ABCDEFGHIJKLMNOPQRSTUVWXYZ.abcdefgh";
  for (size_t n = 0; n <= 72; ++n) {
    std::string left = "XXXXXXXX" + text.substr(0, n) + "YYYYYYYY";
    std::string right = "zzzzzzzz" + text.substr(0, n) + "\x01\x02\x03\x04\x05\x06\x07\x08";
    std::string lower = text.substr(0, n);
    for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    const uint64_t h = HashValue(ValueKind::kUrl, left.data() + 8, n, false);
    EXPECT_EQ(h, HashValue(ValueKind::kUrl, right.data() + 8, n, false)) << n;
    EXPECT_EQ(HashValue(ValueKind::kUrl, left.data() + 8, n, true), HashValue(ValueKind::kUrl, lower.data(), n, false)) << n;
    for (size_t i = 0; i < n; ++i) {
      std::string changed = text.substr(0, n);
      changed[i] = '~';
      EXPECT_NE(h, HashValue(ValueKind::kUrl, changed.data(), n, false)) << n << " " << i;
    }
  }
}

TEST(StringTableTest, HashFoldsOnlyAsciiLetters) {
  const std::string a = "AbC-[@]^_`{z", b = "abc-[@]^_`{z";
  EXPECT_EQ(HashValue(ValueKind::kDomain, a.data(), a.size(), true),
            HashValue(ValueKind::kDomain, b.data(), b.size(), false));
  const std::string c = "abc-[`]^_`{z";  // '@' and '`' differ by 0x20 but are not letters
  EXPECT_NE(HashValue(ValueKind::kDomain, b.data(), b.size(), true),
            HashValue(ValueKind::kDomain, c.data(), c.size(), true));
}

TEST(RangeIndexTest, OverlappingRangesReturnEveryCoveringTerm) {
  Ipv4Index idx;
  idx.Add(0x0a000000, 0x0affffff, 1);  // 10.0.0.0/8
  idx.Add(0x0a010000, 0x0a01ffff, 2);  // 10.1.0.0/16
  idx.Add(0x0a010203, 0x0a010203, 3);  // 10.1.2.3
  idx.Build();
  auto terms = [&](uint32_t a) {
    auto s = idx.Lookup(a);
    return std::set<uint32_t>(s.begin(), s.end());
  };
  EXPECT_EQ(terms(0x0a010203), (std::set<uint32_t>{1, 2, 3}));
  EXPECT_EQ(terms(0x0a010204), (std::set<uint32_t>{1, 2}));
  EXPECT_EQ(terms(0x0a020000), (std::set<uint32_t>{1}));
  EXPECT_TRUE(terms(0x0b000000).empty());
  EXPECT_TRUE(terms(0x09ffffff).empty());
  EXPECT_TRUE(idx.MayContain(0x0a7f0000));
  EXPECT_FALSE(idx.MayContain(0x0b000000));
}

TEST(RangeIndexTest, AgreesWithBruteForceOnRandomRanges) {
  std::mt19937 rng(7);
  std::vector<std::pair<uint32_t, uint32_t>> ranges;
  Ipv4Index idx;
  for (uint32_t t = 0; t < 300; ++t) {
    const int prefix = 8 + static_cast<int>(rng() % 25);
    const uint32_t mask = ~uint32_t{0} << (32 - prefix);
    const uint32_t lo = (rng() & 0x0fffffff) & mask;
    const uint32_t hi = lo | ~mask;
    ranges.emplace_back(lo, hi);
    idx.Add(lo, hi, t);
  }
  idx.Build();
  for (int i = 0; i < 20000; ++i) {
    const uint32_t a = rng() & 0x0fffffff;
    std::set<uint32_t> want;
    for (uint32_t t = 0; t < ranges.size(); ++t) {
      if (a >= ranges[t].first && a <= ranges[t].second) want.insert(t);
    }
    auto got = idx.Lookup(a);
    ASSERT_EQ(std::set<uint32_t>(got.begin(), got.end()), want) << a;
    if (!want.empty()) {
      ASSERT_TRUE(idx.MayContain(a));
    }
  }
}

TEST(RangeIndexTest, Ipv4SetFilterKeepsEveryAddress) {
  Ipv4Set s;
  EXPECT_FALSE(s.MayContain(Ipv4Set::Hash(1)));
  for (uint32_t a = 0; a < 30000; ++a) s.Add(a * 7919u, a);
  s.Build();
  int passed = 0;
  for (uint32_t a = 0; a < 30000; ++a) {
    ASSERT_TRUE(s.MayContain(Ipv4Set::Hash(a * 7919u)));
    ASSERT_EQ(s.Lookup(a * 7919u).size(), 1u);
    passed += s.MayContain(Ipv4Set::Hash(a * 7919u + 1));
  }
  EXPECT_LT(passed, 2000);
}

TEST(RangeIndexTest, Ipv6RangesAndExactIpv4Set) {
  Ipv6Index idx6;
  idx6.Add(Ipv6{0x20010db8} << 96, (Ipv6{0x20010db8} << 96) | ((Ipv6{1} << 96) - 1), 5);
  idx6.Build();
  EXPECT_EQ(idx6.Lookup((Ipv6{0x20010db8} << 96) | 77).size(), 1u);
  EXPECT_TRUE(idx6.Lookup(Ipv6{0x20010db9} << 96).empty());
  Ipv4Set set;
  set.Add(0x01020304, 1);
  set.Add(0x01020304, 2);
  set.Add(0, 3);
  set.Build();
  EXPECT_EQ(set.Lookup(0x01020304).size(), 2u);
  EXPECT_EQ(set.Lookup(0).size(), 1u);
  EXPECT_TRUE(set.Lookup(0x01020305).empty());
}

TEST(RangeIndexTest, Ipv6PrefixFilterKeepsEveryCoveredPrefix) {
  // Single addresses and a /31 (two /32 prefixes): every covered /32 passes the filter, and
  // most others do not; a range over more than 65,536 /32s turns the filter off.
  Ipv6Index idx;
  std::mt19937_64 rng(7);
  std::vector<Ipv6> addresses;
  for (int i = 0; i < 500; ++i) {
    const Ipv6 a = (Ipv6{rng()} << 64) | rng();
    addresses.push_back(a);
    idx.Add(a, a, static_cast<uint32_t>(i));
  }
  const Ipv6 net = Ipv6{0x2a000000} << 96;
  idx.Add(net, net | ((Ipv6{2} << 96) - 1), 999);
  idx.Build();
  for (Ipv6 a : addresses) {
    EXPECT_TRUE(idx.MayContainPrefix32(static_cast<uint32_t>(a >> 96)));
    EXPECT_FALSE(idx.Lookup(a).empty());
  }
  EXPECT_TRUE(idx.MayContainPrefix32(0x2a000000));
  EXPECT_TRUE(idx.MayContainPrefix32(0x2a000001));
  int passed = 0;
  for (int i = 0; i < 10000; ++i) passed += idx.MayContainPrefix32(static_cast<uint32_t>(rng()));
  EXPECT_LT(passed, 300);  // about 64 bits per prefix: 1.5% expected
  Ipv6Index wide;
  wide.Add(Ipv6{0x20} << 120, (Ipv6{0x21} << 120) - 1, 1);  // a /8
  wide.Build();
  EXPECT_TRUE(wide.MayContainPrefix32(0x20ffffff));
  EXPECT_TRUE(wide.MayContainPrefix32(0x12345678));  // off: says maybe
  EXPECT_TRUE(wide.Lookup(Ipv6{0x12} << 120).empty());
}

}  // namespace
}  // namespace qx::match
