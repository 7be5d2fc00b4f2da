// Training and awareness: an organisation's courses, its staff (people who need not be users of
// Qalxan), audiences (groups of staff), completions with dates, and training rules that tie a
// requirement to "at least P% of an audience trained in a course in the last N months".
// Values and their validation only.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "qx/core/calendar.h"
#include "qx/core/result.h"
#include "qx/domain/identity.h"

namespace qx::domain {

struct Course {
  std::int64_t id = 0;
  OrgId org_id = 0;
  std::string title;
  std::string description;
  int recurrence_months = 0;  // a completion lapses after this many months; 0: never
  UnixMillis created_at = 0;
};

struct StaffMember {
  std::int64_t id = 0;
  OrgId org_id = 0;
  std::string staff_ref;  // the organisation's own identifier (employee number), unique in it
  std::string name;
  std::string email;      // optional
  bool active = true;     // people who left stay for the record but count in no audience
};

struct TrainingAudience {
  std::int64_t id = 0;
  OrgId org_id = 0;
  std::string name;
  std::string description;
  std::vector<std::int64_t> members;  // staff ids
};

struct Completion {
  std::int64_t id = 0;
  OrgId org_id = 0;
  std::int64_t staff_id = 0;
  std::int64_t course_id = 0;
  Days completed_on = 0;
  std::string source;       // "manual" or "csv"
  std::string recorded_by;  // audit label of who entered it
  UnixMillis recorded_at = 0;
};

struct TrainingRule {
  std::int64_t id = 0;
  OrgId org_id = 0;
  std::string requirement_id;  // the control id it gives evidence for, e.g. "nis-g.2"
  std::int64_t course_id = 0;
  std::int64_t audience_id = 0;
  int min_percent = 90;    // 1..100
  int window_months = 12;  // 1..120
};

Status ValidateCourse(const Course& c);
Status ValidateStaffMember(const StaffMember& s);
Status ValidateAudience(const TrainingAudience& a);
Status ValidateTrainingRule(const TrainingRule& r);

}  // namespace qx::domain
