// Calendar dates: strict YYYY-MM-DD, UTC days of moments, and month arithmetic at month ends.
#include "qx/core/calendar.h"

#include <gtest/gtest.h>

namespace qx {
namespace {

Days D(std::string_view text) {
  auto d = ParseDate(text);
  EXPECT_TRUE(d) << text;
  return d.value_or(0);
}

TEST(CalendarTest, ParsesAndPrintsRealDatesOnly) {
  EXPECT_EQ(D("1970-01-01"), 0);
  EXPECT_EQ(D("1970-01-02"), 1);
  EXPECT_EQ(FormatDate(D("2024-02-29")), "2024-02-29");
  EXPECT_EQ(FormatDate(-1), "1969-12-31");
  for (const char* bad : {"2023-02-29", "2026-13-01", "2026-00-10", "2026-1-01", "2026/01/01",
                          "2026-01-01T00:00:00Z", "", "1899-12-31", "abcd-ef-gh", "2026-04-31"}) {
    EXPECT_FALSE(ParseDate(bad)) << bad;
  }
}

TEST(CalendarTest, TheDayOfAMomentIsItsUtcDay) {
  EXPECT_EQ(DayOf(0), 0);
  EXPECT_EQ(DayOf(86'400'000 - 1), 0);
  EXPECT_EQ(DayOf(86'400'000), 1);
  EXPECT_EQ(DayOf(-1), -1);
}

TEST(CalendarTest, MonthsClampToTheMonthsEnd) {
  EXPECT_EQ(FormatDate(AddMonths(D("2026-01-31"), 1)), "2026-02-28");
  EXPECT_EQ(FormatDate(AddMonths(D("2024-01-31"), 1)), "2024-02-29");
  EXPECT_EQ(FormatDate(AddMonths(D("2026-03-31"), -1)), "2026-02-28");
  EXPECT_EQ(FormatDate(AddMonths(D("2026-11-28"), -12)), "2025-11-28");
  EXPECT_EQ(FormatDate(AddMonths(D("2026-12-15"), 1)), "2027-01-15");
  EXPECT_EQ(FormatDate(AddMonths(D("2024-02-29"), 12)), "2025-02-28");
  EXPECT_EQ(AddMonths(D("2026-05-10"), 0), D("2026-05-10"));
}

}  // namespace
}  // namespace qx
