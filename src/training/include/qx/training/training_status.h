// Who is trained, and whether a training rule is met: pure functions of the course, the audience
// and each member's latest completion, on a given day.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "qx/domain/training.h"

namespace qx::training {

enum class TrainingState {
  kCurrent,  // completed, and not lapsing within the notice period
  kDueSoon,  // completed, lapsing within the notice period
  kLapsed,   // completed, but longer ago than the course's recurrence
  kNever,    // no completion on record
};
std::string_view Name(TrainingState state);

inline constexpr int kDueSoonDays = 30;

struct MemberStatus {
  std::int64_t staff_id = 0;
  std::optional<Days> last_completed;
  std::optional<Days> lapses_on;  // when the completion stops counting (recurring courses)
  TrainingState state = TrainingState::kNever;
};

// latest: each staff member's latest completion of the course.
MemberStatus StatusOf(const domain::Course& course, std::int64_t staff_id,
                      const std::map<std::int64_t, Days>& latest, Days today);

struct RuleResult {
  int members = 0;
  int trained = 0;      // completed within the window, and not lapsed
  double percent = 0;   // trained / members × 100; 0 for an empty audience
  bool met = false;
  std::string detail;   // e.g. "27 of 30 (90%) trained in the last 12 months; at least 90% required"
};

// The rule on today: members are the audience's active members.
RuleResult Evaluate(const domain::TrainingRule& rule, const domain::Course& course,
                    const std::vector<std::int64_t>& members,
                    const std::map<std::int64_t, Days>& latest, Days today);

}  // namespace qx::training
