// IncidentService: operators report incidents on their CII objects under the regime their
// sector follows, and submit each stage once (frozen, timestamped here); the CERT triages
// (status, severity, TLP, assignee), keeps a timeline, asks for information and shares the
// indicators as STIX. Every change is audited; notifications leave through the job outbox in the
// same transaction. Authorised through the principal; thread-safe.
#pragma once

#include <boost/json.hpp>
#include <chrono>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "qx/assessment/blob_store.h"
#include "qx/assessment/stored_files.h"
#include "qx/core/clock.h"
#include "qx/domain/incident.h"
#include "qx/domain/incident_regime.h"
#include "qx/identity/principal.h"
#include "qx/intel/intel_service.h"
#include "qx/store/database.h"

namespace qx::incident {

// The job kind of incident notifications; its payload names incident, stage, event and channel.
inline constexpr std::string_view kNotifyJobKind = "incident.notify";

struct IncidentOptions {
  double due_soon_share = 0.25;       // a stage is due soon when this share of its window is left
  std::vector<std::string> channels;  // "webhook", "email": where notifications go (none: none)
  std::int64_t attachment_limit = 10 << 20;  // bytes of one attachment (kPayloadTooLarge beyond)
  size_t attachments_per_incident = 200;     // files of one incident (kConflict beyond)
  // Unnamed attachment bytes younger than this are left to a later sweep (StoredFiles): another
  // replica sharing the directory may be about to name them. 0 when only this process writes it.
  std::chrono::seconds orphan_guard = assessment::kSharedDirectoryGuard;
};

// What an uploader declares about an attachment; the bytes travel separately.
struct NewAttachment {
  std::string filename;
  std::string media_type;  // the request's Content-Type ("" for none)
  std::string stage_key;   // "" or a stage of the incident's regime the file supports
};

struct StageView {
  domain::StageDefinition definition;
  domain::StageTiming timing;
  std::optional<domain::StageSubmission> submission;
};

struct IncidentView {
  domain::Incident incident;
  std::string org_name;
  std::vector<std::string> object_names;
  std::vector<StageView> stages;
};

struct RegimeSettings {
  std::vector<domain::Regime> regimes;  // nis2, dora, national
  std::map<std::string, std::string> mapping;
};

struct IncidentQuery {
  std::optional<domain::OrgId> org;
  std::optional<domain::IncidentStatus> status;
};

struct TriageChange {
  std::optional<domain::IncidentStatus> status;
  std::optional<domain::IncidentSeverity> severity;
  std::optional<std::string> tlp;
  std::optional<std::string> assignee;  // "" unassigns
};

struct ShareResult {
  std::string report_id;
  std::vector<std::string> indicator_ids;
  boost::json::object bundle;
};

struct IncidentStats {
  struct SectorMonth {
    std::string sector;
    std::string month;  // "2026-11"
    int count = 0;
  };
  struct OnTime {
    std::string month;
    int stages = 0;
    int on_time = 0;
  };
  std::vector<SectorMonth> per_sector_month;
  std::vector<OnTime> on_time;
};

class IncidentService {
 public:
  // attachments: where attached files are kept (content-addressed, the assessment evidence's
  // machinery); without one, attachment calls answer kUnavailable.
  IncidentService(store::Database& db, const Clock& clock, intel::IntelService& intel,
                  IncidentOptions options, assessment::BlobStore* attachments = nullptr);

  Result<RegimeSettings> Regimes(const identity::Principal& p);
  Result<domain::Regime> PutNationalRegime(const identity::Principal& p, domain::Regime regime);
  Result<std::map<std::string, std::string>> PutMapping(const identity::Principal& p,
                                                        std::map<std::string, std::string> mapping);

  // Operator: own organisation's; CERT and regulator: all (or query.org).
  Result<store::Page<IncidentView>> List(const identity::Principal& p, const IncidentQuery& query,
                                         const store::PageRequest& page);
  // draft: object_ids, title, description, detection_source, aware_at, classified_at,
  // malicious, cross_border, affected_services, impact, severity, indicators.
  Result<IncidentView> Report(const identity::Principal& p, domain::Incident draft);
  Result<IncidentView> Get(const identity::Principal& p, domain::IncidentId id);
  // kAlreadyExists when submitted before; kInvalidArgument for a missing required field or a
  // time (a field named *_at) in the future.
  Result<IncidentView> SubmitStage(const identity::Principal& p, domain::IncidentId id,
                                   const std::string& stage_key, const boost::json::object& fields);
  Result<IncidentView> RequestStage(const identity::Principal& p, domain::IncidentId id,
                                    const std::string& stage_key);
  Result<IncidentView> Triage(const identity::Principal& p, domain::IncidentId id, const TriageChange& change);

