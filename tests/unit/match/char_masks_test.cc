#include "qx/match/char_masks.h"

#include <gtest/gtest.h>

#include <random>
#include <string>
#include <vector>

namespace qx::match {
namespace {

bool Same(const BlockMasks& a, const BlockMasks& b) {
  return a.delim == b.delim && a.sub == b.sub && a.dot == b.dot && a.colon == b.colon && a.at == b.at &&
         a.alpha == b.alpha && a.digit == b.digit && a.hex == b.hex && a.newline == b.newline &&
         a.tab == b.tab && a.slash == b.slash;
}

TEST(CharMasksTest, EveryLevelTheCpuHasAgreesWithScalar) {
  std::mt19937 rng(1);
  std::string data(64 * 257, '\0');
  for (auto& c : data) c = static_cast<char>(rng());
  for (size_t i = 0; i < 256; ++i) data[i] = static_cast<char>(i);  // every byte value
  const size_t blocks = data.size() / 64;
  std::vector<BlockMasks> want(blocks), got(blocks);
  ClassifierFor(SimdLevel::kScalar)(data.data(), blocks, want.data());
  const SimdLevel best = DetectSimdLevel();
  for (SimdLevel l : {SimdLevel::kSsse3, SimdLevel::kAvx2, SimdLevel::kAvx512}) {
    if (l > best) continue;
    ClassifierFor(l)(data.data(), blocks, got.data());
    for (size_t b = 0; b < blocks; ++b) ASSERT_TRUE(Same(want[b], got[b])) << SimdLevelName(l) << " block " << b;
  }
}

TEST(CharMasksTest, ClassesOfTypicalBytes) {
  EXPECT_TRUE(CharClass(' ') & kClassDelim);
  EXPECT_TRUE(CharClass('"') & kClassDelim);
  EXPECT_TRUE(CharClass(0xc3) & kClassDelim);
  EXPECT_FALSE(CharClass('/') & kClassDelim);
  EXPECT_TRUE(CharClass('/') & kClassSubDelim);
  EXPECT_TRUE(CharClass('=') & kClassSubDelim);
  EXPECT_FALSE(CharClass('-') & kClassSubDelim);
  EXPECT_FALSE(CharClass('@') & kClassSubDelim);
  EXPECT_TRUE(CharClass('F') & kClassHexLetter);
  EXPECT_FALSE(CharClass('g') & kClassHexLetter);
}

}  // namespace
}  // namespace qx::match
