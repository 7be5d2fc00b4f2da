#include "qx/match/values.h"

#include <array>
#include <bit>
#include <charconv>
#include <cstring>

#include "qx/core/hex.h"

namespace qx::match {
namespace {

bool IsDigit(char c) { return c >= '0' && c <= '9'; }
char Lower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c + 32) : c; }
bool IsAlpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }

// Splits "x/n" into x and n (0..max); false on a bad prefix. No slash: n = max.
bool SplitPrefix(std::string_view& text, int max, int* prefix) {
  const size_t slash = text.find('/');
  *prefix = max;
  if (slash == std::string_view::npos) return true;
  const std::string_view p = text.substr(slash + 1);
  text = text.substr(0, slash);
  if (p.empty() || p.size() > 3) return false;
  int v = 0;
  for (char c : p) {
    if (!IsDigit(c)) return false;
    v = v * 10 + (c - '0');
  }
  if (v > max) return false;
  *prefix = v;
  return true;
}

bool IsUnreserved(char c) {
  return IsAlpha(c) || IsDigit(c) || c == '-' || c == '.' || c == '_' || c == '~';
}

}  // namespace

std::string_view ValueKindName(ValueKind kind) {
  static constexpr std::array<std::string_view, kValueKindCount> kNames = {
      "ipv4", "ipv6", "domain", "url", "email", "md5", "sha1", "sha256", "sha512"};
  return kNames[static_cast<size_t>(kind)];
}

std::optional<uint32_t> ParseIpv4(std::string_view s) {
  uint32_t address = 0;
  size_t i = 0;
  for (int part = 0; part < 4; ++part) {
    if (part > 0) {
      if (i >= s.size() || s[i] != '.') return std::nullopt;
      ++i;
    }
    uint32_t octet = 0;
    size_t digits = 0;
    while (i < s.size() && IsDigit(s[i]) && digits < 4) {
      octet = octet * 10 + static_cast<uint32_t>(s[i] - '0');
      ++i;
      ++digits;
    }
    if (digits == 0 || digits > 3 || octet > 255) return std::nullopt;
    address = (address << 8) | octet;
  }
  if (i != s.size()) return std::nullopt;
  return address;
}

std::optional<Ipv6> ParseIpv6(std::string_view s) {
  if (s.size() < 2 || s.size() > 45) return std::nullopt;
  std::array<uint16_t, 8> groups{};
  int count = 0, gap = -1;
  size_t i = 0;
  if (s[0] == ':') {
    if (s[1] != ':') return std::nullopt;
    gap = 0;
    i = 2;
    if (i == s.size()) return Ipv6{0};
  }
  while (i < s.size()) {
    // A dotted quad may end the address, counting as two groups.
    size_t j = i;
    int value = 0, digits = 0;
    while (j < s.size() && digits <= 4) {
      const int h = HexDigitValue(s[j]);
      if (h < 0) break;
      value = value * 16 + h;
      ++digits;
      ++j;
    }
    if (j < s.size() && s[j] == '.') {
      const auto v4 = ParseIpv4(s.substr(i));
      if (!v4 || count > 6) return std::nullopt;
      groups[count++] = static_cast<uint16_t>(*v4 >> 16);
      groups[count++] = static_cast<uint16_t>(*v4 & 0xffff);
      i = s.size();
      break;
    }
    if (digits == 0 || digits > 4 || count == 8) return std::nullopt;
    groups[count++] = static_cast<uint16_t>(value);
    i = j;
    if (i == s.size()) break;
    if (s[i] != ':') return std::nullopt;
    ++i;
    if (i < s.size() && s[i] == ':') {
      if (gap >= 0) return std::nullopt;
      gap = count;
      ++i;
      if (i == s.size()) break;
    } else if (i == s.size()) {
      return std::nullopt;  // a trailing single colon
    }
  }
  if (gap < 0 && count != 8) return std::nullopt;
  if (gap >= 0 && count > 7) return std::nullopt;
  Ipv6 out = 0;
  const int zeros = gap >= 0 ? 8 - count : 0;
  int k = 0;
  for (int g = 0; g < 8; ++g) {
    uint16_t v = 0;
    if (gap >= 0 && g >= gap && g < gap + zeros) {
      v = 0;
    } else {
      v = groups[k++];
    }
    out = (out << 16) | v;
  }
  return out;
}

std::optional<Ipv4Range> ParseIpv4Range(std::string_view text) {
  int prefix = 32;
  if (!SplitPrefix(text, 32, &prefix)) return std::nullopt;
  const auto a = ParseIpv4(text);
  if (!a) return std::nullopt;
  const uint32_t mask = prefix == 0 ? 0 : ~uint32_t{0} << (32 - prefix);
  return Ipv4Range{*a & mask, (*a & mask) | ~mask};
}

