#include "qx/core/text.h"

namespace qx {
namespace {

char32_t Lower(char32_t c) {
  if (c >= 'A' && c <= 'Z') return c + 0x20;
  if (c >= 0xC0 && c <= 0xDE && c != 0xD7) return c + 0x20;           // Latin-1
  if (c == 0x130 || c == 0x131) return 'i';  // İ and ı: Azerbaijani I/ı and İ/i meet at i
  if (c >= 0x100 && c <= 0x17F) {                                     // Latin Extended-A pairs
    const bool odd_upper = (c >= 0x139 && c <= 0x148) || (c >= 0x179 && c <= 0x17E);
    if (odd_upper) return (c % 2 == 1) ? c + 1 : c;
    if (c == 0x178) return 0xFF;                                      // Ÿ
    return (c % 2 == 0 && c != 0x138 && c != 0x149) ? c + 1 : c;
  }
  if (c == 0x18F) return 0x259;                                       // Ə
  if (c >= 0x410 && c <= 0x42F) return c + 0x20;                      // А-Я
  if (c >= 0x400 && c <= 0x40F) return c + 0x50;                      // Ѐ-Џ, Ё
  return c;
}

void Append(std::string& out, char32_t c) {
  if (c < 0x80) {
    out += static_cast<char>(c);
  } else if (c < 0x800) {
    out += static_cast<char>(0xC0 | (c >> 6));
    out += static_cast<char>(0x80 | (c & 0x3F));
  } else {
    out += static_cast<char>(0xE0 | (c >> 12));
    out += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (c & 0x3F));
  }
}

}  // namespace

std::string FoldCase(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size();) {
    const auto b = static_cast<unsigned char>(s[i]);
    if (b < 0x80) {
      out += static_cast<char>(Lower(b));
      ++i;
      continue;
    }
    // Two-byte sequences cover every letter folded here; others are copied as they are.
    if ((b & 0xE0) == 0xC0 && i + 1 < s.size() &&
        (static_cast<unsigned char>(s[i + 1]) & 0xC0) == 0x80) {
      const char32_t c = ((b & 0x1F) << 6) | (static_cast<unsigned char>(s[i + 1]) & 0x3F);
      if (c >= 0x80) {
        Append(out, Lower(c));
        i += 2;
        continue;
      }
    }
    out += s[i];
    ++i;
  }
  return out;
}

}  // namespace qx
