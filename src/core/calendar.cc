#include "qx/core/calendar.h"

#include <chrono>
#include <cstdio>

namespace qx {
namespace {

using namespace std::chrono;

year_month_day Ymd(Days day) { return year_month_day{sys_days{days{day}}}; }
Days DaysOf(const year_month_day& ymd) { return sys_days{ymd}.time_since_epoch().count(); }

bool Digits(std::string_view s) {
  for (char c : s) {
    if (c < '0' || c > '9') return false;
  }
  return true;
}

int Number(std::string_view s) {
  int n = 0;
  for (char c : s) n = n * 10 + (c - '0');
  return n;
}

}  // namespace

Result<Days> ParseDate(std::string_view text) {
  if (text.size() != 10 || text[4] != '-' || text[7] != '-' || !Digits(text.substr(0, 4)) ||
      !Digits(text.substr(5, 2)) || !Digits(text.substr(8, 2))) {
    return MakeError(ErrorCode::kInvalidArgument, "a date is written YYYY-MM-DD");
  }
  const year_month_day ymd{year{Number(text.substr(0, 4))},
                           month{static_cast<unsigned>(Number(text.substr(5, 2)))},
                           day{static_cast<unsigned>(Number(text.substr(8, 2)))}};
  if (!ymd.ok() || ymd.year() < year{1900}) {
    return MakeError(ErrorCode::kInvalidArgument, "no such date: " + std::string(text));
  }
  return DaysOf(ymd);
}

std::string FormatDate(Days day) {
  const year_month_day ymd = Ymd(day);
  char out[16];
  std::snprintf(out, sizeof out, "%04d-%02u-%02u", static_cast<int>(ymd.year()),
                static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()));
  return out;
}

Days DayOf(UnixMillis t) {
  return floor<days>(sys_time<milliseconds>{milliseconds{t}}).time_since_epoch().count();
}

Days AddMonths(Days day, int months) {
  const year_month_day ymd = Ymd(day);
  const year_month shifted = year_month{ymd.year(), ymd.month()} + std::chrono::months{months};
  const auto last = year_month_day_last{shifted.year(), month_day_last{shifted.month()}}.day();
  return DaysOf(year_month_day{shifted.year(), shifted.month(), std::min(ymd.day(), last)});
}

}  // namespace qx
