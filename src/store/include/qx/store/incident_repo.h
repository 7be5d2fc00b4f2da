// Store interface for incident reports: incidents with their objects and indicators, frozen stage
// submissions, stage requests, the timeline, requests for information, attachments, and the log
// of notifications sent. Errors: kNotFound, kAlreadyExists (a stage submitted or requested twice),
// kConflict (an answered request answered again).
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "qx/core/result.h"
#include "qx/domain/incident.h"
#include "qx/store/page.h"

namespace qx::store {

struct IncidentFilter {
  std::optional<domain::OrgId> org;
  std::optional<domain::IncidentStatus> status;
  bool with_deadline_only = false;  // only incidents with a stage still to submit (next_due_at)
};

class IncidentRepo {
 public:
  virtual ~IncidentRepo() = default;

  // Inserts the incident with its objects and indicators; returns its id.
  virtual Result<domain::IncidentId> InsertIncident(const domain::Incident& i) = 0;
  // Updates the mutable fields: classified_at, severity, tlp, status, assignee, next_due_at.
  virtual Status UpdateIncident(const domain::Incident& i) = 0;
  virtual Result<domain::Incident> GetIncident(domain::IncidentId id) = 0;
  // By next_due_at ascending (those without last), then id. page.after is an offset into that
  // order (0: from the start), and next the offset of the following page.
  virtual Result<Page<domain::Incident>> ListIncidents(const IncidentFilter& filter,
                                                       const PageRequest& page) = 0;

  // kAlreadyExists when the stage of the incident was already submitted (or requested).
  virtual Status InsertSubmission(const domain::StageSubmission& s) = 0;
  virtual Result<std::vector<domain::StageSubmission>> ListSubmissions(domain::IncidentId id) = 0;
  virtual Status InsertStageRequest(const domain::StageRequest& r) = 0;
  virtual Result<std::vector<domain::StageRequest>> ListStageRequests(domain::IncidentId id) = 0;

  // Oldest first; page.after is an entry id.
  virtual Result<std::int64_t> AppendTimeline(const domain::TimelineEntry& e) = 0;
  virtual Result<Page<domain::TimelineEntry>> ListTimeline(domain::IncidentId id, const PageRequest& page) = 0;

  virtual Result<std::int64_t> InsertRfi(const domain::Rfi& r) = 0;
  virtual Result<domain::Rfi> GetRfi(std::int64_t id) = 0;
  // Records the answer of r.id; kConflict when it was answered already.
  virtual Status AnswerRfi(const domain::Rfi& r) = 0;
  // Oldest first; page.after is an rfi id.
  virtual Result<Page<domain::Rfi>> ListRfis(domain::IncidentId id, const PageRequest& page) = 0;

  // Attachments: rows naming blobs by sha256. List is oldest first (at most a few hundred per
  // incident, so unpaged).
  virtual Result<std::int64_t> InsertAttachment(const domain::IncidentAttachment& a) = 0;
  virtual Result<domain::IncidentAttachment> GetAttachment(std::int64_t id) = 0;
  virtual Result<std::vector<domain::IncidentAttachment>> ListAttachments(domain::IncidentId id) = 0;
  // How many files the incident holds (its limit is checked on each upload without reading them).
  virtual Result<std::int64_t> CountAttachments(domain::IncidentId id) = 0;
  // How many attachment rows name the blob: 0 means it may be removed.
  virtual Result<std::int64_t> CountAttachmentsWithDigest(const std::string& sha256) = 0;
  // Calls visit once for every distinct sha256 an attachment row names, in no set order, in one
  // query (the sweep's snapshot: StoredFiles).
  virtual Status ForEachAttachmentDigest(const std::function<void(const std::string& sha256)>& visit) = 0;

  // Inserts or replaces the record of (incident, stage, event, channel).
  virtual Status RecordDelivery(const domain::IncidentDelivery& d) = 0;
  // Newest first by id; page.after is a delivery id (the list goes to smaller ids).
  virtual Result<Page<domain::IncidentDelivery>> ListDeliveries(const PageRequest& page) = 0;
};

}  // namespace qx::store
