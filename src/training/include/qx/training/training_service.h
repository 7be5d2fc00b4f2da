// TrainingService: an organisation's courses, staff, audiences, completions and training rules,
// and the rules' results as automated evidence for the requirements they name. Authorised
// through Actor; every change audited. Thread-safe.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "qx/core/clock.h"
#include "qx/domain/assessment.h"
#include "qx/identity/principal.h"
#include "qx/store/database.h"
#include "qx/training/completion_csv.h"
#include "qx/training/training_status.h"

namespace qx::training {

struct CompletionInput {
  std::int64_t staff_id = 0;
  std::int64_t course_id = 0;
  Days completed_on = 0;
};

struct CompletionImportReport {
  bool dry_run = false;
  bool imported = false;  // false: nothing was written
  int created = 0;
  CompletionCsvPlan plan;
};

struct RuleView {
  domain::TrainingRule rule;
  domain::Course course;
  domain::TrainingAudience audience;  // members left empty
  RuleResult result;
  Days evaluated_on = 0;
};

class TrainingService {
 public:
  TrainingService(store::Database& db, const Clock& clock) : db_(db), clock_(clock) {}

  Result<std::vector<domain::Course>> Courses(const identity::Actor& actor, domain::OrgId org);
  Result<domain::Course> CreateCourse(const identity::Actor& actor, domain::Course course);
  // Changes title, description and recurrence of the course with course.id.
  Result<domain::Course> UpdateCourse(const identity::Actor& actor, domain::Course course);

  Result<store::Page<domain::StaffMember>> Staff(const identity::Actor& actor, domain::OrgId org,
                                                 const store::PageRequest& page);
  Result<domain::StaffMember> AddStaff(const identity::Actor& actor, domain::StaffMember member);
  Result<domain::StaffMember> UpdateStaff(const identity::Actor& actor, domain::StaffMember member);

  // Audiences with their members (active or not).
  Result<std::vector<domain::TrainingAudience>> Audiences(const identity::Actor& actor, domain::OrgId org);
  Result<domain::TrainingAudience> CreateAudience(const identity::Actor& actor, domain::TrainingAudience audience);
  Result<domain::TrainingAudience> SetMembers(const identity::Actor& actor, std::int64_t audience_id,
                                      std::vector<std::int64_t> staff_ids);

  // All or nothing: every completion names staff and a course of org and a day not after today.
  Result<std::vector<domain::Completion>> RecordCompletions(const identity::Actor& actor,
                                                            domain::OrgId org,
                                                            const std::vector<CompletionInput>& in,
                                                            const std::string& source = "manual");
  // Completions from a CSV file (completion_csv.h), checked against the organisation's staff and
  // courses; unless dry_run, and only when every row is valid, written in one transaction with
  // source "csv" (rows already recorded are skipped and counted). A report with errors is a
  // value, not an error. Errors: kPermissionDenied, kPayloadTooLarge (over 2 MiB or 10,000
  // rows), kInvalidArgument (malformed CSV). Defined in completion_import.cc.
  Result<CompletionImportReport> ImportCompletionsCsv(const identity::Actor& actor, domain::OrgId org,
                                                      std::string_view csv, bool dry_run);
  Result<store::Page<domain::Completion>> Completions(const identity::Actor& actor, domain::OrgId org,
                                                      const store::CompletionFilter& filter,
                                                      const store::PageRequest& page);

  // The rules with their results today.
  Result<std::vector<RuleView>> Rules(const identity::Actor& actor, domain::OrgId org);
  // The new rule with its result today.
  Result<RuleView> CreateRule(const identity::Actor& actor, domain::TrainingRule rule);
  Status DeleteRule(const identity::Actor& actor, std::int64_t rule_id);

  // The owner's training rules evaluated today, as automated results for the assessment's
  // subject: one observation per rule, source "training:<course title>", pass when met. Runs in
  // the caller's transaction (the assessment read, already authorised).
  Result<std::vector<domain::Observation>> ObservationsFor(store::Tx& tx, const domain::Assessment& a);

  // Each active member of the audience and where they stand with the course today.
  Result<std::vector<MemberStatus>> CourseStatus(const identity::Actor& actor, domain::OrgId org,
                                                 std::int64_t course_id, std::int64_t audience_id);

 private:
  Result<RuleView> Evaluated(store::Tx& tx, domain::TrainingRule rule, Days today);
  Result<std::vector<RuleView>> EvaluateRules(store::Tx& tx, domain::OrgId org, Days today);

  store::Database& db_;
  const Clock& clock_;
};

}  // namespace qx::training
