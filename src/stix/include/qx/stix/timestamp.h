// STIX 2.1 timestamps (spec 2.16): RFC 3339 in UTC, "YYYY-MM-DDTHH:MM:SS[.s+]Z" with an upper-case
// "T" and "Z" and no numeric offset. Pure functions; thread-safe.
#pragma once

#include <compare>
#include <cstdint>
#include <string_view>

#include "qx/core/clock.h"
#include "qx/core/result.h"

namespace qx::stix {

// A parsed timestamp. `millis` is what Qalxan stores; `sub_milli_nanos` keeps the digits beyond
// the millisecond (up to nanoseconds) so that "later than" rules compare the full precision.
struct StixTimestamp {
  UnixMillis millis = 0;
  int32_t sub_milli_nanos = 0;
  auto operator<=>(const StixTimestamp&) const = default;
};

// kInvalidArgument unless `text` is a STIX timestamp of a real date and time (seconds 00-60).
Result<StixTimestamp> ParseStixTimestamp(std::string_view text);

}  // namespace qx::stix
