#include "qx/match/char_masks.h"

#include <array>
#include <cstdlib>
#include <cstring>
#include <string>

#if defined(__x86_64__)
#include <immintrin.h>
#endif

namespace qx::match {
namespace {

constexpr std::array<uint8_t, 256> MakeClassTable() {
  std::array<uint8_t, 256> t{};
  for (int c = 0; c < 256; ++c) {
    uint8_t k = 0;
    const bool alpha = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    const bool digit = c >= '0' && c <= '9';
    if (alpha) k |= kClassAlpha;
    if (digit) k |= kClassDigit;
    if ((c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F')) k |= kClassHexLetter;
    if (c == '.') k |= kClassDot;
    if (c == ':') k |= kClassColon;
    if (c == '@') k |= kClassAt;
    bool delim = c <= 0x20 || c >= 0x7f;
    for (char d : std::string_view("\"'<>()[]{}|\\,;`^")) delim = delim || c == d;
    if (delim) k |= kClassDelim;
    const bool in_subtoken = alpha || digit || c == '.' || c == '_' || c == ':' || c == '@' ||
                             c == '+' || c == '-';
    if (!in_subtoken) k |= kClassSubDelim;
    t[c] = k;
  }
  return t;
}

constexpr std::array<uint8_t, 256> kClass = MakeClassTable();

void ClassifyScalar(const char* data, size_t blocks, BlockMasks* out) {
  for (size_t b = 0; b < blocks; ++b) {
    BlockMasks m{};
    const unsigned char* p = reinterpret_cast<const unsigned char*>(data + b * 64);
    for (int i = 0; i < 64; ++i) {
      const uint8_t k = kClass[p[i]];
      const uint64_t bit = uint64_t{1} << i;
      if (k & kClassDelim) m.delim |= bit;
      if (k & kClassSubDelim) m.sub |= bit;
      if (k & kClassDot) m.dot |= bit;
      if (k & kClassColon) m.colon |= bit;
      if (k & kClassAt) m.at |= bit;
      if (k & kClassAlpha) m.alpha |= bit;
      if (k & kClassDigit) m.digit |= bit;
      if (k & (kClassDigit | kClassHexLetter)) m.hex |= bit;
      if (p[i] == '\n') m.newline |= bit;
      if (p[i] == '\t') m.tab |= bit;
      if (p[i] == '/') m.slash |= bit;
    }
    out[b] = m;
  }
}

#if defined(__x86_64__)

// Nibble tables: for class bit k, kLow[k][l] has bit h set when byte (h << 4 | l) (h < 8) has the
// class; membership is (kLow[k][lo] & (1 << hi)) != 0. Bytes >= 0x80 are handled apart.
struct NibbleTables {
  alignas(64) uint8_t low[8][16];
};
constexpr NibbleTables MakeNibbleTables() {
  NibbleTables t{};
  for (int k = 0; k < 8; ++k) {
    for (int c = 0; c < 128; ++c) {
      if (kClass[c] & (1 << k)) t.low[k][c & 15] |= static_cast<uint8_t>(1 << (c >> 4));
    }
  }
  return t;
}
constexpr NibbleTables kNibbles = MakeNibbleTables();
alignas(16) constexpr uint8_t kHighBits[16] = {1, 2, 4, 8, 16, 32, 64, 128, 0, 0, 0, 0, 0, 0, 0, 0};

__attribute__((target("ssse3"))) void ClassifySsse3(const char* data, size_t blocks,
                                                    BlockMasks* out) {
  const __m128i low_mask = _mm_set1_epi8(0x0f);
  const __m128i high_tbl = _mm_load_si128(reinterpret_cast<const __m128i*>(kHighBits));
  __m128i tbl[8];
  for (int k = 0; k < 8; ++k) tbl[k] = _mm_load_si128(reinterpret_cast<const __m128i*>(kNibbles.low[k]));
  const __m128i nl = _mm_set1_epi8('\n'), tab = _mm_set1_epi8('\t'), slash = _mm_set1_epi8('/'), zero = _mm_setzero_si128();
  for (size_t b = 0; b < blocks; ++b) {
    uint64_t m[11] = {};
    for (int q = 0; q < 4; ++q) {
      const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(data + b * 64 + q * 16));
      const __m128i lo = _mm_and_si128(v, low_mask);
      const __m128i hi = _mm_and_si128(_mm_srli_epi16(v, 4), low_mask);
      const __m128i hbit = _mm_shuffle_epi8(high_tbl, hi);
      const uint64_t high = static_cast<uint32_t>(_mm_movemask_epi8(v));
      uint64_t cls[8];
      for (int k = 0; k < 8; ++k) {
        const __m128i hit = _mm_and_si128(_mm_shuffle_epi8(tbl[k], lo), hbit);
        cls[k] = static_cast<uint32_t>(0xffff ^ _mm_movemask_epi8(_mm_cmpeq_epi8(hit, zero)));
      }
      const int s = q * 16;
      m[0] |= (cls[0] | high) << s;
      m[1] |= (cls[1] | high) << s;
      m[2] |= cls[2] << s;
      m[3] |= cls[3] << s;
      m[4] |= cls[4] << s;
      m[5] |= cls[5] << s;
      m[6] |= cls[6] << s;
      m[7] |= (cls[6] | cls[7]) << s;
      m[8] |= uint64_t{static_cast<uint32_t>(_mm_movemask_epi8(_mm_cmpeq_epi8(v, nl)))} << s;
      m[9] |= uint64_t{static_cast<uint32_t>(_mm_movemask_epi8(_mm_cmpeq_epi8(v, tab)))} << s;
      m[10] |= uint64_t{static_cast<uint32_t>(_mm_movemask_epi8(_mm_cmpeq_epi8(v, slash)))} << s;
    }
    out[b] = BlockMasks{m[0], m[1], m[2], m[3], m[4], m[5], m[6], m[7], m[8], m[9], m[10]};
  }
}

__attribute__((target("avx2"))) void ClassifyAvx2(const char* data, size_t blocks, BlockMasks* out) {
  const __m256i low_mask = _mm256_set1_epi8(0x0f);
  const __m256i high_tbl = _mm256_broadcastsi128_si256(_mm_load_si128(reinterpret_cast<const __m128i*>(kHighBits)));
  __m256i tbl[8];
  for (int k = 0; k < 8; ++k) {
    tbl[k] = _mm256_broadcastsi128_si256(_mm_load_si128(reinterpret_cast<const __m128i*>(kNibbles.low[k])));
  }
  const __m256i nl = _mm256_set1_epi8('\n'), tab = _mm256_set1_epi8('\t'), slash = _mm256_set1_epi8('/'), zero = _mm256_setzero_si256();
  for (size_t b = 0; b < blocks; ++b) {
    uint64_t m[11] = {};
    for (int q = 0; q < 2; ++q) {
      const __m256i v = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(data + b * 64 + q * 32));
      const __m256i lo = _mm256_and_si256(v, low_mask);
      const __m256i hi = _mm256_and_si256(_mm256_srli_epi16(v, 4), low_mask);
      const __m256i hbit = _mm256_shuffle_epi8(high_tbl, hi);
      const uint64_t high = static_cast<uint32_t>(_mm256_movemask_epi8(v));
      uint64_t cls[8];
      for (int k = 0; k < 8; ++k) {
        const __m256i hit = _mm256_and_si256(_mm256_shuffle_epi8(tbl[k], lo), hbit);
        cls[k] = ~static_cast<uint32_t>(_mm256_movemask_epi8(_mm256_cmpeq_epi8(hit, zero))) & 0xffffffffull;
      }
      const int s = q * 32;
      m[0] |= (cls[0] | high) << s;
      m[1] |= (cls[1] | high) << s;
      m[2] |= cls[2] << s;
      m[3] |= cls[3] << s;
      m[4] |= cls[4] << s;
      m[5] |= cls[5] << s;
      m[6] |= cls[6] << s;
      m[7] |= (cls[6] | cls[7]) << s;
      m[8] |= uint64_t{static_cast<uint32_t>(_mm256_movemask_epi8(_mm256_cmpeq_epi8(v, nl)))} << s;
      m[9] |= uint64_t{static_cast<uint32_t>(_mm256_movemask_epi8(_mm256_cmpeq_epi8(v, tab)))} << s;
      m[10] |= uint64_t{static_cast<uint32_t>(_mm256_movemask_epi8(_mm256_cmpeq_epi8(v, slash)))} << s;
    }
    out[b] = BlockMasks{m[0], m[1], m[2], m[3], m[4], m[5], m[6], m[7], m[8], m[9], m[10]};
  }
}

alignas(64) constexpr std::array<uint8_t, 256> kClassAligned = kClass;

__attribute__((target("avx512f,avx512bw,avx512vbmi"))) void ClassifyAvx512(const char* data,
                                                                          size_t blocks,
                                                                          BlockMasks* out) {
  const __m512i t0 = _mm512_load_si512(kClassAligned.data());
  const __m512i t1 = _mm512_load_si512(kClassAligned.data() + 64);
  const __m512i high_class = _mm512_set1_epi8(static_cast<char>(kClassDelim | kClassSubDelim));
  const __m512i nl = _mm512_set1_epi8('\n'), tab = _mm512_set1_epi8('\t'), slash = _mm512_set1_epi8('/');
#define QX_BIT(b) _mm512_set1_epi8(static_cast<char>(b))
  const __m512i b_delim = QX_BIT(kClassDelim), b_sub = QX_BIT(kClassSubDelim), b_dot = QX_BIT(kClassDot),
                b_colon = QX_BIT(kClassColon), b_at = QX_BIT(kClassAt), b_alpha = QX_BIT(kClassAlpha),
                b_digit = QX_BIT(kClassDigit), b_hex = QX_BIT(kClassDigit | kClassHexLetter);
#undef QX_BIT
  for (size_t b = 0; b < blocks; ++b) {
    const __m512i v = _mm512_loadu_si512(data + b * 64);
    __m512i cls = _mm512_permutex2var_epi8(t0, v, t1);
    cls = _mm512_mask_mov_epi8(cls, _mm512_movepi8_mask(v), high_class);
    out[b] = BlockMasks{_mm512_test_epi8_mask(cls, b_delim), _mm512_test_epi8_mask(cls, b_sub),
                        _mm512_test_epi8_mask(cls, b_dot),   _mm512_test_epi8_mask(cls, b_colon),
                        _mm512_test_epi8_mask(cls, b_at),    _mm512_test_epi8_mask(cls, b_alpha),
                        _mm512_test_epi8_mask(cls, b_digit), _mm512_test_epi8_mask(cls, b_hex),
                        _mm512_cmpeq_epi8_mask(v, nl),       _mm512_cmpeq_epi8_mask(v, tab),
                        _mm512_cmpeq_epi8_mask(v, slash)};
  }
}

#endif  // __x86_64__

}  // namespace

uint8_t CharClass(unsigned char c) { return kClass[c]; }

std::string_view SimdLevelName(SimdLevel level) {
  switch (level) {
    case SimdLevel::kScalar: return "scalar";
    case SimdLevel::kSsse3: return "ssse3";
    case SimdLevel::kAvx2: return "avx2";
    case SimdLevel::kAvx512: return "avx512";
  }
  return "scalar";
}

SimdLevel DetectSimdLevel() {
  SimdLevel best = SimdLevel::kScalar;
#if defined(__x86_64__)
  __builtin_cpu_init();
  if (__builtin_cpu_supports("ssse3")) best = SimdLevel::kSsse3;
  if (__builtin_cpu_supports("avx2")) best = SimdLevel::kAvx2;
  if (__builtin_cpu_supports("avx512bw") && __builtin_cpu_supports("avx512vbmi")) {
    best = SimdLevel::kAvx512;
  }
#endif
  if (const char* env = std::getenv("QX_MATCH_SIMD")) {
    for (SimdLevel l : {SimdLevel::kScalar, SimdLevel::kSsse3, SimdLevel::kAvx2, SimdLevel::kAvx512}) {
      if (SimdLevelName(l) == env && l <= best) return l;
    }
  }
  return best;
}

ClassifyFn ClassifierFor(SimdLevel level) {
#if defined(__x86_64__)
  switch (level) {
    case SimdLevel::kAvx512: return &ClassifyAvx512;
    case SimdLevel::kAvx2: return &ClassifyAvx2;
    case SimdLevel::kSsse3: return &ClassifySsse3;
    case SimdLevel::kScalar: break;
  }
#endif
  return &ClassifyScalar;
}

}  // namespace qx::match
