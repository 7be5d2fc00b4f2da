#include "pg_training_repo.h"

#include "pg_repos.h"

namespace qx::store::pg {
namespace {

constexpr char kCourseColumns[] = "id, org_id, title, description, recurrence_months, created_at";

domain::Course ReadCourse(const Statement& s) {
  return {s.Int(0), s.Int(1), s.Text(2), s.Text(3), static_cast<int>(s.Int(4)), s.Int(5)};
}

constexpr char kStaffColumns[] = "id, org_id, staff_ref, name, email, active";

domain::StaffMember ReadStaff(const Statement& s) {
  return {s.Int(0), s.Int(1), s.Text(2), s.Text(3), s.Text(4), s.Bool(5)};
}

domain::TrainingAudience ReadAudience(const Statement& s) {
  return {s.Int(0), s.Int(1), s.Text(2), s.Text(3), {}};
}

domain::Completion ReadCompletion(const Statement& s) {
  return {s.Int(0), s.Int(1), s.Int(2), s.Int(3), s.Int(4), s.Text(5), s.Text(6), s.Int(7)};
}

constexpr char kRuleColumns[] =
    "id, org_id, requirement_id, course_id, audience_id, min_percent, window_months";

domain::TrainingRule ReadRule(const Statement& s) {
  return {s.Int(0), s.Int(1), s.Text(2), s.Int(3), s.Int(4), static_cast<int>(s.Int(5)),
          static_cast<int>(s.Int(6))};
}

std::int64_t ReadId(const Statement& s) { return s.Int(0); }

// Runs an INSERT ... RETURNING id.
Result<std::int64_t> InsertedId(Statement& s) {
  QX_ASSIGN_OR_RETURN(const bool row, s.Step());
  if (!row) return MakeError(ErrorCode::kInternal, "no id returned");
  return s.Int(0);
}

}  // namespace

// Lists order text byte by byte (COLLATE "C"), as SQLite does, whatever the database's locale.

Result<std::int64_t> PgTrainingRepo::InsertCourse(const domain::Course& c) {
  QX_ASSIGN_OR_RETURN(auto s, c_.Prepare("INSERT INTO training_courses(org_id, title, description,"
                                         " recurrence_months, created_at) VALUES($1, $2, $3, $4, $5)"
                                         " RETURNING id"));
  s.Bind(c.org_id).Bind(c.title).Bind(c.description).Bind(c.recurrence_months).Bind(c.created_at);
  return InsertedId(s);
}

Status PgTrainingRepo::UpdateCourse(const domain::Course& c) {
  QX_ASSIGN_OR_RETURN(auto s, c_.Prepare("UPDATE training_courses SET title = $1, description = $2,"
                                         " recurrence_months = $3 WHERE id = $4"));
  return s.Bind(c.title).Bind(c.description).Bind(c.recurrence_months).Bind(c.id).Run();
}

Result<domain::Course> PgTrainingRepo::GetCourse(std::int64_t id) {
  static const std::string sql =
      std::string("SELECT ") + kCourseColumns + " FROM training_courses WHERE id = $1";
  QX_ASSIGN_OR_RETURN(auto s, c_.Prepare(sql));
  QX_ASSIGN_OR_RETURN(const bool row, s.Bind(id).Step());
  if (!row) return MakeError(ErrorCode::kNotFound, "no such course");
  return ReadCourse(s);
}

Result<std::vector<domain::Course>> PgTrainingRepo::ListCourses(domain::OrgId org) {
  static const std::string sql = std::string("SELECT ") + kCourseColumns +
                                 " FROM training_courses WHERE org_id = $1"
                                 " ORDER BY title COLLATE \"C\", id";
  QX_ASSIGN_OR_RETURN(auto s, c_.Prepare(sql));
  s.Bind(org);
  return ReadAll<domain::Course>(s, ReadCourse);
}

Result<std::int64_t> PgTrainingRepo::InsertStaff(const domain::StaffMember& m) {
  QX_ASSIGN_OR_RETURN(auto s, c_.Prepare("INSERT INTO training_staff(org_id, staff_ref, name, email,"
                                         " active) VALUES($1, $2, $3, $4, $5) RETURNING id"));
  s.Bind(m.org_id).Bind(m.staff_ref).Bind(m.name).Bind(m.email).Bind(m.active);
  return InsertedId(s);
}

Status PgTrainingRepo::UpdateStaff(const domain::StaffMember& m) {
  QX_ASSIGN_OR_RETURN(auto s, c_.Prepare("UPDATE training_staff SET staff_ref = $1, name = $2,"
                                         " email = $3, active = $4 WHERE id = $5"));
  return s.Bind(m.staff_ref).Bind(m.name).Bind(m.email).Bind(m.active).Bind(m.id).Run();
}

Result<domain::StaffMember> PgTrainingRepo::GetStaff(std::int64_t id) {
  static const std::string sql =
      std::string("SELECT ") + kStaffColumns + " FROM training_staff WHERE id = $1";
  QX_ASSIGN_OR_RETURN(auto s, c_.Prepare(sql));
  QX_ASSIGN_OR_RETURN(const bool row, s.Bind(id).Step());
  if (!row) return MakeError(ErrorCode::kNotFound, "no such staff member");
  return ReadStaff(s);
}

Result<std::optional<domain::StaffMember>> PgTrainingRepo::FindStaff(domain::OrgId org,
                                                                     const std::string& staff_ref) {
  static const std::string sql = std::string("SELECT ") + kStaffColumns +
                                 " FROM training_staff WHERE org_id = $1 AND staff_ref = $2";
  QX_ASSIGN_OR_RETURN(auto s, c_.Prepare(sql));
  QX_ASSIGN_OR_RETURN(const bool row, s.Bind(org).Bind(staff_ref).Step());
  if (!row) return std::optional<domain::StaffMember>();
  return std::optional<domain::StaffMember>(ReadStaff(s));
}

Result<Page<domain::StaffMember>> PgTrainingRepo::ListStaff(domain::OrgId org, const PageRequest& page) {
  static const std::string sql = std::string("SELECT ") + kStaffColumns +
                                 " FROM training_staff WHERE org_id = $1 AND id > $2"
                                 " ORDER BY id LIMIT $3";
  QX_ASSIGN_OR_RETURN(auto s, c_.Prepare(sql));
  const int limit = ClampLimit(page.limit);
  s.Bind(org).Bind(page.after).Bind(limit + 1);
  return ReadPage<domain::StaffMember>(s, limit, ReadStaff, [](const auto& m) { return m.id; });
}

Result<std::int64_t> PgTrainingRepo::InsertAudience(const domain::TrainingAudience& a) {
  QX_ASSIGN_OR_RETURN(auto s, c_.Prepare("INSERT INTO training_audiences(org_id, name, description)"
                                         " VALUES($1, $2, $3) RETURNING id"));
  s.Bind(a.org_id).Bind(a.name).Bind(a.description);
  return InsertedId(s);
}

Result<domain::TrainingAudience> PgTrainingRepo::GetAudience(std::int64_t id) {
  QX_ASSIGN_OR_RETURN(auto s, c_.Prepare("SELECT id, org_id, name, description FROM training_audiences"
                                         " WHERE id = $1"));
  QX_ASSIGN_OR_RETURN(const bool row, s.Bind(id).Step());
  if (!row) return MakeError(ErrorCode::kNotFound, "no such audience");
  return ReadAudience(s);
}

Result<std::vector<domain::TrainingAudience>> PgTrainingRepo::ListAudiences(domain::OrgId org) {
  QX_ASSIGN_OR_RETURN(auto s, c_.Prepare("SELECT id, org_id, name, description FROM training_audiences"
                                         " WHERE org_id = $1 ORDER BY name COLLATE \"C\", id"));
  s.Bind(org);
  return ReadAll<domain::TrainingAudience>(s, ReadAudience);
}

Status PgTrainingRepo::SetAudienceMembers(std::int64_t audience_id,
                                          const std::vector<std::int64_t>& staff_ids) {
  QX_ASSIGN_OR_RETURN(auto clear,
                      c_.Prepare("DELETE FROM training_audience_members WHERE audience_id = $1"));
  QX_RETURN_IF_ERROR(clear.Bind(audience_id).Run());
  if (staff_ids.empty()) return Ok();
  // A staff id named twice is one member.
  QX_ASSIGN_OR_RETURN(auto add, c_.Prepare("INSERT INTO training_audience_members(audience_id,"
                                           " staff_id) SELECT $1::bigint, id FROM"
                                           " unnest($2::bigint[]) AS id ON CONFLICT DO NOTHING"));
  return add.Bind(audience_id).BindArray(staff_ids).Run();
}

Result<std::vector<std::int64_t>> PgTrainingRepo::Members(std::int64_t audience_id) {
  QX_ASSIGN_OR_RETURN(auto s, c_.Prepare("SELECT staff_id FROM training_audience_members"
                                         " WHERE audience_id = $1 ORDER BY staff_id"));
  s.Bind(audience_id);
  return ReadAll<std::int64_t>(s, ReadId);
}

Result<std::vector<std::int64_t>> PgTrainingRepo::ActiveMembers(std::int64_t audience_id) {
  QX_ASSIGN_OR_RETURN(auto s, c_.Prepare("SELECT m.staff_id FROM training_audience_members m"
                                         " JOIN training_staff p ON p.id = m.staff_id"
                                         " WHERE m.audience_id = $1 AND p.active ORDER BY m.staff_id"));
  s.Bind(audience_id);
  return ReadAll<std::int64_t>(s, ReadId);
}

Result<std::int64_t> PgTrainingRepo::InsertCompletion(const domain::Completion& c) {
  QX_ASSIGN_OR_RETURN(auto s, c_.Prepare("INSERT INTO training_completions(org_id, staff_id, course_id,"
                                         " completed_on, source, recorded_by, recorded_at)"
                                         " VALUES($1, $2, $3, $4, $5, $6, $7) RETURNING id"));
  s.Bind(c.org_id).Bind(c.staff_id).Bind(c.course_id).Bind(c.completed_on).Bind(c.source)
      .Bind(c.recorded_by).Bind(c.recorded_at);
  return InsertedId(s);
}

Result<Page<domain::Completion>> PgTrainingRepo::ListCompletions(domain::OrgId org,
                                                                 const CompletionFilter& f,
                                                                 const PageRequest& page) {
  // Keyset on id alone (newest id first): completions are listed in the order they were recorded.
  QX_ASSIGN_OR_RETURN(
      auto s, c_.Prepare("SELECT id, org_id, staff_id, course_id, completed_on, source, recorded_by,"
                         " recorded_at FROM training_completions WHERE org_id = $1"
                         " AND ($2::bigint IS NULL OR course_id = $2)"
                         " AND ($3::bigint IS NULL OR staff_id = $3)"
                         " AND ($4::bigint = 0 OR id < $4) ORDER BY id DESC LIMIT $5"));
  const int limit = ClampLimit(page.limit);
  s.Bind(org).Bind(f.course_id).Bind(f.staff_id).Bind(page.after).Bind(limit + 1);
  return ReadPage<domain::Completion>(s, limit, ReadCompletion, [](const auto& c) { return c.id; });
}

Result<std::map<std::int64_t, Days>> PgTrainingRepo::LatestCompletions(std::int64_t course_id) {
  QX_ASSIGN_OR_RETURN(auto s, c_.Prepare("SELECT staff_id, max(completed_on) FROM training_completions"
                                         " WHERE course_id = $1 GROUP BY staff_id"));
  s.Bind(course_id);
  std::map<std::int64_t, Days> out;
  for (;;) {
    QX_ASSIGN_OR_RETURN(const bool row, s.Step());
    if (!row) return out;
    out[s.Int(0)] = s.Int(1);
  }
}

Result<std::int64_t> PgTrainingRepo::InsertRule(const domain::TrainingRule& r) {
  QX_ASSIGN_OR_RETURN(auto s, c_.Prepare("INSERT INTO training_rules(org_id, requirement_id, course_id,"
                                         " audience_id, min_percent, window_months)"
                                         " VALUES($1, $2, $3, $4, $5, $6) RETURNING id"));
  s.Bind(r.org_id).Bind(r.requirement_id).Bind(r.course_id).Bind(r.audience_id).Bind(r.min_percent)
      .Bind(r.window_months);
  return InsertedId(s);
}

Result<domain::TrainingRule> PgTrainingRepo::GetRule(std::int64_t id) {
  static const std::string sql =
      std::string("SELECT ") + kRuleColumns + " FROM training_rules WHERE id = $1";
  QX_ASSIGN_OR_RETURN(auto s, c_.Prepare(sql));
  QX_ASSIGN_OR_RETURN(const bool row, s.Bind(id).Step());
  if (!row) return MakeError(ErrorCode::kNotFound, "no such training rule");
  return ReadRule(s);
}

Result<std::vector<domain::TrainingRule>> PgTrainingRepo::ListRules(domain::OrgId org) {
  static const std::string sql = std::string("SELECT ") + kRuleColumns +
                                 " FROM training_rules WHERE org_id = $1"
                                 " ORDER BY requirement_id COLLATE \"C\", id";
  QX_ASSIGN_OR_RETURN(auto s, c_.Prepare(sql));
  s.Bind(org);
  return ReadAll<domain::TrainingRule>(s, ReadRule);
}

Status PgTrainingRepo::DeleteRule(std::int64_t id) {
  QX_ASSIGN_OR_RETURN(auto s, c_.Prepare("DELETE FROM training_rules WHERE id = $1"));
  return s.Bind(id).Run();
}

}  // namespace qx::store::pg