std::optional<Ipv6> ParseIpv6Groups(std::string_view s, uint64_t colon) {
  const size_t n = s.size();
  if (n < 2 || n > 39) return std::nullopt;  // 8 groups of 4 and 7 colons at most
  const uint64_t full = (uint64_t{1} << n) - 1;
  colon &= full;
  // One "::" at most and no ":::"; a single colon neither first nor last.
  const uint64_t pairs = colon & (colon >> 1);  // the first colon of each "::"
  if ((pairs & (pairs - 1)) != 0) return std::nullopt;
  const uint64_t lone = colon & ~(pairs | (pairs << 1));
  if ((lone & 1) != 0 || ((lone >> (n - 1)) & 1) != 0) return std::nullopt;
  // Groups: runs of hex digits, 1 to 4 each; 8 of them, or at most 7 around the "::".
  const uint64_t digits = full & ~colon;
  const uint64_t starts = digits & ~(digits << 1);
  const int groups = std::popcount(starts);
  if (pairs == 0 ? groups != 8 : groups > 7) return std::nullopt;
  // Each group's value from the 4 bytes that end it, without a loop per digit: a copy with 4
  // leading zero bytes lets every group be read that way.
  char padded[4 + 40] = {};
  std::memcpy(padded + 4, s.data(), n);
  uint16_t values[8];
  int before_gap = groups;
  int g = 0;
  for (uint64_t st = starts; st != 0; st &= st - 1, ++g) {
    const size_t b = static_cast<size_t>(std::countr_zero(st));
    const uint64_t run = digits & ~((uint64_t{1} << b) - 1);
    const size_t e = static_cast<size_t>(std::countr_zero(~run & ~((uint64_t{1} << b) - 1)));
    if (e - b > 4) return std::nullopt;
    uint32_t x;
    std::memcpy(&x, padded + e, 4);  // the group's last 4 bytes (padded + 4 + e - 4)
    x &= ~uint32_t{0} << (8 * (4 - (e - b)));  // only the group's digits
    // '0'-'9' -> 0-9 and 'a'-'f', 'A'-'F' -> 10-15 in every byte (zero bytes stay zero).
    const uint32_t nib = (x & 0x0F0F0F0Fu) + 9 * ((x >> 6) & 0x01010101u);
    // The last byte is the lowest digit (little-endian loads).
    values[g] = static_cast<uint16_t>(((nib >> 24) & 0xF) | ((nib >> 12) & 0xF0) | (nib & 0xF00) | ((nib << 12) & 0xF000));
    if (pairs != 0 && b > static_cast<size_t>(std::countr_zero(pairs)) && before_gap == groups) before_gap = g;
  }
  Ipv6 out = 0;
  for (int i = 0; i < before_gap; ++i) out = (out << 16) | values[i];
  out <<= 16 * (8 - groups);  // the zeros of the "::" (none without one: 8 groups)
  for (int i = before_gap; i < groups; ++i) out = (out << 16) | values[i];
  return out;
}

std::optional<Ipv6Range> ParseIpv6Range(std::string_view text) {
  int prefix = 128;
  if (!SplitPrefix(text, 128, &prefix)) return std::nullopt;
  const auto a = ParseIpv6(text);
  if (!a) return std::nullopt;
  const Ipv6 all = ~Ipv6{0};
  const Ipv6 mask = prefix == 0 ? 0 : all << (128 - prefix);
  return Ipv6Range{*a & mask, (*a & mask) | ~mask};
}

std::string FormatIpv4(uint32_t a) {
  return std::to_string(a >> 24) + "." + std::to_string((a >> 16) & 255) + "." +
         std::to_string((a >> 8) & 255) + "." + std::to_string(a & 255);
}

std::optional<std::string> NormalizeDomain(std::string_view text) {
  if (!text.empty() && text.back() == '.') text.remove_suffix(1);
  if (text.empty() || text.size() > 253) return std::nullopt;
  std::string out;
  out.reserve(text.size());
  size_t label = 0;
  for (char c : text) {
    if (c == '.') {
      if (label == 0) return std::nullopt;
      label = 0;
    } else {
      const bool ok = IsAlpha(c) || IsDigit(c) || c == '-' || c == '_' ||
                      static_cast<unsigned char>(c) >= 0x80;
      if (!ok || ++label > 63) return std::nullopt;
    }
    out.push_back(Lower(c));
  }
  if (label == 0) return std::nullopt;
  return out;
}

