// Upgrade: a new draft on another profile version, answers carried forward by the diff of the two
// effective catalogs.
#include <boost/json.hpp>
#include <fmt/format.h>

#include <map>

#include "assessment_internal.h"
#include "qx/assessment/assessment_service.h"
#include "qx/oscal/catalog_diff.h"

namespace qx::assessment {
namespace {

namespace json = boost::json;
using domain::Action;
using domain::Assessment;
using domain::AssessmentItem;
using domain::AssessmentStatus;
using identity::Actor;
using store::Tx;
using store::TxMode;
using detail::Audit;

}  // namespace

Result<Assessment> AssessmentService::Upgrade(const Actor& actor, domain::AssessmentId id,
                                              std::optional<std::int64_t> profile_id, int profile_seq) {
  Assessment old;
  std::optional<int> max_sl;
  QX_RETURN_IF_ERROR(db_.Run(TxMode::kRead, [&](Tx& tx) -> Status {
    QX_ASSIGN_OR_RETURN(old, tx.assessments().GetAssessment(id));
    QX_RETURN_IF_ERROR(actor.Authorize(Action::kAssessmentRead, old.owner_org));
    QX_RETURN_IF_ERROR(actor.Authorize(Action::kAssessmentCreate, old.owner_org));
    if (profile_id && *profile_id != old.profile.catalog_id) {
      QX_RETURN_IF_ERROR(actor.Authorize(Action::kAssessmentReview, old.owner_org));
    }
    if (old.subject_kind == domain::SubjectKind::kObject) {
      // The subject as it is now: its category may have been decided since.
      QX_ASSIGN_OR_RETURN(domain::CiiObject o, tx.registry().GetObject(old.subject_id));
      old.sector = o.sector;
      old.category = o.category;
      if (o.kind == domain::ObjectKind::kOt) {
        QX_ASSIGN_OR_RETURN(auto ot, tx.registry().GetOtArchitecture(o.id));
        for (const auto& z : ot.zones) max_sl = std::max(max_sl.value_or(0), z.target_sl);
      }
    }
    return Ok();
  }));
  if (old.superseded_by) return tl::unexpected(detail::Locked(old).error());
  if (old.status == AssessmentStatus::kSubmitted || old.status == AssessmentStatus::kInReview) {
    return MakeError(ErrorCode::kConflict, "the assessment is under review; upgrade it after the decision");
  }
  Assessment next = old;
  QX_ASSIGN_OR_RETURN(next.profile, detail::PublishedVersion(requirements_, actor,
                                                     profile_id.value_or(old.profile.catalog_id), profile_seq));
  if (next.profile == old.profile) {
    return MakeError(ErrorCode::kConflict, "the assessment is already on that version");
  }
  // What changed between the two effective catalogs decides which answers carry.
  QX_ASSIGN_OR_RETURN(json::value from, requirements_.EffectiveCatalog(actor, old.profile.catalog_id,
                                                                       old.profile.seq, ""));
  QX_ASSIGN_OR_RETURN(json::value to, requirements_.EffectiveCatalog(actor, next.profile.catalog_id,
                                                                     next.profile.seq, ""));
  QX_ASSIGN_OR_RETURN(oscal::CatalogIndex from_index, oscal::CatalogIndex::BuildStored(std::move(from)));
  QX_ASSIGN_OR_RETURN(oscal::CatalogIndex to_index, oscal::CatalogIndex::BuildStored(std::move(to)));
  const oscal::CatalogDiff diff = oscal::Diff(from_index, to_index);
  std::set<std::string> changed;
  for (const auto& c : diff.changed) changed.insert(c.id);
  QX_ASSIGN_OR_RETURN(auto fresh, BuildItems(actor, next, max_sl));
  QX_ASSIGN_OR_RETURN(auto weights, Weights());
  const UnixMillis now = clock_.Now();
  return store::Transact(db_, TxMode::kWrite, [&](Tx& tx) -> Result<Assessment> {
    // Re-read inside the write: the old one may have moved on since.
    QX_ASSIGN_OR_RETURN(Assessment current, tx.assessments().GetAssessment(id));
    if (current.superseded_by || current.status != old.status) {
      return MakeError(ErrorCode::kConflict, "the assessment changed meanwhile; try again");
    }
    QX_ASSIGN_OR_RETURN(auto old_items, tx.assessments().ListItems(id));
    std::vector<AssessmentItem> items =
        domain::CarryForward(old_items, old.profile.catalog_id, fresh, next.profile.catalog_id, changed);
    next.id = 0;
    next.status = AssessmentStatus::kDraft;
    next.previous_id = id;
    next.superseded_by.reset();
    next.created_at = next.updated_at = now;
    next.created_by = actor.label();
    next.submitted_at.reset();
    next.decided_at.reset();
    for (auto& i : items) {
      if (i.updated_at == 0) i.updated_at = now;
    }
    QX_ASSIGN_OR_RETURN(next.id, tx.assessments().InsertAssessment(next, items));
    // Evidence and remediation of carried requirements come along (the blobs are shared).
    std::map<std::string, std::string> old_key_of;  // new item key -> old item key
    for (const auto& i : items) {
      if (i.flag == domain::ItemFlag::kNew) continue;
      const std::int64_t old_catalog =
          i.catalog_id == next.profile.catalog_id ? old.profile.catalog_id : i.catalog_id;
      old_key_of[detail::Key(old_catalog, i.control_id)] = detail::Key(i.catalog_id, i.control_id);
    }
    auto new_catalog_of = [&](std::int64_t old_catalog) {
      return old_catalog == old.profile.catalog_id ? next.profile.catalog_id : old_catalog;
    };
    QX_ASSIGN_OR_RETURN(auto evidence, tx.assessments().ListEvidence(id));
    int evidence_carried = 0;
    for (auto e : evidence) {
      if (!old_key_of.count(detail::Key(e.catalog_id, e.control_id))) continue;
      e.id = 0;
      e.assessment_id = next.id;
      e.catalog_id = new_catalog_of(e.catalog_id);
      QX_RETURN_IF_ERROR(tx.assessments().InsertEvidence(e));
      ++evidence_carried;
    }
    QX_ASSIGN_OR_RETURN(auto actions, tx.assessments().ListRemediation(id));
    for (auto r : actions) {
      if (!old_key_of.count(detail::Key(r.catalog_id, r.control_id)) ||
          r.status == domain::RemediationStatus::kDone) {
        continue;
      }
      r.id = 0;
      r.assessment_id = next.id;
      r.catalog_id = new_catalog_of(r.catalog_id);
      QX_RETURN_IF_ERROR(tx.assessments().InsertRemediation(r));
    }
    QX_ASSIGN_OR_RETURN(auto score, ScoreOf(tx, next.id, weights.weights, now));
    next.score = score.value;
    QX_RETURN_IF_ERROR(tx.assessments().UpdateAssessment(next));
    current.superseded_by = next.id;
    current.updated_at = now;
    QX_RETURN_IF_ERROR(tx.assessments().UpdateAssessment(current));
    int flagged_changed = 0, flagged_new = 0;
    for (const auto& i : items) {
      flagged_changed += i.flag == domain::ItemFlag::kChanged;
      flagged_new += i.flag == domain::ItemFlag::kNew;
    }
    QX_RETURN_IF_ERROR(Audit(tx, actor, next.owner_org, "assessment.upgrade", "assessment", next.id,
                             {{"previous", id},
                              {"profile", next.profile.catalog_id},
                              {"seq", next.profile.seq},
                              {"changed", flagged_changed},
                              {"new", flagged_new},
                              {"removed", diff.removed.size()},
                              {"evidence_carried", evidence_carried}},
                             now));
    return next;
  });
}

}  // namespace qx::assessment
