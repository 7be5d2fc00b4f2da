// AssessmentService: self-assessments of CII objects and providers against published profile
// versions (plus the owner's special requirements) — answers, evidence, the review flow with
// comments, upgrade to a new version, remediation, automated observations, scores with their time
// series and roll-ups. Every call is authorised through Actor; every change is audited in its
// transaction. Thread-safe.
#pragma once

#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "qx/assessment/blob_store.h"
#include "qx/assessment/stored_files.h"
#include "qx/core/clock.h"
#include "qx/domain/assessment.h"
#include "qx/identity/principal.h"
#include "qx/requirements/requirements_service.h"
#include "qx/store/database.h"

namespace qx::assessment {

inline constexpr char kWeightsSetting[] = "score.weights";

struct AssessmentOptions {
  std::int64_t evidence_limit = 10 << 20;  // bytes; larger uploads get kPayloadTooLarge
  // Unnamed evidence bytes younger than this are left to a later sweep (StoredFiles): another
  // replica sharing the directory may be about to name them. 0 when only this process writes it.
  std::chrono::seconds orphan_guard = kSharedDirectoryGuard;
};

struct NewAssessment {
  domain::SubjectKind subject_kind = domain::SubjectKind::kObject;
  std::int64_t subject_id = 0;  // the object, or the provider's org (0: the actor's org)
  // The profile (a published general catalog or profile) and version; only the regulator may
  // choose one. Unset: the subject's sector profile ("oil_and_gas" -> "oil-and-gas"; providers
  // "provider"), else the "cii-baseline" catalog, at its latest published version.
  std::optional<std::int64_t> profile_id;
  int profile_seq = 0;  // 0: latest published
  bool include_special = true;  // the owner's published special requirements
  std::optional<UnixMillis> due_at;
  std::optional<std::int64_t> campaign_id;
};

// What one requirement's row of an assessment shows.
struct ItemView {
  domain::AssessmentItem item;
  std::vector<domain::EvidenceRecord> evidence;
  int evidence_current = 0;  // in force now
  std::vector<domain::ReviewComment> comments;
  std::vector<domain::RemediationAction> remediation;
  std::vector<domain::Observation> observations;  // automated results for this control
};

struct AssessmentView {
  domain::Assessment assessment;
  std::vector<ItemView> items;
  domain::Score score;  // live, at the time of the call, with the current weights
};

struct NewEvidence {
  std::string filename;
  std::string description;
  std::optional<UnixMillis> effective_at;  // default: now
  std::optional<UnixMillis> expires_at;
};

struct WeightsView {
  domain::ScoreWeights weights;
  std::int64_t seq = 0;  // 0: the defaults
  std::string set_by;
  UnixMillis set_at = 0;
};

struct Posture {
  std::optional<double> score;
  int subjects = 0;
};

// A new assessment worked out (subject, profile version, items, weights) but not yet written.
struct PreparedAssessment {
  domain::Assessment assessment;
  std::vector<domain::AssessmentItem> items;
  domain::ScoreWeights weights;
};

// What preparing many assessments in one request reads only once: each profile version's
// requirements, the published version a request names, and the score weights.
struct PrepareCache {
  std::map<std::pair<std::int64_t, int>, std::vector<domain::RequirementRow>> requirements;  // (catalog, seq)
  std::map<std::pair<std::int64_t, int>, domain::SourceRef> versions;  // (catalog, requested seq) -> published
  std::optional<domain::ScoreWeights> weights;
};

class AssessmentService {
 public:
  AssessmentService(store::Database& db, const Clock& clock,
                    requirements::RequirementsService& requirements, BlobStore& blobs,
                    AssessmentOptions options = {})
      : db_(db), clock_(clock), requirements_(requirements), options_(options),
        files_(blobs, options.orphan_guard,
               [this](const std::string& sha256) { return EvidenceNaming(sha256); },
               [this](const auto& add) { return AllEvidenceNaming(add); }) {}

  // Prepare, then Insert in a write transaction of its own.
  Result<domain::Assessment> Create(const identity::Actor& actor, const NewAssessment& in);
  // The reads and checks of Create, nothing written: a campaign prepares all of its assessments
  // and inserts them in its one transaction.
  Result<PreparedAssessment> Prepare(const identity::Actor& actor, const NewAssessment& in,
                                     PrepareCache* cache = nullptr);
  // Writes a prepared assessment (items, score, audit) in the caller's transaction; kConflict
  // when the subject has got an open assessment since it was prepared.
  Result<domain::Assessment> Insert(store::Tx& tx, const identity::Actor& actor, PreparedAssessment prepared);
  // An owner sees its own; the regulator any.
  Result<store::Page<domain::Assessment>> List(const identity::Actor& actor,
                                               store::AssessmentFilter filter,
                                               const store::PageRequest& page);
  Result<AssessmentView> Get(const identity::Actor& actor, domain::AssessmentId id);

