// Attachments of an incident report: the bytes kept by StoredFiles (content-addressed, stored
// before the row, as the assessment evidence's are), the rows in the incident's tables.
#include <fmt/format.h>

#include "incident_internal.h"
#include "qx/domain/attachment.h"
#include "qx/identity/audited.h"

namespace qx::incident {
namespace {

using domain::Action;
using identity::Actor;
using identity::AuditChange;
using identity::Principal;
using store::Tx;
using store::TxMode;

}  // namespace

Result<domain::IncidentAttachment> IncidentService::AddAttachment(const Principal& p, domain::IncidentId id,
                                                                  const NewAttachment& meta,
                                                                  std::string_view content) {
  if (!files_) return MakeError(ErrorCode::kUnavailable, "attachments are not configured");
  if (static_cast<std::int64_t>(content.size()) > options_.attachment_limit) {
    return MakeError(ErrorCode::kPayloadTooLarge,
                     fmt::format("attachments are limited to {} bytes", options_.attachment_limit));
  }
  if (content.empty()) return MakeError(ErrorCode::kInvalidArgument, "the attached file is empty");
  const Actor actor = Actor::Of(p);
  const UnixMillis now = clock_.Now();
  domain::IncidentAttachment a;
  a.incident_id = id;
  QX_ASSIGN_OR_RETURN(a.filename, domain::CheckFileName(meta.filename));
  QX_ASSIGN_OR_RETURN(a.media_type, domain::NormaliseMediaType(meta.media_type));
  a.size = static_cast<std::int64_t>(content.size());
  a.stage_key = meta.stage_key;
  a.uploaded_by = ShownName(p);
  a.uploaded_at = now;

  // Authorise and check the incident before a byte reaches the disk, and again with the row.
  auto check = [&](Tx& tx) -> Result<domain::Incident> {
    QX_ASSIGN_OR_RETURN(domain::Incident i, Readable(tx, p, id));
    QX_RETURN_IF_ERROR(actor.Authorize(Action::kIncidentReport, i.org_id));
    if (i.status == domain::IncidentStatus::kClosed) {
      return MakeError(ErrorCode::kConflict, "files are attached while the incident is not closed");
    }
    QX_ASSIGN_OR_RETURN(const std::int64_t attached, tx.incidents().CountAttachments(id));
    if (attached >= static_cast<std::int64_t>(options_.attachments_per_incident)) {
      return MakeError(ErrorCode::kConflict,
                       fmt::format("an incident holds at most {} files", options_.attachments_per_incident));
    }
    if (!a.stage_key.empty()) {
      QX_ASSIGN_OR_RETURN(auto regimes, LoadRegimes(tx));
      if (!domain::FindStage(RegimeById(regimes, i.regime), a.stage_key)) {
        return MakeError(ErrorCode::kInvalidArgument,
                         fmt::format("the {} regime has no stage {}", i.regime, a.stage_key));
      }
    }
    return i;
  };
  QX_RETURN_IF_ERROR(store::Transact(db_, TxMode::kRead, check));

  return files_->Add(content, [&](const std::string& sha256) {
    a.sha256 = sha256;
    return store::Transact(db_, TxMode::kWrite, [&](Tx& tx) -> Result<domain::IncidentAttachment> {
      QX_ASSIGN_OR_RETURN(domain::Incident i, check(tx));
      QX_ASSIGN_OR_RETURN(a.id, tx.incidents().InsertAttachment(a));
      const boost::json::object detail{{"attachment", a.id},   {"filename", a.filename}, {"sha256", a.sha256},
                                       {"size", a.size},       {"media_type", a.media_type},
                                       {"stage", a.stage_key}};
      QX_RETURN_IF_ERROR(AppendEntry(tx, i, p, "attachment", a.filename, detail, now));
      QX_RETURN_IF_ERROR(AuditChange(tx, actor, i.org_id, "incident.attachment.add", "incident", i.id, detail, now));
      return a;
    });
  });
}

Result<std::vector<domain::IncidentAttachment>> IncidentService::Attachments(const Principal& p,
                                                                             domain::IncidentId id) {
  return store::Transact(db_, TxMode::kRead, [&](Tx& tx) -> Result<std::vector<domain::IncidentAttachment>> {
    QX_RETURN_IF_ERROR(Readable(tx, p, id));
    return tx.incidents().ListAttachments(id);
  });
}

Result<std::pair<domain::IncidentAttachment, std::string>> IncidentService::ReadAttachment(
    const Principal& p, domain::IncidentId id, std::int64_t attachment_id) {
  if (!files_) return MakeError(ErrorCode::kUnavailable, "attachments are not configured");
  QX_ASSIGN_OR_RETURN(auto a, store::Transact(db_, TxMode::kRead, [&](Tx& tx) -> Result<domain::IncidentAttachment> {
    QX_RETURN_IF_ERROR(Readable(tx, p, id));
    QX_ASSIGN_OR_RETURN(auto found, tx.incidents().GetAttachment(attachment_id));
    if (found.incident_id != id) return MakeError(ErrorCode::kNotFound, "no such attachment");
    return found;
  }));
  QX_ASSIGN_OR_RETURN(std::string content, files_->Read(a.sha256));
  return std::make_pair(std::move(a), std::move(content));
}

Result<assessment::SweepReport> IncidentService::SweepAttachments(const std::function<bool()>& stop) {
  if (!files_) return assessment::SweepReport{};
  return files_->Sweep(stop);
}

Result<std::int64_t> IncidentService::AttachmentsNaming(const std::string& sha256) {
  return store::Transact(db_, TxMode::kRead, [&](Tx& tx) { return tx.incidents().CountAttachmentsWithDigest(sha256); });
}

Status IncidentService::AllAttachmentsNaming(const std::function<void(const std::string& sha256)>& add) {
  return db_.Run(TxMode::kRead, [&](Tx& tx) { return tx.incidents().ForEachAttachmentDigest(add); });
}

}  // namespace qx::incident