bool NormalizeUrl(std::string_view text, std::string* out) {
  out->clear();
  const size_t sep = text.find("://");
  if (sep == std::string_view::npos || sep == 0) return false;
  const std::string_view scheme = text.substr(0, sep);
  if (!IsAlpha(scheme[0])) return false;
  for (char c : scheme) {
    if (!(IsAlpha(c) || IsDigit(c) || c == '+' || c == '-' || c == '.')) return false;
    out->push_back(Lower(c));
  }
  out->append("://");
  std::string_view rest = text.substr(sep + 3);
  size_t auth_end = rest.find_first_of("/?#");
  if (auth_end == std::string_view::npos) auth_end = rest.size();
  std::string_view authority = rest.substr(0, auth_end);
  std::string_view tail = rest.substr(auth_end);
  const size_t at = authority.rfind('@');
  if (at != std::string_view::npos) {
    out->append(authority.substr(0, at + 1));
    authority = authority.substr(at + 1);
  }
  // host[:port], the host possibly a bracketed IPv6 literal.
  std::string_view host = authority, port;
  if (!authority.empty() && authority[0] == '[') {
    const size_t close = authority.find(']');
    if (close == std::string_view::npos) return false;
    host = authority.substr(0, close + 1);
    const std::string_view after = authority.substr(close + 1);
    if (!after.empty()) {
      if (after[0] != ':') return false;
      port = after.substr(1);
    }
  } else {
    const size_t colon = authority.rfind(':');
    if (colon != std::string_view::npos) {
      host = authority.substr(0, colon);
      port = authority.substr(colon + 1);
    }
  }
  if (host.empty()) return false;
  for (char c : host) out->push_back(Lower(c));
  for (char c : port) {
    if (!IsDigit(c)) return false;
  }
  const std::string_view s(out->data(), scheme.size());
  const bool default_port = (s == "http" && port == "80") || (s == "https" && port == "443") ||
                            (s == "ftp" && port == "21");
  if (!port.empty() && !default_port) {
    out->push_back(':');
    out->append(port);
  }
  if (tail.empty() || tail[0] != '/') out->push_back('/');
  for (size_t i = 0; i < tail.size(); ++i) {
    const char c = tail[i];
    if (c == '%' && i + 2 < tail.size() + 0 && HexDigitValue(tail[i + 1]) >= 0 &&
        HexDigitValue(tail[i + 2]) >= 0) {
      const char decoded = static_cast<char>(HexDigitValue(tail[i + 1]) * 16 + HexDigitValue(tail[i + 2]));
      if (IsUnreserved(decoded)) {
        out->push_back(decoded);
      } else {
        out->push_back('%');
        out->push_back(static_cast<char>(std::toupper(static_cast<unsigned char>(tail[i + 1]))));
        out->push_back(static_cast<char>(std::toupper(static_cast<unsigned char>(tail[i + 2]))));
      }
      i += 2;
    } else {
      out->push_back(c);
    }
  }
  return true;
}

std::string_view UrlHost(std::string_view url) {
  const size_t sep = url.find("://");
  if (sep == std::string_view::npos) return {};
  std::string_view rest = url.substr(sep + 3);
  rest = rest.substr(0, rest.find_first_of("/?#"));
  const size_t at = rest.rfind('@');
  if (at != std::string_view::npos) rest = rest.substr(at + 1);
  if (!rest.empty() && rest[0] == '[') {
    const size_t close = rest.find(']');
    return close == std::string_view::npos ? std::string_view{} : rest.substr(1, close - 1);
  }
  return rest.substr(0, rest.rfind(':'));
}

std::optional<std::string> NormalizeEmail(std::string_view text) {
  const size_t at = text.rfind('@');
  if (at == std::string_view::npos || at == 0 || at > 64) return std::nullopt;
  auto domain = NormalizeDomain(text.substr(at + 1));
  if (!domain) return std::nullopt;
  std::string out;
  out.reserve(text.size());
  for (char c : text.substr(0, at)) {
    if (static_cast<unsigned char>(c) <= 0x20 || c == '@') return std::nullopt;
    out.push_back(Lower(c));
  }
  out.push_back('@');
  out.append(*domain);
  return out;
}

std::optional<ValueKind> HashKindOf(std::string_view algorithm) {
  std::string a;
  for (char c : algorithm) {
    if (c != '-') a.push_back(static_cast<char>(std::toupper(static_cast<unsigned char>(c))));
  }
  if (a == "MD5") return ValueKind::kMd5;
  if (a == "SHA1") return ValueKind::kSha1;
  if (a == "SHA256") return ValueKind::kSha256;
  if (a == "SHA512") return ValueKind::kSha512;
  return std::nullopt;
}

std::optional<ValueKind> HashKindOfLength(size_t length) {
  switch (length) {
    case 32: return ValueKind::kMd5;
    case 40: return ValueKind::kSha1;
    case 64: return ValueKind::kSha256;
    case 128: return ValueKind::kSha512;
    default: return std::nullopt;
  }
}

bool IsHexText(std::string_view text) {
  // A 256-bit set of the hex digits, tested without branches per byte.
  static constexpr std::array<uint64_t, 4> kHex = {0x03FF000000000000ull, 0x0000007E0000007Eull, 0, 0};
  uint64_t bad = 0;
  for (const char ch : text) {
    const auto c = static_cast<unsigned char>(ch);
    bad |= ~kHex[c >> 6] & (uint64_t{1} << (c & 63));
  }
  return bad == 0;
}

std::optional<std::string> NormalizeHash(ValueKind kind, std::string_view text) {
  const auto k = HashKindOfLength(text.size());
  if (!k || *k != kind) return std::nullopt;
  if (!IsHexText(text)) return std::nullopt;
  std::string out(text);
  // Hex letters only: setting bit 5 lowers A-F and leaves digits as they are.
  for (char& c : out) c = static_cast<char>(c | 0x20);
  return out;
}

}  // namespace qx::match
