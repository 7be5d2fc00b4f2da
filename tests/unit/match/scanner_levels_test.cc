// The SIMD tokenizers (SSSE3, AVX2, AVX-512 classifiers; the x86-64-v3 build of the scanner) must
// give exactly the hits the scalar one gives: every field of every hit, on random bytes and on
// inputs made to hit their edges (values across 16/32/64-byte block and 16 KiB segment
// boundaries, lines of 15-65 bytes, invalid UTF-8, long lines, Zeek columns). The planted values
// are also counted, so that a bug shared by every level fails too.
#include "qx/match/scanner.h"

#include <gtest/gtest.h>

#include <random>
#include <string>
#include <vector>

#include "qx/match/compiler.h"

namespace qx::match {
namespace {

const IndicatorSet& Set() {
  static const IndicatorSet* set = [] {
    IndicatorSetBuilder b;
    b.Add("ip", "[ipv4-addr:value = '45.1.2.3']");
    b.Add("cidr", "[ipv4-addr:value ISSUBSET '5.6.0.0/16']");
    b.Add("ip6", "[ipv6-addr:value = '2001:db8::1']");
    b.Add("dom", "[domain-name:value = 'evil.top']");
    b.Add("url", "[url:value = 'http://bad.example/gate.php']");
    b.Add("zeek", "[url:value = 'http://z.example/x?q=1']");
    b.Add("mail", "[email-addr:value = 'x@mail.top']");
    b.Add("md5", "[file:hashes.MD5 = 'd41d8cd98f00b204e9800998ecf8427e']");
    b.Add("sha1", "[file:hashes.'SHA-1' = 'da39a3ee5e6b4b0d3255bfef95601890afd80709']");
    b.Add("sha512", "[file:hashes.'SHA-512' = '" + std::string(128, 'a') + "']");
    return std::move(b).Build().release();
  }();
  return *set;
}

std::string Describe(const std::vector<TokenHit>& hits) {
  std::string out;
  for (const auto& h : hits) {
    out += std::to_string(h.offset) + "+" + std::to_string(h.length) + " t" + std::to_string(h.term) + " l" +
           std::to_string(h.line) + "@" + std::to_string(h.line_start) + " " + h.composed + "\n";
  }
  return out;
}

// Hits of one level; with a Zeek http layout of 12 columns (host 3, uri 4) as the scan engine
// sets for a Zeek file, so that tab-separated lines are rebuilt too.
std::vector<TokenHit> ScanAt(SimdLevel level, std::string text, size_t* lines, bool defer_filters = false) {
  const size_t n = text.size();
  text.append(kScanPadding, '\0');
  Scanner scanner(Set(), level);
  scanner.set_defer_filters(defer_filters);
  scanner.set_zeek_http_layout(ZeekHttpLayout{12, 3, 4});
  std::vector<TokenHit> hits;
  *lines = scanner.Scan(text.data(), n, &hits);
  return hits;
}

// Scans with every level the CPU has, checks they agree with scalar, returns scalar's hits.
std::vector<TokenHit> ScanAllLevels(const std::string& text, const std::string& what) {
  size_t want_lines = 0;
  auto want = ScanAt(SimdLevel::kScalar, text, &want_lines);
  const std::string want_text = Describe(want);
  const SimdLevel best = DetectSimdLevel();
  for (SimdLevel l : {SimdLevel::kSsse3, SimdLevel::kAvx2, SimdLevel::kAvx512}) {
    if (l > best) continue;
    size_t lines = 0;
    const auto got = ScanAt(l, text, &lines);
    EXPECT_EQ(lines, want_lines) << what << " at " << SimdLevelName(l);
    EXPECT_EQ(Describe(got), want_text) << what << " at " << SimdLevelName(l);
  }
  // The filters tested per segment, as large sets do (the best level and scalar).
  for (SimdLevel l : {SimdLevel::kScalar, best}) {
    size_t lines = 0;
    EXPECT_EQ(Describe(ScanAt(l, text, &lines, true)), want_text) << what << " deferred at " << SimdLevelName(l);
  }
  return want;
}

const std::vector<std::string> kValues = {
    "45.1.2.3", "5.6.7.8", "2001:db8::1", "evil.top", "www.evil.top", "http://bad.example/gate.php",
    "HTTP://Bad.Example:80/gate.php", "x@mail.top", "d41d8cd98f00b204e9800998ecf8427e",
    "DA39A3EE5E6B4B0D3255BFEF95601890AFD80709", std::string(128, 'a')};
const std::vector<std::string> kNearMisses = {
    "145.1.2.3", "45.1.2.34", "xevil.top", "evil.topx", "ax@mail.top", "d41d8cd98f00b204e9800998ecf8427e0",
    "2001:db8::12", "http://bad.example/gate.phpx", std::string(127, 'a')};
// What may stand around a value: delimiters, sub-delimiters, quotes, brackets, invalid UTF-8.
const std::vector<std::string> kEdges = {" ", "\t", "\"", "'", "(", ")", "[", "]", "<", ">", ",", ";", "=",
                                         "/", "|", "\xff", "\x80", "\xc3", "\xe2\x80", "\xf0\x9f\x98"};

TEST(ScannerLevelsTest, ValuesAtEveryOffsetAcrossBlockBoundaries) {
  // Each value at every start offset 0..140 of its line, between varying edges: the value crosses
  // every 16-, 32- and 64-byte boundary of the classifiers.
  std::string text;
  size_t planted = 0;
  for (size_t v = 0; v < kValues.size(); ++v) {
    for (size_t off = 0; off <= 140; ++off) {
      const std::string& left = kEdges[(off + v) % kEdges.size()];
      // On the right, '/' and '=' would make the URL another one: they are only used on the left.
      std::string right = kEdges[(off * 7 + v) % kEdges.size()];
      if (right == "/" || right == "=") right = " ";
      std::string line(off, 'q');
      if (off > 0) line.replace(off - std::min(off, left.size()), std::min(off, left.size()), left.substr(0, off));
      line += kValues[v] + right + "tail\n";
      text += line;
      ++planted;
    }
  }
  const auto hits = ScanAllLevels(text, "offsets");
  // Every planted value gives at least one hit on its own line (www.evil.top and the URL also
  // match through their host).
  std::vector<bool> line_hit(planted, false);
  for (const auto& h : hits) line_hit[h.line] = true;
  for (size_t i = 0; i < planted; ++i) EXPECT_TRUE(line_hit[i]) << "line " << i;
}

TEST(ScannerLevelsTest, NearMissesAreNotHitsAtAnyLevel) {
  std::string text;
  for (size_t off = 0; off < 70; ++off) {
    for (const auto& m : kNearMisses) text += std::string(off, 'z') + " " + m + " \n";
  }
  EXPECT_TRUE(ScanAllLevels(text, "near misses").empty());
}

TEST(ScannerLevelsTest, LineLengthsAroundTheBlockSizes) {
  std::string text;
  size_t lines = 0;
  for (size_t len : {0, 1, 7, 8, 9, 15, 16, 17, 31, 32, 33, 47, 48, 49, 63, 64, 65, 127, 128, 129}) {
    for (const auto& v : kValues) {
      std::string line = v.size() <= len ? std::string(len - v.size(), '.') + v : v.substr(0, len);
      text += line + "\n";
      ++lines;
    }
  }
  const auto hits = ScanAllLevels(text, "line lengths");
  EXPECT_FALSE(hits.empty());
}

TEST(ScannerLevelsTest, RandomBytesFromATokenHeavyAlphabet) {
  std::mt19937 rng(7);
  const std::string alphabet = "..::://@@-_0123456789abcdefABCDEFxyz \t\n\"'=?&%#[]\x80\xc3\xff";
  for (int round = 0; round < 40; ++round) {
    std::string text;
    const size_t size = 1 + rng() % 20000;
    while (text.size() < size) {
      if (rng() % 16 == 0) {
        text += (rng() % 2 ? kValues : kNearMisses)[rng() % 9];
      } else {
        text += alphabet[rng() % alphabet.size()];
      }
    }
    ScanAllLevels(text, "random round " + std::to_string(round));
  }
}

TEST(ScannerLevelsTest, RandomBytesOfEveryValue) {
  std::mt19937 rng(11);
  for (int round = 0; round < 20; ++round) {
    std::string text(1 + rng() % 40000, '\0');
    for (auto& c : text) c = static_cast<char>(rng());
    for (int i = 0; i < 30; ++i) {
      const auto& v = kValues[rng() % kValues.size()];
      text.replace(rng() % text.size(), 0, " " + v + " ");
    }
    ScanAllLevels(text, "bytes round " + std::to_string(round));
  }
}

TEST(ScannerLevelsTest, LongLinesAndSegmentBoundaries) {
  // Lines longer than a 16 KiB segment, and values just before and after each segment boundary.
  std::string text = std::string(70000, 'w') + " 45.1.2.3 " + std::string(20000, '.') + " evil.top\n";
  for (size_t seg = 1; seg <= 4; ++seg) {
    while (text.size() < seg * 16384 - 40) text += "filler 10.0.0.1 host.example \n";
    text += "evil.top 45.1.2.3 x@mail.top http://bad.example/gate.php 45.1.2.3\n";
  }
  text += std::string(100, '\xff') + " 2001:db8::1 " + std::string(100, '\x80') + "\n";
  const auto hits = ScanAllLevels(text, "long lines");
  EXPECT_GE(hits.size(), 2u + 4 * 5 + 1);
}

TEST(ScannerLevelsTest, ZeekHttpLinesAcrossBoundaries) {
  std::string text;
  for (size_t off = 0; off < 80; ++off) {
    text += std::string(off, 'c') + "\t1\t2\tz.example\t/x?q=1\t5\t6\t7\t8\t9\t10\t11\n";  // 12 columns
    text += "\t1\t2\tZ.Example\t/x?q=1\t5\t6\t7\t8\t9\t10\n";  // 11 columns: not the layout
  }
  const auto hits = ScanAllLevels(text, "zeek");
  size_t composed = 0;
  for (const auto& h : hits) composed += h.composed == "http://z.example/x?q=1";
  EXPECT_EQ(composed, 80u);
}

}  // namespace
}  // namespace qx::match
