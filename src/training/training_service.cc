#include "qx/training/training_service.h"

#include <algorithm>
#include <boost/json.hpp>
#include <fmt/format.h>
#include <set>

#include "qx/identity/audited.h"

namespace qx::training {
namespace {

using domain::Action;
using identity::Actor;
using identity::AuditChange;
using store::Tx;
using store::TxMode;

// An object of another organisation is reported as missing: its existence is not the caller's.
template <typename T>
Result<T> OwnedBy(Result<T> found, domain::OrgId org, std::string_view what) {
  if (!found) return found;
  if (found->org_id != org) return MakeError(ErrorCode::kNotFound, fmt::format("no such {}", what));
  return found;
}


}  // namespace

Result<std::vector<domain::Course>> TrainingService::Courses(const Actor& actor, domain::OrgId org) {
  QX_RETURN_IF_ERROR(actor.Authorize(Action::kTrainingRead, org));
  return store::Transact(db_, TxMode::kRead, [&](Tx& tx) { return tx.training().ListCourses(org); });
}

Result<domain::Course> TrainingService::CreateCourse(const Actor& actor, domain::Course course) {
  QX_RETURN_IF_ERROR(actor.Authorize(Action::kTrainingManage, course.org_id));
  QX_RETURN_IF_ERROR(domain::ValidateCourse(course));
  course.created_at = clock_.Now();
  return store::Transact(db_, TxMode::kWrite, [&](Tx& tx) -> Result<domain::Course> {
    QX_RETURN_IF_ERROR(tx.orgs().Get(course.org_id));
    QX_ASSIGN_OR_RETURN(course.id, NameConflict(tx.training().InsertCourse(course), "course title"));
    QX_RETURN_IF_ERROR(AuditChange(tx, actor, course.org_id, "training.course.create", "course", course.id,
                                   {{"title", course.title}, {"recurrence_months", course.recurrence_months}},
                                   course.created_at));
    return course;
  });
}

Result<domain::Course> TrainingService::UpdateCourse(const Actor& actor, domain::Course course) {
  QX_RETURN_IF_ERROR(domain::ValidateCourse(course));
  return store::Transact(db_, TxMode::kWrite, [&](Tx& tx) -> Result<domain::Course> {
    QX_ASSIGN_OR_RETURN(domain::Course current, tx.training().GetCourse(course.id));
    QX_RETURN_IF_ERROR(actor.Authorize(Action::kTrainingManage, current.org_id));
    course.org_id = current.org_id;
    course.created_at = current.created_at;
    QX_RETURN_IF_ERROR(NameConflict(tx.training().UpdateCourse(course), "course title"));
    QX_RETURN_IF_ERROR(AuditChange(tx, actor, course.org_id, "training.course.update", "course", course.id,
                                   {{"title", course.title}, {"recurrence_months", course.recurrence_months}},
                                   clock_.Now()));
    return course;
  });
}

Result<store::Page<domain::StaffMember>> TrainingService::Staff(const Actor& actor, domain::OrgId org,
                                                                const store::PageRequest& page) {
  QX_RETURN_IF_ERROR(actor.Authorize(Action::kTrainingRead, org));
  return store::Transact(db_, TxMode::kRead, [&](Tx& tx) { return tx.training().ListStaff(org, page); });
}

Result<domain::StaffMember> TrainingService::AddStaff(const Actor& actor, domain::StaffMember member) {
  QX_RETURN_IF_ERROR(actor.Authorize(Action::kTrainingManage, member.org_id));
  QX_RETURN_IF_ERROR(domain::ValidateStaffMember(member));
  return store::Transact(db_, TxMode::kWrite, [&](Tx& tx) -> Result<domain::StaffMember> {
    QX_RETURN_IF_ERROR(tx.orgs().Get(member.org_id));
    QX_ASSIGN_OR_RETURN(member.id, NameConflict(tx.training().InsertStaff(member), "staff_ref"));
    QX_RETURN_IF_ERROR(AuditChange(tx, actor, member.org_id, "training.staff.create", "staff", member.id,
                                   {{"staff_ref", member.staff_ref}}, clock_.Now()));
    return member;
  });
}

Result<domain::StaffMember> TrainingService::UpdateStaff(const Actor& actor, domain::StaffMember member) {
  QX_RETURN_IF_ERROR(domain::ValidateStaffMember(member));
  return store::Transact(db_, TxMode::kWrite, [&](Tx& tx) -> Result<domain::StaffMember> {
    QX_ASSIGN_OR_RETURN(domain::StaffMember current, tx.training().GetStaff(member.id));
    QX_RETURN_IF_ERROR(actor.Authorize(Action::kTrainingManage, current.org_id));
    member.org_id = current.org_id;
    QX_RETURN_IF_ERROR(NameConflict(tx.training().UpdateStaff(member), "staff_ref"));
    QX_RETURN_IF_ERROR(AuditChange(tx, actor, member.org_id, "training.staff.update", "staff", member.id,
                                   {{"staff_ref", member.staff_ref}, {"active", member.active}},
                                   clock_.Now()));
    return member;
  });
}

Result<std::vector<domain::TrainingAudience>> TrainingService::Audiences(const Actor& actor, domain::OrgId org) {
  QX_RETURN_IF_ERROR(actor.Authorize(Action::kTrainingRead, org));
  return store::Transact(db_, TxMode::kRead, [&](Tx& tx) -> Result<std::vector<domain::TrainingAudience>> {
    QX_ASSIGN_OR_RETURN(auto audiences, tx.training().ListAudiences(org));
    for (auto& a : audiences) {
      QX_ASSIGN_OR_RETURN(a.members, tx.training().Members(a.id));
    }
    return audiences;
  });
}

Result<domain::TrainingAudience> TrainingService::CreateAudience(const Actor& actor, domain::TrainingAudience audience) {
  QX_RETURN_IF_ERROR(actor.Authorize(Action::kTrainingManage, audience.org_id));
  QX_RETURN_IF_ERROR(domain::ValidateAudience(audience));
  return store::Transact(db_, TxMode::kWrite, [&](Tx& tx) -> Result<domain::TrainingAudience> {
    QX_RETURN_IF_ERROR(tx.orgs().Get(audience.org_id));
    QX_ASSIGN_OR_RETURN(audience.id, NameConflict(tx.training().InsertAudience(audience), "audience name"));
    QX_RETURN_IF_ERROR(AuditChange(tx, actor, audience.org_id, "training.audience.create", "audience",
                                   audience.id, {{"name", audience.name}}, clock_.Now()));
    return audience;
  });
}

Result<domain::TrainingAudience> TrainingService::SetMembers(const Actor& actor, std::int64_t audience_id,
                                                     std::vector<std::int64_t> staff_ids) {
  std::sort(staff_ids.begin(), staff_ids.end());
  staff_ids.erase(std::unique(staff_ids.begin(), staff_ids.end()), staff_ids.end());
  return store::Transact(db_, TxMode::kWrite, [&](Tx& tx) -> Result<domain::TrainingAudience> {
    QX_ASSIGN_OR_RETURN(domain::TrainingAudience audience, tx.training().GetAudience(audience_id));
    QX_RETURN_IF_ERROR(actor.Authorize(Action::kTrainingManage, audience.org_id));
    for (const auto id : staff_ids) {
      QX_RETURN_IF_ERROR(OwnedBy(tx.training().GetStaff(id), audience.org_id, "staff member")
                             .map_error([id](Error e) {
                               e.message = fmt::format("staff member {}: {}", id, e.message);
                               return e;
                             }));
    }
    QX_RETURN_IF_ERROR(tx.training().SetAudienceMembers(audience_id, staff_ids));
    QX_RETURN_IF_ERROR(AuditChange(tx, actor, audience.org_id, "training.audience.members", "audience",
                                   audience.id, {{"members", staff_ids.size()}}, clock_.Now()));
    audience.members = std::move(staff_ids);
    return audience;
  });
}

Result<std::vector<domain::Completion>> TrainingService::RecordCompletions(
    const Actor& actor, domain::OrgId org, const std::vector<CompletionInput>& in, const std::string& source) {
  QX_RETURN_IF_ERROR(actor.Authorize(Action::kTrainingManage, org));
  if (in.empty()) return MakeError(ErrorCode::kInvalidArgument, "no completions given");
  if (in.size() > 100000) return MakeError(ErrorCode::kInvalidArgument, "at most 100000 completions at once");
  const UnixMillis now = clock_.Now();
  const Days today = DayOf(now);
  return store::Transact(db_, TxMode::kWrite, [&](Tx& tx) -> Result<std::vector<domain::Completion>> {
    std::set<std::int64_t> staff_ok, courses_ok;
    std::vector<domain::Completion> out;
    out.reserve(in.size());
    for (std::size_t i = 0; i < in.size(); ++i) {
      const CompletionInput& c = in[i];
      auto where = [i](Error e) {
        e.message = fmt::format("completion {}: {}", i + 1, e.message);
        return e;
      };
      if (c.completed_on > today) {
        return tl::unexpected(where({ErrorCode::kInvalidArgument, "completed_on is in the future"}));
      }
      if (!staff_ok.contains(c.staff_id)) {
        QX_RETURN_IF_ERROR(OwnedBy(tx.training().GetStaff(c.staff_id), org, "staff member").map_error(where));
        staff_ok.insert(c.staff_id);
      }
      if (!courses_ok.contains(c.course_id)) {
        QX_RETURN_IF_ERROR(OwnedBy(tx.training().GetCourse(c.course_id), org, "course").map_error(where));
        courses_ok.insert(c.course_id);
      }
      domain::Completion done{0, org, c.staff_id, c.course_id, c.completed_on, source, actor.label(), now};
      QX_ASSIGN_OR_RETURN(done.id, tx.training().InsertCompletion(done));
      out.push_back(std::move(done));
    }
    QX_RETURN_IF_ERROR(AuditChange(tx, actor, org, "training.completions.record", "organisation", org,
                                   {{"count", out.size()}, {"source", source}}, now));
    return out;
  });
}

Result<store::Page<domain::Completion>> TrainingService::Completions(const Actor& actor, domain::OrgId org,
                                                                     const store::CompletionFilter& filter,
                                                                     const store::PageRequest& page) {
  QX_RETURN_IF_ERROR(actor.Authorize(Action::kTrainingRead, org));
  return store::Transact(db_, TxMode::kRead,
                         [&](Tx& tx) { return tx.training().ListCompletions(org, filter, page); });
}

Result<RuleView> TrainingService::Evaluated(Tx& tx, domain::TrainingRule rule, Days today) {
  RuleView view;
  QX_ASSIGN_OR_RETURN(view.course, tx.training().GetCourse(rule.course_id));
  QX_ASSIGN_OR_RETURN(view.audience, tx.training().GetAudience(rule.audience_id));
  QX_ASSIGN_OR_RETURN(auto members, tx.training().ActiveMembers(rule.audience_id));
  QX_ASSIGN_OR_RETURN(auto latest, tx.training().LatestCompletions(rule.course_id));
  view.result = Evaluate(rule, view.course, members, latest, today);
  view.evaluated_on = today;
  view.rule = std::move(rule);
  return view;
}

Result<std::vector<RuleView>> TrainingService::EvaluateRules(Tx& tx, domain::OrgId org, Days today) {
  QX_ASSIGN_OR_RETURN(auto rules, tx.training().ListRules(org));
  std::vector<RuleView> out;
  for (auto& rule : rules) {
    QX_ASSIGN_OR_RETURN(auto view, Evaluated(tx, std::move(rule), today));
    out.push_back(std::move(view));
  }
  return out;
}

Result<std::vector<RuleView>> TrainingService::Rules(const Actor& actor, domain::OrgId org) {
  QX_RETURN_IF_ERROR(actor.Authorize(Action::kTrainingRead, org));
  const Days today = DayOf(clock_.Now());
  return store::Transact(db_, TxMode::kRead, [&](Tx& tx) { return EvaluateRules(tx, org, today); });
}

Result<RuleView> TrainingService::CreateRule(const Actor& actor, domain::TrainingRule rule) {
  QX_RETURN_IF_ERROR(actor.Authorize(Action::kTrainingManage, rule.org_id));
  QX_RETURN_IF_ERROR(domain::ValidateTrainingRule(rule));
  const Days today = DayOf(clock_.Now());
  return store::Transact(db_, TxMode::kWrite, [&](Tx& tx) -> Result<RuleView> {
    QX_RETURN_IF_ERROR(OwnedBy(tx.training().GetCourse(rule.course_id), rule.org_id, "course"));
    QX_RETURN_IF_ERROR(OwnedBy(tx.training().GetAudience(rule.audience_id), rule.org_id, "audience"));
    QX_ASSIGN_OR_RETURN(rule.id, tx.training().InsertRule(rule));
    QX_RETURN_IF_ERROR(AuditChange(tx, actor, rule.org_id, "training.rule.create", "training_rule", rule.id,
                                   {{"requirement_id", rule.requirement_id},
                                    {"course_id", rule.course_id},
                                    {"audience_id", rule.audience_id},
                                    {"min_percent", rule.min_percent},
                                    {"window_months", rule.window_months}},
                                   clock_.Now()));
    return Evaluated(tx, std::move(rule), today);
  });
}

Status TrainingService::DeleteRule(const Actor& actor, std::int64_t rule_id) {
  return db_.Run(TxMode::kWrite, [&](Tx& tx) -> Status {
    QX_ASSIGN_OR_RETURN(domain::TrainingRule rule, tx.training().GetRule(rule_id));
    QX_RETURN_IF_ERROR(actor.Authorize(Action::kTrainingManage, rule.org_id));
    QX_RETURN_IF_ERROR(tx.training().DeleteRule(rule_id));
    return AuditChange(tx, actor, rule.org_id, "training.rule.delete", "training_rule", rule_id,
                       {{"requirement_id", rule.requirement_id}}, clock_.Now());
  });
}

Result<std::vector<domain::Observation>> TrainingService::ObservationsFor(Tx& tx, const domain::Assessment& a) {
  const UnixMillis now = clock_.Now();
  QX_ASSIGN_OR_RETURN(auto rules, EvaluateRules(tx, a.owner_org, DayOf(now)));
  std::vector<domain::Observation> out;
  for (const auto& v : rules) {
    domain::Observation o;
    o.subject_kind = a.subject_kind;
    o.subject_id = a.subject_id;
    o.owner_org = a.owner_org;
    o.control_id = v.rule.requirement_id;
    o.source = "training:" + v.course.title;
    o.result = v.result.met ? domain::ObservationResult::kPass : domain::ObservationResult::kFail;
    o.detail = v.result.detail;
    o.observed_at = now;
    o.recorded_at = now;
    o.recorded_by = "training";
    out.push_back(std::move(o));
  }
  return out;
}

Result<std::vector<MemberStatus>> TrainingService::CourseStatus(const Actor& actor, domain::OrgId org,
                                                                std::int64_t course_id,
                                                                std::int64_t audience_id) {
  QX_RETURN_IF_ERROR(actor.Authorize(Action::kTrainingRead, org));
  const Days today = DayOf(clock_.Now());
  return store::Transact(db_, TxMode::kRead, [&](Tx& tx) -> Result<std::vector<MemberStatus>> {
    QX_ASSIGN_OR_RETURN(domain::Course course, OwnedBy(tx.training().GetCourse(course_id), org, "course"));
    QX_RETURN_IF_ERROR(OwnedBy(tx.training().GetAudience(audience_id), org, "audience"));
    QX_ASSIGN_OR_RETURN(auto members, tx.training().ActiveMembers(audience_id));
    QX_ASSIGN_OR_RETURN(auto latest, tx.training().LatestCompletions(course_id));
    std::vector<MemberStatus> out;
    for (const auto id : members) out.push_back(StatusOf(course, id, latest, today));
    return out;
  });
}

}  // namespace qx::training