  Result<domain::AssessmentItem> Answer(const identity::Actor& actor, domain::AssessmentId id,
                                        std::int64_t catalog_id, const std::string& control_id,
                                        domain::ItemResult result, const std::string& justification,
                                        const std::string& comment);
  // submit and reopen by the owner; start_review, accept, request_changes by the regulator.
  // Accepting records the score in the subject's time series and the roll-ups.
  Result<domain::Assessment> Act(const identity::Actor& actor, domain::AssessmentId id,
                                 domain::FlowAction action);
  // The regulator's comment on one requirement (while submitted or in review).
  Result<domain::ReviewComment> Comment(const identity::Actor& actor, domain::AssessmentId id,
                                        std::int64_t catalog_id, const std::string& control_id,
                                        const std::string& body);
  // A new draft on another version (the latest published of the same profile by default; another
  // profile only for the regulator), answers carried forward; the old one is superseded.
  Result<domain::Assessment> Upgrade(const identity::Actor& actor, domain::AssessmentId id,
                                     std::optional<std::int64_t> profile_id, int profile_seq);

  // Stores content-addressed, then records it; kPayloadTooLarge over the limit (nothing kept).
  Result<domain::EvidenceRecord> AddEvidence(const identity::Actor& actor, domain::AssessmentId id,
                                             std::int64_t catalog_id, const std::string& control_id,
                                             const NewEvidence& meta, std::string_view content);
  // The record and its bytes.
  Result<std::pair<domain::EvidenceRecord, std::string>> ReadEvidence(const identity::Actor& actor,
                                                                      std::int64_t evidence_id);
  Status DeleteEvidence(const identity::Actor& actor, std::int64_t evidence_id);

  Result<domain::RemediationAction> AddRemediation(const identity::Actor& actor,
                                                   domain::RemediationAction r);
  // Owner, action, due date and status of an action (status may change in any state of the
  // assessment: remediation goes on after acceptance).
  Result<domain::RemediationAction> UpdateRemediation(const identity::Actor& actor,
                                                      domain::RemediationAction r);

  // An automated result for a subject's requirement (agents, training records).
  Result<domain::Observation> Observe(const identity::Actor& actor, domain::Observation o);

  Result<WeightsView> Weights();
  Result<WeightsView> SetWeights(const identity::Actor& actor, const domain::ScoreWeights& w);

  // Roll-ups of the subjects' latest accepted scores.
  Result<Posture> OrgPosture(const identity::Actor& actor, domain::OrgId org);
  Result<std::vector<store::Rollup>> SectorPosture(const identity::Actor& actor);
  Result<std::vector<store::Rollup>> OrgsPosture(const identity::Actor& actor,
                                                 const std::optional<std::string>& sector);
  Result<Posture> NationPosture(const identity::Actor& actor);
  // scope "nation" (key ""), "sector" (key: sector), "org" (key: org id), "subject" (key
  // "object:12" / "provider:4").
  Result<std::vector<store::PosturePoint>> Series(const identity::Actor& actor,
                                                  const std::string& scope, const std::string& key,
                                                  UnixMillis since, UnixMillis until);

  // Recomputes the score of every subject's latest accepted assessment with today's weights and
  // evidence (expiry makes scores fall); each change updates the roll-ups and appends to their
  // series. Returns how many scores changed. The regulator's (after changing the weights).
  Result<int> RecomputeScores(const identity::Actor& actor);

  // Removes partial uploads and unreferenced blobs older than options().orphan_guard (at start-up
  // and periodically while serving); ends early once stop() answers true (StoredFiles::Sweep).
  Result<SweepReport> SweepEvidence(const std::function<bool()>& stop = {});

  // Automated results computed when an assessment is read (training rules, say), shown beside
  // the stored observations. Register sources before serving; they run in the read transaction.
  using ObservationSource =
      std::function<Result<std::vector<domain::Observation>>(store::Tx&, const domain::Assessment&)>;
  void AddObservationSource(ObservationSource source) { sources_.push_back(std::move(source)); }

  std::int64_t evidence_limit() const { return options_.evidence_limit; }
  const Clock& clock() const { return clock_; }

 private:
  Result<std::vector<domain::AssessmentItem>> BuildItems(const identity::Actor& actor,
                                                         const domain::Assessment& a,
                                                         const std::optional<int>& max_sl,
                                                         PrepareCache* cache = nullptr);
  // Every requirement row of one catalog version (all pages), from the cache when it has them.
  Result<std::vector<domain::RequirementRow>> AllRequirements(const identity::Actor& actor, domain::SourceRef source,
                                                              PrepareCache* cache);
  Result<domain::Score> ScoreOf(store::Tx& tx, domain::AssessmentId id, const domain::ScoreWeights& w,
                                UnixMillis now);
  Status RecordAccepted(store::Tx& tx, const domain::Assessment& a, UnixMillis now);
  Status AppendRollups(store::Tx& tx, domain::OrgId org, const std::optional<std::string>& sector,
                       UnixMillis now);
  Result<domain::Assessment> LoadForOwner(store::Tx& tx, const identity::Actor& actor,
                                          domain::AssessmentId id);
  Result<std::int64_t> EvidenceNaming(const std::string& sha256);
  Status AllEvidenceNaming(const std::function<void(const std::string& sha256)>& add);

  store::Database& db_;
  const Clock& clock_;
  requirements::RequirementsService& requirements_;
  AssessmentOptions options_;
  StoredFiles files_;  // the evidence's bytes
  std::vector<ObservationSource> sources_;
};

// The weights as JSON: {"partial": 0.5, "evidence_required": false, "requirements": {"id": 2}}.
boost::json::object WeightsToJson(const domain::ScoreWeights& w);
Result<domain::ScoreWeights> WeightsFromJson(const boost::json::value& v);

}  // namespace qx::assessment
