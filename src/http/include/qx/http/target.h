// Parsing of the untrusted parts of a request line and headers: the target (path and query, with
// percent-decoding) and the Cookie header. Pure.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>

#include "qx/core/result.h"

namespace qx::http {

// Decodes %XX escapes (and '+' as space when plus_is_space). kInvalidArgument for a bad escape or
// a decoded NUL byte.
Result<std::string> PercentDecode(std::string_view in, bool plus_is_space);

struct Target {
  std::string path;
  std::multimap<std::string, std::string> query;
};

// Splits "/a/b?x=1&y=2" into a decoded path and query. The path must start with '/'; dot segments
// ("." and "..") are rejected rather than resolved.
Result<Target> ParseTarget(std::string_view target);

// The value of cookie `name` in a Cookie header, if present.
std::optional<std::string> CookieValue(std::string_view cookie_header, std::string_view name);

}  // namespace qx::http
