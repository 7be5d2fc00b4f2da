#include "qx/core/clock.h"

#include <gtest/gtest.h>

namespace qx {
namespace {

TEST(ClockTest, FormatsUtcWithMilliseconds) {
  EXPECT_EQ(FormatRfc3339(0), "1970-01-01T00:00:00.000Z");
  EXPECT_EQ(FormatRfc3339(1'795'813'804'123), "2026-11-27T21:10:04.123Z");
}

TEST(ClockTest, ParsesWhatItFormats) {
  for (UnixMillis t : {0LL, 1'795'813'804'123LL, 951'782'400'000LL /* 2000-02-29 */}) {
    EXPECT_EQ(*ParseRfc3339(FormatRfc3339(t)), t);
  }
}

TEST(ClockTest, ParsesOffsetsAndFractions) {
  EXPECT_EQ(*ParseRfc3339("2026-11-27T21:10:04Z"), 1'795'813'804'000);
  EXPECT_EQ(*ParseRfc3339("2026-11-28T01:10:04.5+04:00"), 1'795'813'804'500);
  EXPECT_EQ(*ParseRfc3339("2026-11-27T21:10:04.123456789Z"), 1'795'813'804'123);
}

TEST(ClockTest, RejectsMalformedTimestamps) {
  for (const char* bad : {"", "2026-11-27", "2026-13-01T00:00:00Z", "2026-02-30T00:00:00Z",
                          "2026-11-27T25:00:00Z", "2026-11-27T21:10:04", "2026-11-27T21:10:04.Z",
                          "2026-11-27T21:10:04Zjunk", "2026-11-27 21:10:04Z"}) {
    EXPECT_FALSE(ParseRfc3339(bad).has_value()) << bad;
  }
}

TEST(ClockTest, ManualClockAdvances) {
  ManualClock clock(1000);
  clock.Advance(std::chrono::seconds(2));
  EXPECT_EQ(clock.Now(), 3000);
}

}  // namespace
}  // namespace qx
