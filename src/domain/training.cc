#include "qx/domain/training.h"

#include <fmt/format.h>

namespace qx::domain {
namespace {

Status Text(std::string_view what, const std::string& value, std::size_t max, bool required) {
  if (required && value.empty()) return MakeError(ErrorCode::kInvalidArgument, fmt::format("{} is required", what));
  if (value.size() > max) {
    return MakeError(ErrorCode::kInvalidArgument, fmt::format("{} is longer than {} bytes", what, max));
  }
  for (unsigned char c : value) {
    if (c < 0x20 && c != '\t') {
      return MakeError(ErrorCode::kInvalidArgument, fmt::format("{} has a control character", what));
    }
  }
  return Ok();
}

}  // namespace

Status ValidateCourse(const Course& c) {
  QX_RETURN_IF_ERROR(Text("title", c.title, 200, true));
  QX_RETURN_IF_ERROR(Text("description", c.description, 4000, false));
  if (c.recurrence_months < 0 || c.recurrence_months > 120) {
    return MakeError(ErrorCode::kInvalidArgument, "recurrence_months is 0 (never lapses) to 120");
  }
  return Ok();
}

Status ValidateStaffMember(const StaffMember& s) {
  QX_RETURN_IF_ERROR(Text("staff_ref", s.staff_ref, 100, true));
  QX_RETURN_IF_ERROR(Text("name", s.name, 200, true));
  QX_RETURN_IF_ERROR(Text("email", s.email, 254, false));
  if (!s.email.empty() && (s.email.find('@') == std::string::npos || s.email.find(' ') != std::string::npos)) {
    return MakeError(ErrorCode::kInvalidArgument, "email is not an e-mail address");
  }
  return Ok();
}

Status ValidateAudience(const TrainingAudience& a) {
  QX_RETURN_IF_ERROR(Text("name", a.name, 200, true));
  return Text("description", a.description, 4000, false);
}

Status ValidateTrainingRule(const TrainingRule& r) {
  QX_RETURN_IF_ERROR(Text("requirement_id", r.requirement_id, 100, true));
  if (r.min_percent < 1 || r.min_percent > 100) {
    return MakeError(ErrorCode::kInvalidArgument, "min_percent is 1 to 100");
  }
  if (r.window_months < 1 || r.window_months > 120) {
    return MakeError(ErrorCode::kInvalidArgument, "window_months is 1 to 120");
  }
  return Ok();
}

}  // namespace qx::domain
