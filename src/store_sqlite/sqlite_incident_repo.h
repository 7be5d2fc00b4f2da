// The SQLite repository of incident reports.
#pragma once

#include "qx/store/incident_repo.h"
#include "sqlite_conn.h"

namespace qx::store::sqlite {

class SqliteIncidentRepo final : public IncidentRepo {
 public:
  explicit SqliteIncidentRepo(Connection& c) : c_(c) {}
  Result<domain::IncidentId> InsertIncident(const domain::Incident& i) override;
  Status UpdateIncident(const domain::Incident& i) override;
  Result<domain::Incident> GetIncident(domain::IncidentId id) override;
  Result<Page<domain::Incident>> ListIncidents(const IncidentFilter& filter, const PageRequest& page) override;
  Status InsertSubmission(const domain::StageSubmission& s) override;
  Result<std::vector<domain::StageSubmission>> ListSubmissions(domain::IncidentId id) override;
  Status InsertStageRequest(const domain::StageRequest& r) override;
  Result<std::vector<domain::StageRequest>> ListStageRequests(domain::IncidentId id) override;
  Result<std::int64_t> AppendTimeline(const domain::TimelineEntry& e) override;
  Result<Page<domain::TimelineEntry>> ListTimeline(domain::IncidentId id, const PageRequest& page) override;
  Result<std::int64_t> InsertRfi(const domain::Rfi& r) override;
  Result<domain::Rfi> GetRfi(std::int64_t id) override;
  Status AnswerRfi(const domain::Rfi& r) override;
  Result<Page<domain::Rfi>> ListRfis(domain::IncidentId id, const PageRequest& page) override;
  Result<std::int64_t> InsertAttachment(const domain::IncidentAttachment& a) override;
  Result<domain::IncidentAttachment> GetAttachment(std::int64_t id) override;
  Result<std::vector<domain::IncidentAttachment>> ListAttachments(domain::IncidentId id) override;
  Result<std::int64_t> CountAttachments(domain::IncidentId id) override;
  Result<std::int64_t> CountAttachmentsWithDigest(const std::string& sha256) override;
  Status ForEachAttachmentDigest(const std::function<void(const std::string& sha256)>& visit) override;
  Status RecordDelivery(const domain::IncidentDelivery& d) override;
  Result<Page<domain::IncidentDelivery>> ListDeliveries(const PageRequest& page) override;

 private:
  Status ReadChildren(domain::Incident& i);
  Connection& c_;
};

}  // namespace qx::store::sqlite
