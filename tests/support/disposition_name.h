// What a Content-Disposition header's filename*= says, percent-decoded, with the header checked
// to be one safe line: printable ASCII only, the fallback a quoted-string with exactly its two
// quotes, and nothing in filename* but RFC 5987 attr-chars and %XX (header only; gtest checks).
#pragma once

#include <gtest/gtest.h>

#include <algorithm>
#include <cctype>
#include <string>
#include <string_view>

namespace qx::testing {

inline std::string DispositionName(const std::string& header) {
  for (char c : header) {
    const auto u = static_cast<unsigned char>(c);
    EXPECT_TRUE(u >= 0x20 && u < 0x7F) << "byte " << int(u) << " in " << header;
  }
  EXPECT_EQ(header.rfind("attachment; filename=\"", 0), 0u) << header;
  EXPECT_EQ(std::count(header.begin(), header.end(), '"'), 2) << header;
  const std::string marker = "\"; filename*=UTF-8''";
  const std::size_t at = header.find(marker);
  if (at == std::string::npos) return "<no filename*>";
  const std::string value = header.substr(at + marker.size());
  std::string out;
  for (std::size_t i = 0; i < value.size(); ++i) {
    const char c = value[i];
    if (c == '%' && i + 2 < value.size() && std::isxdigit(static_cast<unsigned char>(value[i + 1])) &&
        std::isxdigit(static_cast<unsigned char>(value[i + 2]))) {
      out.push_back(static_cast<char>(std::stoi(value.substr(i + 1, 2), nullptr, 16)));
      i += 2;
      continue;
    }
    const bool attr = std::isalnum(static_cast<unsigned char>(c)) ||
                      std::string_view("!#$&+-.^_`|~").find(c) != std::string_view::npos;
    EXPECT_TRUE(attr) << "'" << c << "' is not an RFC 5987 attr-char in " << header;
    out.push_back(c);
  }
  return out;
}

}  // namespace qx::testing
