#include "sqlite_training_repo.h"

#include "sqlite_repos.h"

namespace qx::store::sqlite {
namespace {

domain::Course ReadCourse(const Statement& s) {
  return {s.Int(0), s.Int(1), s.Text(2), s.Text(3), static_cast<int>(s.Int(4)), s.Int(5)};
}
constexpr char kCourseColumns[] = "id, org_id, title, description, recurrence_months, created_at";

domain::StaffMember ReadStaff(const Statement& s) {
  return {s.Int(0), s.Int(1), s.Text(2), s.Text(3), s.Text(4), s.Int(5) != 0};
}

domain::Completion ReadCompletion(const Statement& s) {
  return {s.Int(0), s.Int(1), s.Int(2), s.Int(3), s.Int(4), s.Text(5), s.Text(6), s.Int(7)};
}

domain::TrainingRule ReadRule(const Statement& s) {
  return {s.Int(0), s.Int(1), s.Text(2), s.Int(3), s.Int(4), static_cast<int>(s.Int(5)),
          static_cast<int>(s.Int(6))};
}

}  // namespace

Result<std::int64_t> SqliteTrainingRepo::InsertCourse(const domain::Course& c) {
  QX_ASSIGN_OR_RETURN(auto s, c_.Prepare("INSERT INTO training_courses(org_id, title, description,"
                                         " recurrence_months, created_at) VALUES(?, ?, ?, ?, ?)"));
  QX_RETURN_IF_ERROR(
      s.Bind(c.org_id).Bind(c.title).Bind(c.description).Bind(c.recurrence_months).Bind(c.created_at).Run());
  return c_.LastInsertId();
}

Status SqliteTrainingRepo::UpdateCourse(const domain::Course& c) {
  QX_ASSIGN_OR_RETURN(auto s, c_.Prepare("UPDATE training_courses SET title = ?, description = ?,"
                                         " recurrence_months = ? WHERE id = ?"));
  return s.Bind(c.title).Bind(c.description).Bind(c.recurrence_months).Bind(c.id).Run();
}

Result<domain::Course> SqliteTrainingRepo::GetCourse(std::int64_t id) {
  static const std::string sql = std::string("SELECT ") + kCourseColumns + " FROM training_courses WHERE id = ?";
  QX_ASSIGN_OR_RETURN(auto s, c_.Prepare(sql.c_str()));
  QX_ASSIGN_OR_RETURN(const bool row, s.Bind(id).Step());
  if (!row) return MakeError(ErrorCode::kNotFound, "no such course");
  return ReadCourse(s);
}

Result<std::vector<domain::Course>> SqliteTrainingRepo::ListCourses(domain::OrgId org) {
  static const std::string sql =
      std::string("SELECT ") + kCourseColumns + " FROM training_courses WHERE org_id = ? ORDER BY title, id";
  QX_ASSIGN_OR_RETURN(auto s, c_.Prepare(sql.c_str()));
  s.Bind(org);
  return ReadAll<domain::Course>(s, ReadCourse);
}

Result<std::int64_t> SqliteTrainingRepo::InsertStaff(const domain::StaffMember& m) {
  QX_ASSIGN_OR_RETURN(auto s, c_.Prepare("INSERT INTO training_staff(org_id, staff_ref, name, email, active)"
                                         " VALUES(?, ?, ?, ?, ?)"));
  QX_RETURN_IF_ERROR(s.Bind(m.org_id).Bind(m.staff_ref).Bind(m.name).Bind(m.email).Bind(m.active).Run());
  return c_.LastInsertId();
}

Status SqliteTrainingRepo::UpdateStaff(const domain::StaffMember& m) {
  QX_ASSIGN_OR_RETURN(auto s, c_.Prepare("UPDATE training_staff SET staff_ref = ?, name = ?, email = ?,"
                                         " active = ? WHERE id = ?"));
  return s.Bind(m.staff_ref).Bind(m.name).Bind(m.email).Bind(m.active).Bind(m.id).Run();
}

Result<domain::StaffMember> SqliteTrainingRepo::GetStaff(std::int64_t id) {
  QX_ASSIGN_OR_RETURN(auto s, c_.Prepare("SELECT id, org_id, staff_ref, name, email, active"
                                         " FROM training_staff WHERE id = ?"));
  QX_ASSIGN_OR_RETURN(const bool row, s.Bind(id).Step());
  if (!row) return MakeError(ErrorCode::kNotFound, "no such staff member");
  return ReadStaff(s);
}

Result<std::optional<domain::StaffMember>> SqliteTrainingRepo::FindStaff(domain::OrgId org,
                                                                         const std::string& staff_ref) {
  QX_ASSIGN_OR_RETURN(auto s, c_.Prepare("SELECT id, org_id, staff_ref, name, email, active"
                                         " FROM training_staff WHERE org_id = ? AND staff_ref = ?"));
  QX_ASSIGN_OR_RETURN(const bool row, s.Bind(org).Bind(staff_ref).Step());
  if (!row) return std::optional<domain::StaffMember>();
  return std::optional<domain::StaffMember>(ReadStaff(s));
}

Result<Page<domain::StaffMember>> SqliteTrainingRepo::ListStaff(domain::OrgId org, const PageRequest& page) {
  QX_ASSIGN_OR_RETURN(auto s, c_.Prepare("SELECT id, org_id, staff_ref, name, email, active"
                                         " FROM training_staff WHERE org_id = ? AND id > ? ORDER BY id LIMIT ?"));
  const int limit = ClampLimit(page.limit);
  s.Bind(org).Bind(page.after).Bind(limit + 1);
  return ReadPage<domain::StaffMember>(s, limit, ReadStaff, [](const auto& m) { return m.id; });
}

Result<std::int64_t> SqliteTrainingRepo::InsertAudience(const domain::TrainingAudience& a) {
  QX_ASSIGN_OR_RETURN(auto s, c_.Prepare("INSERT INTO training_audiences(org_id, name, description)"
                                         " VALUES(?, ?, ?)"));
  QX_RETURN_IF_ERROR(s.Bind(a.org_id).Bind(a.name).Bind(a.description).Run());
  return c_.LastInsertId();
}

Result<domain::TrainingAudience> SqliteTrainingRepo::GetAudience(std::int64_t id) {
  QX_ASSIGN_OR_RETURN(auto s, c_.Prepare("SELECT id, org_id, name, description FROM training_audiences"
                                         " WHERE id = ?"));
  QX_ASSIGN_OR_RETURN(const bool row, s.Bind(id).Step());
  if (!row) return MakeError(ErrorCode::kNotFound, "no such audience");
  return domain::TrainingAudience{s.Int(0), s.Int(1), s.Text(2), s.Text(3), {}};
}

Result<std::vector<domain::TrainingAudience>> SqliteTrainingRepo::ListAudiences(domain::OrgId org) {
  QX_ASSIGN_OR_RETURN(auto s, c_.Prepare("SELECT id, org_id, name, description FROM training_audiences"
                                         " WHERE org_id = ? ORDER BY name, id"));
  s.Bind(org);
  return ReadAll<domain::TrainingAudience>(
      s, [](const Statement& r) { return domain::TrainingAudience{r.Int(0), r.Int(1), r.Text(2), r.Text(3), {}}; });
}

Status SqliteTrainingRepo::SetAudienceMembers(std::int64_t audience_id,
                                              const std::vector<std::int64_t>& staff_ids) {
  QX_ASSIGN_OR_RETURN(auto clear, c_.Prepare("DELETE FROM training_audience_members WHERE audience_id = ?"));
  QX_RETURN_IF_ERROR(clear.Bind(audience_id).Run());
  QX_ASSIGN_OR_RETURN(auto add, c_.Prepare("INSERT OR IGNORE INTO training_audience_members(audience_id,"
                                           " staff_id) VALUES(?, ?)"));
  for (const auto id : staff_ids) {
    add.Reset();
    QX_RETURN_IF_ERROR(add.Bind(audience_id).Bind(id).Run());
  }
  return Ok();
}

Result<std::vector<std::int64_t>> SqliteTrainingRepo::Members(std::int64_t audience_id) {
  QX_ASSIGN_OR_RETURN(auto s, c_.Prepare("SELECT staff_id FROM training_audience_members"
                                         " WHERE audience_id = ? ORDER BY staff_id"));
  s.Bind(audience_id);
  return ReadAll<std::int64_t>(s, [](const Statement& r) { return r.Int(0); });
}

Result<std::vector<std::int64_t>> SqliteTrainingRepo::ActiveMembers(std::int64_t audience_id) {
  QX_ASSIGN_OR_RETURN(auto s, c_.Prepare("SELECT m.staff_id FROM training_audience_members m"
                                         " JOIN training_staff p ON p.id = m.staff_id"
                                         " WHERE m.audience_id = ? AND p.active = 1 ORDER BY m.staff_id"));
  s.Bind(audience_id);
  return ReadAll<std::int64_t>(s, [](const Statement& r) { return r.Int(0); });
}

Result<std::int64_t> SqliteTrainingRepo::InsertCompletion(const domain::Completion& c) {
  QX_ASSIGN_OR_RETURN(auto s, c_.Prepare("INSERT INTO training_completions(org_id, staff_id, course_id,"
                                         " completed_on, source, recorded_by, recorded_at)"
                                         " VALUES(?, ?, ?, ?, ?, ?, ?)"));
  QX_RETURN_IF_ERROR(s.Bind(c.org_id)
                         .Bind(c.staff_id)
                         .Bind(c.course_id)
                         .Bind(c.completed_on)
                         .Bind(c.source)
                         .Bind(c.recorded_by)
                         .Bind(c.recorded_at)
                         .Run());
  return c_.LastInsertId();
}

Result<Page<domain::Completion>> SqliteTrainingRepo::ListCompletions(domain::OrgId org,
                                                                     const CompletionFilter& f,
                                                                     const PageRequest& page) {
  // Keyset on id alone (newest id first): completions are listed in the order they were recorded.
  QX_ASSIGN_OR_RETURN(
      auto s, c_.Prepare("SELECT id, org_id, staff_id, course_id, completed_on, source, recorded_by,"
                         " recorded_at FROM training_completions WHERE org_id = ?"
                         " AND (? IS NULL OR course_id = ?) AND (? IS NULL OR staff_id = ?)"
                         " AND (? = 0 OR id < ?) ORDER BY id DESC LIMIT ?"));
  const int limit = ClampLimit(page.limit);
  s.Bind(org).Bind(f.course_id).Bind(f.course_id).Bind(f.staff_id).Bind(f.staff_id).Bind(page.after)
      .Bind(page.after).Bind(limit + 1);
  return ReadPage<domain::Completion>(s, limit, ReadCompletion, [](const auto& c) { return c.id; });
}

Result<std::map<std::int64_t, Days>> SqliteTrainingRepo::LatestCompletions(std::int64_t course_id) {
  QX_ASSIGN_OR_RETURN(auto s, c_.Prepare("SELECT staff_id, MAX(completed_on) FROM training_completions"
                                         " WHERE course_id = ? GROUP BY staff_id"));
  s.Bind(course_id);
  std::map<std::int64_t, Days> out;
  for (;;) {
    QX_ASSIGN_OR_RETURN(const bool row, s.Step());
    if (!row) return out;
    out[s.Int(0)] = s.Int(1);
  }
}

Result<std::int64_t> SqliteTrainingRepo::InsertRule(const domain::TrainingRule& r) {
  QX_ASSIGN_OR_RETURN(auto s, c_.Prepare("INSERT INTO training_rules(org_id, requirement_id, course_id,"
                                         " audience_id, min_percent, window_months) VALUES(?, ?, ?, ?, ?, ?)"));
  QX_RETURN_IF_ERROR(s.Bind(r.org_id)
                         .Bind(r.requirement_id)
                         .Bind(r.course_id)
                         .Bind(r.audience_id)
                         .Bind(r.min_percent)
                         .Bind(r.window_months)
                         .Run());
  return c_.LastInsertId();
}

Result<domain::TrainingRule> SqliteTrainingRepo::GetRule(std::int64_t id) {
  QX_ASSIGN_OR_RETURN(auto s, c_.Prepare("SELECT id, org_id, requirement_id, course_id, audience_id,"
                                         " min_percent, window_months FROM training_rules WHERE id = ?"));
  QX_ASSIGN_OR_RETURN(const bool row, s.Bind(id).Step());
  if (!row) return MakeError(ErrorCode::kNotFound, "no such training rule");
  return ReadRule(s);
}

Result<std::vector<domain::TrainingRule>> SqliteTrainingRepo::ListRules(domain::OrgId org) {
  QX_ASSIGN_OR_RETURN(auto s, c_.Prepare("SELECT id, org_id, requirement_id, course_id, audience_id,"
                                         " min_percent, window_months FROM training_rules WHERE org_id = ?"
                                         " ORDER BY requirement_id, id"));
  s.Bind(org);
  return ReadAll<domain::TrainingRule>(s, ReadRule);
}

Status SqliteTrainingRepo::DeleteRule(std::int64_t id) {
  QX_ASSIGN_OR_RETURN(auto s, c_.Prepare("DELETE FROM training_rules WHERE id = ?"));
  return s.Bind(id).Run();
}

}  // namespace qx::store::sqlite
