// HashValue, inline so that the scanner's calls (constant kind and fold, short keys) compile to
// straight-line code in each instruction-set variant. Integer arithmetic only: every variant and
// the loader compute the same hash.
#pragma once

#include <bit>
#include <cstddef>
#include <cstdint>
#include <cstring>

#include "qx/match/values.h"

namespace qx::match {
namespace value_hash {

inline constexpr uint64_t kMul = 0x9E3779B97F4A7C15ull;

inline uint64_t Load8(const char* p) {
  uint64_t v;
  std::memcpy(&v, p, 8);
  return v;
}

inline uint32_t Load4(const char* p) {
  uint32_t v;
  std::memcpy(&v, p, 4);
  return v;
}

// Up to 7 bytes, little-endian, zero-filled, without a loop and without reading outside
// [p, p + n): two overlapping loads whose common bytes agree.
inline uint64_t LoadTail(const char* p, size_t n) {
  if (n >= 4) return Load4(p) | (uint64_t{Load4(p + n - 4)} << (8 * (n - 4)));
  if (n == 0) return 0;
  const auto byte = [p](size_t i) { return uint64_t{static_cast<unsigned char>(p[i])}; };
  return byte(0) | (byte(n / 2) << (8 * (n / 2))) | (byte(n - 1) << (8 * (n - 1)));
}

// The last n (1..7) of the bytes before p + end, of which there are at least 8, as LoadTail.
inline uint64_t LoadTailBack(const char* p, size_t end, size_t n) {
  return Load8(p + end - 8) >> (8 * (8 - n));
}

// ASCII upper case to lower case in eight bytes at once; other bytes unchanged.
inline uint64_t FoldWord(uint64_t w) {
  constexpr uint64_t kOnes = 0x0101010101010101ull;
  const uint64_t seven = w & (0x7f * kOnes);
  const uint64_t ge_a = seven + (0x80 - 'A') * kOnes;   // high bit set where byte >= 'A'
  const uint64_t gt_z = seven + (0x7f - 'Z') * kOnes;   // high bit set where byte > 'Z'
  const uint64_t upper = ge_a & ~gt_z & ~w & (0x80 * kOnes);
  return w | (upper >> 2);
}

inline uint64_t Mix(uint64_t h) {
  h ^= h >> 32;
  h *= 0xD6E8FEB86659FD93ull;
  h ^= h >> 32;
  return h;
}

}  // namespace value_hash

// 64-bit hash of n bytes tagged with the kind; with fold, ASCII upper case hashes as lower case.
inline uint64_t HashValue(ValueKind kind, const char* p, size_t n, bool fold) {
  using namespace value_hash;
  uint64_t h = (static_cast<uint64_t>(kind) + 1) * 0x100000001B3ull ^ n;
  const auto round = [fold](uint64_t state, uint64_t w) {
    if (fold) w = FoldWord(w);
    return std::rotl((state ^ w) * kMul, 29);
  };
  if (n > 8 && n <= 24) {
    // Host names and their suffixes, mostly: the same rounds as the loop below, without a
    // branch on the length (two rounds up to 16 bytes, three up to 24; every load inside p..p+n).
    const bool three = n > 16;
    h = round(h, Load8(p));
    h = round(h, Load8(p + (three ? 8 : n - 8)) >> (three ? 0 : 8 * (16 - n)));
    const uint64_t h3 = round(h, Load8(p + n - 8) >> (three ? 8 * (24 - n) : 0));
    return Mix(three ? h3 : h);
  }
  size_t i = 0;
  for (; i + 8 <= n; i += 8) {
    uint64_t w = Load8(p + i);
    if (fold) w = FoldWord(w);
    h = std::rotl((h ^ w) * kMul, 29);
  }
  if (i < n) {
    uint64_t w = n >= 8 ? LoadTailBack(p, n, n - i) : LoadTail(p + i, n - i);
    if (fold) w = FoldWord(w);
    h = std::rotl((h ^ w) * kMul, 29);
  }
  return Mix(h);
}

}  // namespace qx::match
