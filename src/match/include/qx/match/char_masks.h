// Byte classification of log text into bit masks, 64 bytes per word, with the widest SIMD the
// CPU offers (AVX-512 VBMI, AVX2, SSSE3; chosen at run time) and a scalar fallback. The token
// scanner works on these masks instead of on bytes. Pure; thread-safe.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>

namespace qx::match {

// Bits of the per-byte class table.
inline constexpr uint8_t kClassDelim = 1;      // ends a word: space, controls, quotes, brackets...
inline constexpr uint8_t kClassSubDelim = 2;   // ends a sub-token: kClassDelim and / = # ? & ...
inline constexpr uint8_t kClassDot = 4;
inline constexpr uint8_t kClassColon = 8;
inline constexpr uint8_t kClassAt = 16;
inline constexpr uint8_t kClassAlpha = 32;
inline constexpr uint8_t kClassDigit = 64;
inline constexpr uint8_t kClassHexLetter = 128;  // a-f A-F

// The class bits of a byte (bytes >= 0x80 are delimiters: values are matched in ASCII form).
uint8_t CharClass(unsigned char c);

// Masks of one 64-byte block: bit i describes byte i.
struct BlockMasks {
  uint64_t delim, sub, dot, colon, at, alpha, digit, hex, newline, tab, slash;
};

enum class SimdLevel { kScalar, kSsse3, kAvx2, kAvx512 };
std::string_view SimdLevelName(SimdLevel level);
// The best level this CPU supports, unless the environment variable QX_MATCH_SIMD names a lower
// one ("scalar", "ssse3", "avx2", "avx512").
SimdLevel DetectSimdLevel();

// Classifies `blocks` 64-byte blocks of `data` (which must be readable for blocks * 64 bytes)
// into out[0..blocks).
using ClassifyFn = void (*)(const char* data, size_t blocks, BlockMasks* out);
ClassifyFn ClassifierFor(SimdLevel level);

}  // namespace qx::match
