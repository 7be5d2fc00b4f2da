#include "qx/training/training_status.h"

#include <fmt/format.h>

namespace qx::training {

std::string_view Name(TrainingState state) {
  switch (state) {
    case TrainingState::kCurrent: return "current";
    case TrainingState::kDueSoon: return "due_soon";
    case TrainingState::kLapsed: return "lapsed";
    case TrainingState::kNever: return "never";
  }
  return "never";
}

MemberStatus StatusOf(const domain::Course& course, std::int64_t staff_id,
                      const std::map<std::int64_t, Days>& latest, Days today) {
  MemberStatus s{staff_id};
  const auto it = latest.find(staff_id);
  if (it == latest.end()) return s;
  s.last_completed = it->second;
  if (course.recurrence_months == 0) {
    s.state = TrainingState::kCurrent;
    return s;
  }
  s.lapses_on = AddMonths(it->second, course.recurrence_months);
  if (*s.lapses_on < today) {  // it still counts on the day it lapses
    s.state = TrainingState::kLapsed;
  } else if (*s.lapses_on - today <= kDueSoonDays) {
    s.state = TrainingState::kDueSoon;
  } else {
    s.state = TrainingState::kCurrent;
  }
  return s;
}

RuleResult Evaluate(const domain::TrainingRule& rule, const domain::Course& course,
                    const std::vector<std::int64_t>& members,
                    const std::map<std::int64_t, Days>& latest, Days today) {
  RuleResult r;
  r.members = static_cast<int>(members.size());
  const Days window_start = AddMonths(today, -rule.window_months);
  for (const auto id : members) {
    const MemberStatus s = StatusOf(course, id, latest, today);
    const bool in_window = s.last_completed && *s.last_completed >= window_start && *s.last_completed <= today;
    if (in_window && s.state != TrainingState::kLapsed) ++r.trained;
  }
  if (r.members == 0) {
    r.detail = "the audience has no active members";
    return r;
  }
  r.percent = 100.0 * r.trained / r.members;
  // Integer comparison, so 9 of 10 meets 90% exactly.
  r.met = r.trained * 100 >= rule.min_percent * r.members;
  r.detail = fmt::format("{} of {} ({:.0f}%) trained in \"{}\" in the last {} months; at least {}% required",
                         r.trained, r.members, r.percent, course.title, rule.window_months,
                         rule.min_percent);
  return r;
}

}  // namespace qx::training
