#include "qx/oscal/canonical_json.h"

#include <algorithm>
#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <boost/json/string.hpp>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <string_view>
#include <vector>

namespace qx::oscal {
namespace {

namespace json = boost::json;

// The next code point of UTF-8 `s` at `i` (advancing i); malformed bytes count as themselves.
uint32_t NextCodePoint(std::string_view s, size_t& i) {
  const auto b0 = static_cast<unsigned char>(s[i]);
  int extra = 0;
  uint32_t cp = b0;
  if (b0 >= 0xF0 && b0 < 0xF8) {
    extra = 3;
    cp = b0 & 0x07;
  } else if (b0 >= 0xE0) {
    extra = 2;
    cp = b0 & 0x0F;
  } else if (b0 >= 0xC0) {
    extra = 1;
    cp = b0 & 0x1F;
  }
  const bool bad_lead = b0 >= 0xF8 || (b0 >= 0x80 && b0 < 0xC0);
  if (bad_lead || i + extra >= s.size()) {
    ++i;
    return b0;
  }
  for (int k = 1; k <= extra; ++k) {
    const auto b = static_cast<unsigned char>(s[i + k]);
    if ((b & 0xC0) != 0x80) {
      ++i;
      return b0;
    }
    cp = (cp << 6) | (b & 0x3F);
  }
  i += 1 + extra;
  return cp;
}

// RFC 8785 sorts member names by their UTF-16 code units. UTF-8 byte order agrees except for
// code points above U+FFFF (surrogate pairs sort below U+E000..U+FFFF), so only non-ASCII names
// take the slow path.
bool Utf16Less(std::string_view a, std::string_view b) {
  const auto ascii = [](std::string_view s) {
    return std::all_of(s.begin(), s.end(), [](char c) { return (c & 0x80) == 0; });
  };
  if (ascii(a) && ascii(b)) return a < b;
  const auto units = [](std::string_view s) {
    std::vector<uint16_t> out;
    size_t i = 0;
    while (i < s.size()) {
      const uint32_t cp = NextCodePoint(s, i);
      if (cp >= 0x10000) {
        out.push_back(static_cast<uint16_t>(0xD800 + ((cp - 0x10000) >> 10)));
        out.push_back(static_cast<uint16_t>(0xDC00 + ((cp - 0x10000) & 0x3FF)));
      } else {
        out.push_back(static_cast<uint16_t>(cp));
      }
    }
    return out;
  };
  const std::vector<uint16_t> ua = units(a);
  const std::vector<uint16_t> ub = units(b);
  return std::lexicographical_compare(ua.begin(), ua.end(), ub.begin(), ub.end());
}

void AppendString(std::string_view s, std::string& out) {
  static constexpr char kHex[] = "0123456789abcdef";
  out.push_back('"');
  for (const char ch : s) {
    const auto c = static_cast<unsigned char>(ch);
    switch (c) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\b':
        out += "\\b";
        break;
      case '\f':
        out += "\\f";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\r':
        out += "\\r";
        break;
      case '\t':
        out += "\\t";
        break;
      default:
        if (c < 0x20) {
          out += "\\u00";
          out.push_back(kHex[c >> 4]);
          out.push_back(kHex[c & 0xF]);
        } else {
          out.push_back(ch);
        }
    }
  }
  out.push_back('"');
}

// ECMAScript Number.prototype.toString (RFC 8785 section 3.2.2.3), from the shortest
// round-tripping digits that std::to_chars gives.
void AppendDouble(double d, std::string& out) {
  if (!std::isfinite(d)) {  // not representable in JSON; RFC 8785 makes this an error
    out += "null";
    return;
  }
  if (d == 0) {  // also -0
    out += "0";
    return;
  }
  if (d < 0) {
    out.push_back('-');
    d = -d;
  }
  char buf[64];
  const auto res = std::to_chars(buf, buf + sizeof buf, d, std::chars_format::scientific);
  const std::string_view sci(buf, static_cast<size_t>(res.ptr - buf));  // "d.ddde+XX"
  const size_t e = sci.find('e');
  std::string digits;
  for (const char c : sci.substr(0, e)) {
    if (c != '.') digits.push_back(c);
  }
  while (digits.size() > 1 && digits.back() == '0') digits.pop_back();
  int exponent = 0;
  const std::string_view exp_text = sci.substr(e + 1);
  std::from_chars(exp_text.data() + (exp_text[0] == '+' ? 1 : 0), exp_text.data() + exp_text.size(),
                  exponent);
  const int k = static_cast<int>(digits.size());
  const int n = exponent + 1;
  if (k <= n && n <= 21) {
    out += digits;
    out.append(static_cast<size_t>(n - k), '0');
  } else if (0 < n && n <= 21) {
    out.append(digits, 0, static_cast<size_t>(n));
    out.push_back('.');
    out.append(digits, static_cast<size_t>(n));
  } else if (-6 < n && n <= 0) {
    out += "0.";
    out.append(static_cast<size_t>(-n), '0');
    out += digits;
  } else {
    out.push_back(digits[0]);
    if (k > 1) {
      out.push_back('.');
      out.append(digits, 1);
    }
    out.push_back('e');
    out.push_back(n - 1 < 0 ? '-' : '+');
    out += std::to_string(std::abs(n - 1));
  }
}

void Append(const json::value& v, std::string& out) {
  switch (v.kind()) {
    case json::kind::null:
      out += "null";
      break;
    case json::kind::bool_:
      out += v.get_bool() ? "true" : "false";
      break;
    case json::kind::int64:
      out += std::to_string(v.get_int64());
      break;
    case json::kind::uint64:
      out += std::to_string(v.get_uint64());
      break;
    case json::kind::double_:
      AppendDouble(v.get_double(), out);
      break;
    case json::kind::string: {
      const json::string& s = v.get_string();
      AppendString(std::string_view(s.data(), s.size()), out);
      break;
    }
    case json::kind::array: {
      out.push_back('[');
      bool first = true;
      for (const json::value& e : v.get_array()) {
        if (!first) out.push_back(',');
        first = false;
        Append(e, out);
      }
      out.push_back(']');
      break;
    }
    case json::kind::object: {
      const json::object& o = v.get_object();
      std::vector<const json::key_value_pair*> members;
      members.reserve(o.size());
      for (const json::key_value_pair& kv : o) members.push_back(&kv);
      std::sort(members.begin(), members.end(), [](const auto* a, const auto* b) {
        return Utf16Less(std::string_view(a->key().data(), a->key().size()),
                         std::string_view(b->key().data(), b->key().size()));
      });
      out.push_back('{');
      bool first = true;
      for (const json::key_value_pair* kv : members) {
        if (!first) out.push_back(',');
        first = false;
        AppendString(std::string_view(kv->key().data(), kv->key().size()), out);
        out.push_back(':');
        Append(kv->value(), out);
      }
      out.push_back('}');
      break;
    }
  }
}

}  // namespace

std::string CanonicalJson(const json::value& value) {
  std::string out;
  Append(value, out);
  return out;
}

}  // namespace qx::oscal
