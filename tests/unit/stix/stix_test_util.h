// Shared helpers for the qx::stix tests: JSON literals, parsed patterns and error messages.
#pragma once

#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <string>
#include <string_view>

#include "qx/core/result.h"
#include "qx/stix/pattern.h"

namespace qx::stix::testing {

// Parses JSON text written in a test; a null value (and a test failure) when it does not parse.
inline boost::json::value Json(std::string_view text) {
  boost::system::error_code ec;
  boost::json::value v = boost::json::parse(text, ec);
  if (ec) ADD_FAILURE() << "bad test JSON: " << ec.message();
  return v;
}

// The pattern, or an empty one with a test failure when it does not parse.
inline Pattern MustParse(std::string_view text) {
  auto parsed = ParsePattern(text);
  if (!parsed) {
    ADD_FAILURE() << text << "\n  " << parsed.error().message;
    return Pattern{};
  }
  return *parsed;
}

// The message of a failed Result, or "" with a test failure when it succeeded.
template <typename T>
std::string ErrorOf(const Result<T>& r) {
  if (r) {
    ADD_FAILURE() << "expected an error";
    return "";
  }
  EXPECT_EQ(r.error().code, ErrorCode::kInvalidArgument) << r.error().message;
  return r.error().message;
}

}  // namespace qx::stix::testing