  Result<store::Page<domain::TimelineEntry>> Timeline(const identity::Principal& p, domain::IncidentId id,
                                                      const store::PageRequest& page);
  Result<domain::TimelineEntry> AddNote(const identity::Principal& p, domain::IncidentId id, const std::string& text);
  Result<store::Page<domain::Rfi>> Rfis(const identity::Principal& p, domain::IncidentId id,
                                        const store::PageRequest& page);
  Result<domain::Rfi> AskRfi(const identity::Principal& p, domain::IncidentId id, const std::string& question);
  Result<domain::Rfi> AnswerRfi(const identity::Principal& p, domain::IncidentId id, std::int64_t rfi_id,
                                const std::string& answer);

  // Attachments: the reporting organisation adds files while the incident is not closed
  // (kConflict once it is); whoever may read the incident lists and downloads them. The bytes are
  // stored first, then the row, timeline entry and audit record in one transaction; when that
  // fails the bytes go again unless another row names them. kPayloadTooLarge over the limit,
  // kInvalidArgument for an empty file, a bad name, media type or stage.
  Result<domain::IncidentAttachment> AddAttachment(const identity::Principal& p, domain::IncidentId id,
                                                   const NewAttachment& meta, std::string_view content);
  Result<std::vector<domain::IncidentAttachment>> Attachments(const identity::Principal& p, domain::IncidentId id);
  // The row and the bytes; kNotFound when the attachment is not one of that incident.
  Result<std::pair<domain::IncidentAttachment, std::string>> ReadAttachment(const identity::Principal& p,
                                                                            domain::IncidentId id,
                                                                            std::int64_t attachment_id);
  // Removes partial uploads and files no attachment row names, older than options().orphan_guard;
  // ends early once stop() answers true (StoredFiles::Sweep).
  Result<assessment::SweepReport> SweepAttachments(const std::function<bool()>& stop = {});

  // The incident's indicators as STIX 2.1 indicators and a report, marked with tlp, written to a
  // TAXII collection the CERT may write.
  Result<ShareResult> Share(const identity::Principal& p, domain::IncidentId id, const std::string& tlp,
                            const std::string& collection_id);
  Result<IncidentStats> Stats(const identity::Principal& p, int months);
  Result<store::Page<domain::IncidentDelivery>> Deliveries(const identity::Principal& p,
                                                           const store::PageRequest& page);

  // The scheduler's pass: schedules a notification for each stage that is now due soon or
  // overdue and has none yet (the job's dedupe key makes this once per stage and state, across
  // restarts and replicas). Returns the jobs scheduled by this call.
  Result<int> ScheduleDue(UnixMillis now);

  // Loads regimes and mapping in tx (the defaults where the regulator set nothing).
  static Result<RegimeSettings> LoadRegimes(store::Tx& tx);
  const IncidentOptions& options() const { return options_; }

 private:
  Result<IncidentView> ViewOf(store::Tx& tx, domain::Incident incident, const RegimeSettings& regimes);
  Result<domain::Incident> Readable(store::Tx& tx, const identity::Principal& p, domain::IncidentId id);
  Status Notify(store::Tx& tx, const domain::Incident& i, const std::string& stage, const std::string& event,
                UnixMillis at);
  Status Refresh(store::Tx& tx, domain::Incident& i, const RegimeSettings& regimes);
  Result<std::int64_t> AttachmentsNaming(const std::string& sha256);
  Status AllAttachmentsNaming(const std::function<void(const std::string& sha256)>& add);

  store::Database& db_;
  const Clock& clock_;
  intel::IntelService& intel_;
  IncidentOptions options_;
  std::optional<assessment::StoredFiles> files_;  // the attachments' bytes, when configured
};

// The username a principal is shown as in timelines and submissions.
std::string ShownName(const identity::Principal& p);

}  // namespace qx::incident
