#include "ip_address.h"

#include <cstddef>

namespace qx::stix::detail {
namespace {

bool IsDigit(char c) { return c >= '0' && c <= '9'; }
bool IsHex(char c) { return IsDigit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'); }

// A decimal number without leading zeros, at most `max`.
bool IsDecimal(std::string_view s, int max) {
  if (s.empty() || s.size() > 3 || (s.size() > 1 && s[0] == '0')) return false;
  int value = 0;
  for (const char c : s) {
    if (!IsDigit(c)) return false;
    value = value * 10 + (c - '0');
  }
  return value <= max;
}

// Splits off "/prefix"; false when the prefix is present but not 0..max.
bool SplitPrefix(std::string_view& text, int max) {
  const size_t slash = text.find('/');
  if (slash == std::string_view::npos) return true;
  const std::string_view prefix = text.substr(slash + 1);
  text = text.substr(0, slash);
  return IsDecimal(prefix, max);
}

bool IsDottedQuad(std::string_view s) {
  for (int part = 0; part < 4; ++part) {
    const size_t dot = s.find('.');
    const std::string_view octet = part < 3 ? s.substr(0, dot) : s;
    if ((part < 3 && dot == std::string_view::npos) || !IsDecimal(octet, 255)) return false;
    if (part < 3) s = s.substr(dot + 1);
  }
  return true;
}

// Counts the 16-bit groups of a "::"-free run ("a:b:c", possibly ending in a dotted quad, which
// counts as two groups); -1 when malformed. An empty run has no groups.
int CountGroups(std::string_view run, bool may_end_with_ipv4) {
  if (run.empty()) return 0;
  int groups = 0;
  while (true) {
    const size_t colon = run.find(':');
    const std::string_view group = run.substr(0, colon);
    if (colon == std::string_view::npos && may_end_with_ipv4 &&
        group.find('.') != std::string_view::npos) {
      return IsDottedQuad(group) ? groups + 2 : -1;
    }
    if (group.empty() || group.size() > 4) return -1;
    for (const char c : group) {
      if (!IsHex(c)) return -1;
    }
    ++groups;
    if (colon == std::string_view::npos) return groups;
    run = run.substr(colon + 1);
  }
}

}  // namespace

bool IsIpv4Cidr(std::string_view text) { return SplitPrefix(text, 32) && IsDottedQuad(text); }

bool IsIpv6Cidr(std::string_view text) {
  if (!SplitPrefix(text, 128) || text.empty()) return false;
  const size_t gap = text.find("::");
  if (gap == std::string_view::npos) return CountGroups(text, true) == 8;
  const std::string_view head = text.substr(0, gap);
  const std::string_view tail = text.substr(gap + 2);
  if (tail.find("::") != std::string_view::npos) return false;
  const int head_groups = CountGroups(head, false);
  const int tail_groups = CountGroups(tail, true);
  return head_groups >= 0 && tail_groups >= 0 && head_groups + tail_groups <= 7;
}

bool IsMacAddress(std::string_view text) {
  if (text.size() != 17) return false;
  for (size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (i % 3 == 2) {
      if (c != ':') return false;
    } else if (!(IsDigit(c) || (c >= 'a' && c <= 'f'))) {
      return false;
    }
  }
  return true;
}

}  // namespace qx::stix::detail
