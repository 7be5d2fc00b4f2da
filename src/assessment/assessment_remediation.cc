// Remediation actions (a plan of action and milestones) and automated observations.
#include <boost/json.hpp>
#include <fmt/format.h>

#include "assessment_internal.h"
#include "qx/assessment/assessment_service.h"

namespace qx::assessment {
namespace {

using domain::Action;
using identity::Actor;
using store::Tx;
using store::TxMode;
using detail::Audit;

}  // namespace

Result<domain::RemediationAction> AssessmentService::AddRemediation(const Actor& actor,
                                                                    domain::RemediationAction r) {
  QX_RETURN_IF_ERROR(domain::ValidateRemediation(r));
  const UnixMillis now = clock_.Now();
  return store::Transact(db_, TxMode::kWrite, [&](Tx& tx) -> Result<domain::RemediationAction> {
    QX_ASSIGN_OR_RETURN(domain::Assessment a, LoadForOwner(tx, actor, r.assessment_id));
    if (!domain::OwnerMayEdit(a)) {
      return MakeError(ErrorCode::kConflict, "remediation is planned while the assessment is a draft");
    }
    QX_ASSIGN_OR_RETURN(auto item, tx.assessments().GetItem(r.assessment_id, r.catalog_id, r.control_id));
    if (item.result != domain::ItemResult::kNonCompliant && item.result != domain::ItemResult::kPartial) {
      return MakeError(ErrorCode::kConflict,
                       "remediation is planned for non-compliant or partially compliant requirements");
    }
    r.id = 0;
    r.status = domain::RemediationStatus::kOpen;
    r.created_at = r.updated_at = now;
    QX_ASSIGN_OR_RETURN(r.id, tx.assessments().InsertRemediation(r));
    QX_RETURN_IF_ERROR(Audit(tx, actor, a.owner_org, "remediation.add", "assessment", a.id,
                             {{"remediation", r.id},
                              {"control", r.control_id},
                              {"owner", r.owner},
                              {"due_at", FormatRfc3339(r.due_at)}},
                             now));
    return r;
  });
}

Result<domain::RemediationAction> AssessmentService::UpdateRemediation(const Actor& actor,
                                                                       domain::RemediationAction in) {
  QX_RETURN_IF_ERROR(domain::ValidateRemediation(in));
  const UnixMillis now = clock_.Now();
  return store::Transact(db_, TxMode::kWrite, [&](Tx& tx) -> Result<domain::RemediationAction> {
    QX_ASSIGN_OR_RETURN(domain::RemediationAction r, tx.assessments().GetRemediation(in.id));
    QX_ASSIGN_OR_RETURN(domain::Assessment a, LoadForOwner(tx, actor, r.assessment_id));
    if (a.superseded_by) {
      return MakeError(ErrorCode::kConflict, "the assessment was upgraded: update the action there");
    }
    r.action = in.action;
    r.owner = in.owner;
    r.due_at = in.due_at;
    r.status = in.status;
    r.updated_at = now;
    QX_RETURN_IF_ERROR(tx.assessments().UpdateRemediation(r));
    QX_RETURN_IF_ERROR(Audit(tx, actor, a.owner_org, "remediation.update", "assessment", a.id,
                             {{"remediation", r.id},
                              {"status", domain::Name(r.status)},
                              {"owner", r.owner},
                              {"due_at", FormatRfc3339(r.due_at)}},
                             now));
    return r;
  });
}

Result<domain::Observation> AssessmentService::Observe(const Actor& actor, domain::Observation o) {
  QX_RETURN_IF_ERROR(domain::ValidateObservation(o));
  const UnixMillis now = clock_.Now();
  return store::Transact(db_, TxMode::kWrite, [&](Tx& tx) -> Result<domain::Observation> {
    if (o.subject_kind == domain::SubjectKind::kObject) {
      QX_ASSIGN_OR_RETURN(domain::CiiObject obj, tx.registry().GetObject(o.subject_id));
      o.owner_org = obj.owner_org;
    } else {
      QX_ASSIGN_OR_RETURN(domain::Organisation org, tx.orgs().Get(o.subject_id));
      if (org.kind != domain::OrgKind::kProvider) {
        return MakeError(ErrorCode::kInvalidArgument, "a provider subject is a provider organisation");
      }
      o.owner_org = org.id;
    }
    QX_RETURN_IF_ERROR(actor.Authorize(Action::kObservationWrite, o.owner_org));
    o.recorded_at = now;
    o.recorded_by = actor.label();
    QX_ASSIGN_OR_RETURN(o.id, tx.assessments().InsertObservation(o));
    QX_RETURN_IF_ERROR(Audit(tx, actor, o.owner_org, "observation.add", "observation", o.id,
                             {{"subject", fmt::format("{}:{}", domain::Name(o.subject_kind), o.subject_id)},
                              {"control", o.control_id},
                              {"source", o.source},
                              {"result", domain::Name(o.result)}},
                             now));
    return o;
  });
}

}  // namespace qx::assessment
