// Calendar dates in UTC as days since 1970-01-01: parsing and printing "YYYY-MM-DD", and month
// arithmetic that clamps to the month's end (one month after 31 January is 28 or 29 February).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "qx/core/clock.h"
#include "qx/core/result.h"

namespace qx {

using Days = std::int64_t;  // days since 1970-01-01

// kInvalidArgument unless text is a real date written YYYY-MM-DD (years 1900-9999).
Result<Days> ParseDate(std::string_view text);
std::string FormatDate(Days day);
// The UTC day a moment falls on.
Days DayOf(UnixMillis t);
// The same day of the month, months later (or earlier when negative), clamped to the month's end.
Days AddMonths(Days day, int months);

}  // namespace qx
