// Self-assessment as values and rules: an assessment of one subject against one published profile
// version (plus special requirements), its per-requirement answers, the review flow, the score,
// the carry-forward of answers to a new version, evidence validity and remediation. Pure; no I/O.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "qx/core/clock.h"
#include "qx/core/result.h"
#include "qx/domain/identity.h"
#include "qx/domain/requirements.h"

namespace qx::domain {

using AssessmentId = std::int64_t;

// What is assessed: a CII object (subject_id: the object) or a provider (subject_id: its org).
enum class SubjectKind { kObject, kProvider };
enum class AssessmentStatus { kDraft, kSubmitted, kInReview, kAccepted, kChangesRequested };
enum class ItemResult { kUnanswered, kCompliant, kPartial, kNonCompliant, kNotApplicable };
// Set by an upgrade to a new profile version: the requirement changed, or is new.
enum class ItemFlag { kNone, kChanged, kNew };
enum class FlowAction { kSubmit, kStartReview, kAccept, kRequestChanges, kReopen };
enum class RemediationStatus { kOpen, kInProgress, kDone };
// Automated results (agents, training records): what a source observed about a requirement.
enum class ObservationResult { kPass, kFail, kError, kInfo };

std::string_view Name(SubjectKind v);
std::string_view Name(AssessmentStatus v);
std::string_view Name(ItemResult v);
std::string_view Name(ItemFlag v);
std::string_view Name(FlowAction v);
std::string_view Name(RemediationStatus v);
std::string_view Name(ObservationResult v);
std::optional<SubjectKind> ParseSubjectKind(std::string_view t);
std::optional<AssessmentStatus> ParseAssessmentStatus(std::string_view t);
std::optional<ItemResult> ParseItemResult(std::string_view t);
std::optional<ItemFlag> ParseItemFlag(std::string_view t);
std::optional<FlowAction> ParseFlowAction(std::string_view t);
std::optional<RemediationStatus> ParseRemediationStatus(std::string_view t);
std::optional<ObservationResult> ParseObservationResult(std::string_view t);

// A published version of a catalog or profile that an assessment rests on.
struct SourceRef {
  std::int64_t catalog_id = 0;
  int seq = 0;
  bool operator==(const SourceRef&) const = default;
};

struct Assessment {
  AssessmentId id = 0;
  SubjectKind subject_kind = SubjectKind::kObject;
  std::int64_t subject_id = 0;
  OrgId owner_org = 0;  // the operator or provider that answers
  std::string sector;   // the subject's sector ("" for a provider)
  std::optional<int> category;  // the object's category when the assessment was made
  SourceRef profile;
  std::vector<SourceRef> special;  // the owner's special requirements included
  AssessmentStatus status = AssessmentStatus::kDraft;
  std::optional<AssessmentId> previous_id;    // the assessment this one upgraded
  std::optional<AssessmentId> superseded_by;  // the upgrade that replaced this one (locked)
  std::optional<std::int64_t> campaign_id;    // set by campaigns (a later issue)
  std::optional<UnixMillis> due_at;
  std::optional<double> score;  // the last computed score (0-1); nullopt: nothing applicable
  UnixMillis created_at = 0;
  std::string created_by;
  UnixMillis updated_at = 0;
  std::optional<UnixMillis> submitted_at;
  std::optional<UnixMillis> decided_at;
};

// One requirement of an assessment and the owner's answer to it.
struct AssessmentItem {
  AssessmentId assessment_id = 0;
  std::int64_t catalog_id = 0;  // the profile, or a special catalog
  std::string control_id;
  int ordinal = 0;  // order in the assessment
  std::string title;
  std::string group_path;
  ItemResult result = ItemResult::kUnanswered;
  std::string justification;  // required for not applicable
  std::string comment;
  ItemFlag flag = ItemFlag::kNone;
  std::string previous_result;  // an upgrade's flagged items: the answer given to the old text
  UnixMillis updated_at = 0;
  std::string updated_by;
};

// ---- The flow ----

// Who moves an assessment: its owner (submit, reopen) or the regulator (review decisions).
enum class FlowSide { kOwner, kRegulator };
FlowSide SideOf(FlowAction action);
// The status after action, or kConflict when it is not allowed from `from`.
Result<AssessmentStatus> Transition(AssessmentStatus from, FlowAction action);
// Whether the owner may change answers, evidence and remediation (draft only).
bool OwnerMayEdit(const Assessment& a);

// What stands in the way of submitting: unanswered items, not-applicable without justification,
// non-compliant or partial without a remediation action. Empty when the assessment may go.
struct SubmitProblem {
  std::int64_t catalog_id = 0;
  std::string control_id;
  std::string problem;
};
std::vector<SubmitProblem> SubmitProblems(const std::vector<AssessmentItem>& items,
                                          const std::set<std::pair<std::int64_t, std::string>>& remediated);

// An answer as the owner gives it: validated before it is stored.
Status ValidateAnswer(ItemResult result, std::string_view justification, std::string_view comment);

// ---- Applicability ----

struct ApplicabilityContext {
  std::string sector;            // "" for providers: every sector's requirements
  std::optional<int> category;   // nullopt: every category's requirements
  std::optional<int> max_security_level;  // OT objects: the highest SL-T of their zones
};
// Whether a requirement of a profile applies to the subject.
bool Applies(const RequirementRow& row, const ApplicabilityContext& ctx);

// ---- Score ----

struct ScoreWeights {
  double partial = 0.5;  // what a partially compliant requirement counts for
  std::map<std::string, double> requirement;  // control id -> weight (default 1; 0 excludes)
  // When true, a compliant or partial answer counts only with evidence in force.
  bool evidence_required = false;
};
Status ValidateWeights(const ScoreWeights& w);

struct ItemForScore {
  std::string control_id;
  ItemResult result = ItemResult::kUnanswered;
  int evidence = 0;          // evidence attached
  int evidence_current = 0;  // of which in force (effective and not expired)
};

struct Score {
  std::optional<double> value;  // met / applicable; nullopt when nothing applies
  double met = 0;
  double applicable = 0;
  int compliant = 0, partial = 0, non_compliant = 0, not_applicable = 0, unanswered = 0;
  int stale = 0;  // compliant or partial answers that did not count for want of evidence in force
};
// The share of applicable requirements met: not-applicable ones are left out, partial counts
// `weights.partial`, each weighted by its requirement weight. An answer resting on evidence that
// has all expired counts as not met.
Score ComputeScore(const std::vector<ItemForScore>& items, const ScoreWeights& weights);

// ---- Evidence ----

struct EvidenceRecord {
  std::int64_t id = 0;
  AssessmentId assessment_id = 0;
  std::int64_t catalog_id = 0;
  std::string control_id;
  std::string sha256;  // hex of the content: the blob's name
  std::int64_t size = 0;
  std::string filename;  // as uploaded, sanitised; never used to serve
  std::string description;
  UnixMillis effective_at = 0;
  std::optional<UnixMillis> expires_at;
  std::string uploaded_by;
  UnixMillis uploaded_at = 0;
};
bool InForce(const EvidenceRecord& e, UnixMillis now);

// ---- Upgrade ----

// Carries answers to the requirements of a new version: an unchanged requirement keeps its answer;
// a changed one is flagged and reset to unanswered (its old answer kept in previous_result); a new
// one is flagged new. `changed` holds the control ids the diff reports as changed. Items match by
// catalog and control id; an item of the new profile also matches the same control of the old
// profile (the regulator may move an assessment to another profile).
std::vector<AssessmentItem> CarryForward(const std::vector<AssessmentItem>& old_items,
                                         std::int64_t old_profile,
                                         const std::vector<AssessmentItem>& new_items,
                                         std::int64_t new_profile,
                                         const std::set<std::string>& changed);

// ---- Remediation and observations ----

struct RemediationAction {
  std::int64_t id = 0;
  AssessmentId assessment_id = 0;
  std::int64_t catalog_id = 0;
  std::string control_id;
  std::string action;  // what will be done
  std::string owner;   // who does it (a person's name or role)
  UnixMillis due_at = 0;
  RemediationStatus status = RemediationStatus::kOpen;
  UnixMillis created_at = 0;
  UnixMillis updated_at = 0;
};
Status ValidateRemediation(const RemediationAction& r);

struct Observation {
  std::int64_t id = 0;
  SubjectKind subject_kind = SubjectKind::kObject;
  std::int64_t subject_id = 0;
  OrgId owner_org = 0;
  std::string control_id;
  std::string source;  // "agent:<host>#<agent id>", "training:<course>", ...
  ObservationResult result = ObservationResult::kInfo;
  std::string detail;
  UnixMillis observed_at = 0;
  UnixMillis recorded_at = 0;
  std::string recorded_by;
};
Status ValidateObservation(const Observation& o);

struct ReviewComment {
  std::int64_t id = 0;
  AssessmentId assessment_id = 0;
  std::int64_t catalog_id = 0;
  std::string control_id;
  std::string body;
  std::string author;  // audit actor label
  OrgId author_org = 0;
  UnixMillis at = 0;
};

}  // namespace qx::domain
