#include "qx/domain/assessment.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <cmath>
#include <fmt/format.h>

#include "qx/domain/registry.h"

namespace qx::domain {
namespace {

constexpr std::array<std::string_view, 2> kSubjectKinds = {"object", "provider"};
constexpr std::array<std::string_view, 5> kStatuses = {"draft", "submitted", "in_review",
                                                       "accepted", "changes_requested"};
constexpr std::array<std::string_view, 5> kResults = {"unanswered", "compliant", "partial",
                                                      "non_compliant", "not_applicable"};
constexpr std::array<std::string_view, 3> kFlags = {"none", "changed", "new"};
constexpr std::array<std::string_view, 5> kActions = {"submit", "start_review", "accept",
                                                      "request_changes", "reopen"};
constexpr std::array<std::string_view, 3> kRemediation = {"open", "in_progress", "done"};
constexpr std::array<std::string_view, 4> kObservation = {"pass", "fail", "error", "info"};

template <typename Enum, size_t N>
std::optional<Enum> ParseIn(const std::array<std::string_view, N>& names, std::string_view t) {
  for (size_t i = 0; i < N; ++i) {
    if (names[i] == t) return static_cast<Enum>(i);
  }
  return std::nullopt;
}

Status Invalid(std::string m) { return MakeError(ErrorCode::kInvalidArgument, std::move(m)); }

}  // namespace

std::string_view Name(SubjectKind v) { return kSubjectKinds[static_cast<size_t>(v)]; }
std::string_view Name(AssessmentStatus v) { return kStatuses[static_cast<size_t>(v)]; }
std::string_view Name(ItemResult v) { return kResults[static_cast<size_t>(v)]; }
std::string_view Name(ItemFlag v) { return kFlags[static_cast<size_t>(v)]; }
std::string_view Name(FlowAction v) { return kActions[static_cast<size_t>(v)]; }
std::string_view Name(RemediationStatus v) { return kRemediation[static_cast<size_t>(v)]; }
std::string_view Name(ObservationResult v) { return kObservation[static_cast<size_t>(v)]; }
std::optional<SubjectKind> ParseSubjectKind(std::string_view t) { return ParseIn<SubjectKind>(kSubjectKinds, t); }
std::optional<AssessmentStatus> ParseAssessmentStatus(std::string_view t) { return ParseIn<AssessmentStatus>(kStatuses, t); }
std::optional<ItemResult> ParseItemResult(std::string_view t) { return ParseIn<ItemResult>(kResults, t); }
std::optional<ItemFlag> ParseItemFlag(std::string_view t) { return ParseIn<ItemFlag>(kFlags, t); }
std::optional<FlowAction> ParseFlowAction(std::string_view t) { return ParseIn<FlowAction>(kActions, t); }
std::optional<RemediationStatus> ParseRemediationStatus(std::string_view t) { return ParseIn<RemediationStatus>(kRemediation, t); }
std::optional<ObservationResult> ParseObservationResult(std::string_view t) { return ParseIn<ObservationResult>(kObservation, t); }

FlowSide SideOf(FlowAction action) {
  return action == FlowAction::kSubmit || action == FlowAction::kReopen ? FlowSide::kOwner
                                                                        : FlowSide::kRegulator;
}

Result<AssessmentStatus> Transition(AssessmentStatus from, FlowAction action) {
  using S = AssessmentStatus;
  std::optional<S> to;
  switch (action) {
    case FlowAction::kSubmit:
      if (from == S::kDraft) to = S::kSubmitted;
      break;
    case FlowAction::kStartReview:
      if (from == S::kSubmitted) to = S::kInReview;
      break;
    case FlowAction::kAccept:
    case FlowAction::kRequestChanges:
      if (from == S::kInReview) to = action == FlowAction::kAccept ? S::kAccepted : S::kChangesRequested;
      break;
    case FlowAction::kReopen:
      if (from == S::kChangesRequested) to = S::kDraft;
      break;
  }
  if (!to) {
    return MakeError(ErrorCode::kConflict, fmt::format("cannot {} an assessment that is {}",
                                                       Name(action), Name(from)));
  }
  return *to;
}

bool OwnerMayEdit(const Assessment& a) {
  return a.status == AssessmentStatus::kDraft && !a.superseded_by;
}

std::vector<SubmitProblem> SubmitProblems(
    const std::vector<AssessmentItem>& items,
    const std::set<std::pair<std::int64_t, std::string>>& remediated) {
  std::vector<SubmitProblem> out;
  for (const auto& i : items) {
    std::string problem;
    if (i.result == ItemResult::kUnanswered) {
      problem = "not answered";
    } else if (i.result == ItemResult::kNotApplicable && i.justification.empty()) {
      problem = "not applicable needs a justification";
    } else if ((i.result == ItemResult::kNonCompliant || i.result == ItemResult::kPartial) &&
               !remediated.count({i.catalog_id, i.control_id})) {
      problem = "needs a remediation action with an owner and a due date";
    }
    if (!problem.empty()) out.push_back({i.catalog_id, i.control_id, std::move(problem)});
  }
  return out;
}

Status ValidateAnswer(ItemResult result, std::string_view justification, std::string_view comment) {
  QX_RETURN_IF_ERROR(ValidateText("justification", justification, 4000, false, true));
  QX_RETURN_IF_ERROR(ValidateText("comment", comment, 4000, false, true));
  if (result == ItemResult::kNotApplicable &&
      std::all_of(justification.begin(), justification.end(), [](char c) { return std::isspace(static_cast<unsigned char>(c)); })) {
    return Invalid("not applicable needs a justification");
  }
  return Ok();
}

bool Applies(const RequirementRow& row, const ApplicabilityContext& ctx) {
  if (!ctx.sector.empty() && !row.sectors.empty() &&
      std::find(row.sectors.begin(), row.sectors.end(), ctx.sector) == row.sectors.end()) {
    return false;
  }
  if (ctx.category && !row.categories.empty() &&
      std::find(row.categories.begin(), row.categories.end(), *ctx.category) == row.categories.end()) {
    return false;
  }
  if (row.min_security_level) {
    return ctx.max_security_level && *ctx.max_security_level >= *row.min_security_level;
  }
  return true;
}

Status ValidateWeights(const ScoreWeights& w) {
  if (!std::isfinite(w.partial) || w.partial < 0 || w.partial > 1) {
    return Invalid("partial must be between 0 and 1");
  }
  if (w.requirement.size() > 10000) return Invalid("too many requirement weights");
  for (const auto& [id, weight] : w.requirement) {
    if (id.empty() || id.size() > 100) return Invalid("requirement weights are keyed by control id");
    if (!std::isfinite(weight) || weight < 0 || weight > 100) {
      return Invalid(fmt::format("weight of '{}' must be between 0 and 100", id));
    }
  }
  return Ok();
}

Score ComputeScore(const std::vector<ItemForScore>& items, const ScoreWeights& weights) {
  Score s;
  for (const auto& i : items) {
    const auto w = weights.requirement.find(i.control_id);
    const double weight = w == weights.requirement.end() ? 1.0 : w->second;
    double credit = 0;
    switch (i.result) {
      case ItemResult::kNotApplicable:
        ++s.not_applicable;
        continue;
      case ItemResult::kUnanswered: ++s.unanswered; break;
      case ItemResult::kNonCompliant: ++s.non_compliant; break;
      case ItemResult::kCompliant: ++s.compliant; credit = 1; break;
      case ItemResult::kPartial: ++s.partial; credit = weights.partial; break;
    }
    const bool lapsed = i.evidence > 0 && i.evidence_current == 0;
    const bool missing = weights.evidence_required && i.evidence_current == 0;
    if (credit > 0 && (lapsed || missing)) {
      ++s.stale;
      credit = 0;
    }
    s.applicable += weight;
    s.met += weight * credit;
  }
  if (s.applicable > 0) s.value = s.met / s.applicable;
  return s;
}

bool InForce(const EvidenceRecord& e, UnixMillis now) {
  return e.effective_at <= now && (!e.expires_at || now < *e.expires_at);
}

std::vector<AssessmentItem> CarryForward(const std::vector<AssessmentItem>& old_items,
                                         std::int64_t old_profile,
                                         const std::vector<AssessmentItem>& new_items,
                                         std::int64_t new_profile,
                                         const std::set<std::string>& changed) {
  std::map<std::pair<std::int64_t, std::string>, const AssessmentItem*> by_key;
  for (const auto& i : old_items) by_key[{i.catalog_id, i.control_id}] = &i;
  std::vector<AssessmentItem> out;
  out.reserve(new_items.size());
  for (AssessmentItem item : new_items) {
    const std::int64_t old_catalog = item.catalog_id == new_profile ? old_profile : item.catalog_id;
    auto it = by_key.find({old_catalog, item.control_id});
    const AssessmentItem* old = it != by_key.end() ? it->second : nullptr;
    // Only the profile's requirements change between versions; special ones are carried as they are.
    const bool was_changed = item.catalog_id == new_profile && changed.count(item.control_id);
    if (!old) {
      item.flag = ItemFlag::kNew;
    } else if (was_changed) {
      item.flag = ItemFlag::kChanged;
      item.result = ItemResult::kUnanswered;
      item.previous_result = std::string(Name(old->result));
      item.justification = old->justification;
      item.comment = old->comment;
    } else {
      item.flag = ItemFlag::kNone;
      item.result = old->result;
      item.justification = old->justification;
      item.comment = old->comment;
      item.updated_at = old->updated_at;
      item.updated_by = old->updated_by;
    }
    out.push_back(std::move(item));
  }
  return out;
}

Status ValidateRemediation(const RemediationAction& r) {
  QX_RETURN_IF_ERROR(ValidateText("action", r.action, 4000, true, true));
  QX_RETURN_IF_ERROR(ValidateText("owner", r.owner, 200, true));
  if (r.due_at <= 0) return Invalid("due date is required");
  return Ok();
}

Status ValidateObservation(const Observation& o) {
  QX_RETURN_IF_ERROR(ValidateText("control_id", o.control_id, 100, true));
  QX_RETURN_IF_ERROR(ValidateText("source", o.source, 200, true));
  QX_RETURN_IF_ERROR(ValidateText("detail", o.detail, 8000, false, true));
  if (o.observed_at <= 0) return Invalid("observed_at is required");
  return Ok();
}

}  // namespace qx::domain
