// Evidence: the bytes kept by StoredFiles (content-addressed, stored before the row, removed after
// it), the rows in the assessment's tables.
#include <boost/json.hpp>
#include <fmt/format.h>

#include "assessment_internal.h"
#include "qx/assessment/assessment_service.h"
#include "qx/domain/attachment.h"

namespace qx::assessment {
namespace {

using domain::Action;
using identity::Actor;
using store::Tx;
using store::TxMode;
using detail::Audit;

}  // namespace

Result<domain::EvidenceRecord> AssessmentService::AddEvidence(const Actor& actor,
                                                              domain::AssessmentId id,
                                                              std::int64_t catalog_id,
                                                              const std::string& control_id,
                                                              const NewEvidence& meta,
                                                              std::string_view content) {
  if (static_cast<std::int64_t>(content.size()) > options_.evidence_limit) {
    return MakeError(ErrorCode::kPayloadTooLarge,
                     fmt::format("evidence files are limited to {} bytes", options_.evidence_limit));
  }
  if (content.empty()) return MakeError(ErrorCode::kInvalidArgument, "the evidence file is empty");
  const UnixMillis now = clock_.Now();
  domain::EvidenceRecord e;
  e.assessment_id = id;
  e.catalog_id = catalog_id;
  e.control_id = control_id;
  e.size = static_cast<std::int64_t>(content.size());
  QX_ASSIGN_OR_RETURN(e.filename, domain::CheckFileName(meta.filename));
  e.description = meta.description;
  e.effective_at = meta.effective_at.value_or(now);
  e.expires_at = meta.expires_at;
  e.uploaded_by = actor.label();
  e.uploaded_at = now;
  QX_RETURN_IF_ERROR(domain::ValidateText("description", e.description, 2000, false, true));
  if (e.expires_at && *e.expires_at <= e.effective_at) {
    return MakeError(ErrorCode::kInvalidArgument, "the expiry date must come after the effective date");
  }
  // Authorise before a byte reaches the disk.
  auto check = [&](Tx& tx) -> Status {
    QX_ASSIGN_OR_RETURN(domain::Assessment a, LoadForOwner(tx, actor, id));
    if (!domain::OwnerMayEdit(a)) {
      return MakeError(ErrorCode::kConflict, "evidence is attached while the assessment is a draft");
    }
    return tx.assessments().GetItem(id, catalog_id, control_id).map([](auto&&) {});
  };
  QX_RETURN_IF_ERROR(db_.Run(TxMode::kRead, check));

  return files_.Add(content, [&](const std::string& sha256) {
    e.sha256 = sha256;
    return store::Transact(db_, TxMode::kWrite, [&](Tx& tx) -> Result<domain::EvidenceRecord> {
      QX_RETURN_IF_ERROR(check(tx));
      QX_ASSIGN_OR_RETURN(domain::Assessment a, tx.assessments().GetAssessment(id));
      QX_ASSIGN_OR_RETURN(e.id, tx.assessments().InsertEvidence(e));
      QX_RETURN_IF_ERROR(Audit(tx, actor, a.owner_org, "evidence.add", "assessment", id,
                               {{"evidence", e.id},
                                {"catalog", catalog_id},
                                {"control", control_id},
                                {"sha256", e.sha256},
                                {"size", e.size},
                                {"filename", e.filename}},
                               now));
      return e;
    });
  });
}

Result<std::pair<domain::EvidenceRecord, std::string>> AssessmentService::ReadEvidence(
    const Actor& actor, std::int64_t evidence_id) {
  QX_ASSIGN_OR_RETURN(domain::EvidenceRecord e, store::Transact(db_, TxMode::kRead, [&](Tx& tx) -> Result<domain::EvidenceRecord> {
    QX_ASSIGN_OR_RETURN(domain::EvidenceRecord rec, tx.assessments().GetEvidence(evidence_id));
    QX_ASSIGN_OR_RETURN(domain::Assessment a, tx.assessments().GetAssessment(rec.assessment_id));
    QX_RETURN_IF_ERROR(actor.Authorize(Action::kAssessmentRead, a.owner_org));
    return rec;
  }));
  QX_ASSIGN_OR_RETURN(std::string content, files_.Read(e.sha256));
  return std::make_pair(std::move(e), std::move(content));
}

Status AssessmentService::DeleteEvidence(const Actor& actor, std::int64_t evidence_id) {
  const UnixMillis now = clock_.Now();
  return files_.Remove([&]() -> Result<std::string> {
    return store::Transact(db_, TxMode::kWrite, [&](Tx& tx) -> Result<std::string> {
      QX_ASSIGN_OR_RETURN(domain::EvidenceRecord e, tx.assessments().GetEvidence(evidence_id));
      QX_ASSIGN_OR_RETURN(domain::Assessment a, LoadForOwner(tx, actor, e.assessment_id));
      if (!domain::OwnerMayEdit(a)) {
        return MakeError(ErrorCode::kConflict, "evidence is removed while the assessment is a draft");
      }
      QX_RETURN_IF_ERROR(tx.assessments().DeleteEvidence(evidence_id));
      QX_RETURN_IF_ERROR(Audit(tx, actor, a.owner_org, "evidence.remove", "assessment", a.id,
                               {{"evidence", evidence_id}, {"control", e.control_id}, {"sha256", e.sha256}}, now));
      return e.sha256;
    });
  });
}

Result<SweepReport> AssessmentService::SweepEvidence(const std::function<bool()>& stop) {
  return files_.Sweep(stop);
}

Result<std::int64_t> AssessmentService::EvidenceNaming(const std::string& sha256) {
  return store::Transact(db_, TxMode::kRead, [&](Tx& tx) { return tx.assessments().CountEvidenceWithDigest(sha256); });
}

Status AssessmentService::AllEvidenceNaming(const std::function<void(const std::string& sha256)>& add) {
  return db_.Run(TxMode::kRead, [&](Tx& tx) { return tx.assessments().ForEachEvidenceDigest(add); });
}

}  // namespace qx::assessment
