// Store interface for self-assessments: the assessments and their items, evidence records,
// review comments, remediation actions, automated observations, and the scores with their time
// series and roll-ups. Errors: kNotFound, kAlreadyExists, kUnavailable.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "qx/core/result.h"
#include "qx/domain/assessment.h"
#include "qx/store/page.h"

namespace qx::store {

struct AssessmentFilter {
  std::optional<domain::OrgId> owner_org;
  std::optional<domain::SubjectKind> subject_kind;
  std::optional<std::int64_t> subject_id;
  std::optional<domain::AssessmentStatus> status;
  std::optional<std::int64_t> campaign_id;
};

// The latest accepted score of one subject: the unit that rolls up.
struct SubjectScore {
  domain::SubjectKind subject_kind = domain::SubjectKind::kObject;
  std::int64_t subject_id = 0;
  domain::OrgId org_id = 0;
  std::string sector;
  domain::AssessmentId assessment_id = 0;
  std::optional<double> score;
  UnixMillis at = 0;
};

// One point of a posture time series: scope "subject", "org", "sector" or "nation"; key the
// subject ("object:12"), the org id, the sector, or "".
struct PosturePoint {
  std::string scope;
  std::string key;
  UnixMillis at = 0;
  std::optional<double> score;  // mean of the subjects' scores
  int subjects = 0;             // subjects with a score
};

struct Rollup {
  std::string key;  // org id or sector, "" for the nation
  std::optional<double> score;
  int subjects = 0;
};

class AssessmentRepo {
 public:
  virtual ~AssessmentRepo() = default;

  virtual Result<domain::AssessmentId> InsertAssessment(const domain::Assessment& a,
                                                        const std::vector<domain::AssessmentItem>& items) = 0;
  virtual Result<domain::Assessment> GetAssessment(domain::AssessmentId id) = 0;
  virtual Result<Page<domain::Assessment>> ListAssessments(const AssessmentFilter& f,
                                                           const PageRequest& page) = 0;
  // Writes status, score, superseded_by, profile, timestamps of a.
  virtual Status UpdateAssessment(const domain::Assessment& a) = 0;

  // Items in ordinal order.
  virtual Result<std::vector<domain::AssessmentItem>> ListItems(domain::AssessmentId id) = 0;
  virtual Result<domain::AssessmentItem> GetItem(domain::AssessmentId id, std::int64_t catalog_id,
                                                 const std::string& control_id) = 0;
  // Writes result, justification, comment, flag, previous_result, updated_at/by.
  virtual Status UpdateItem(const domain::AssessmentItem& item) = 0;

  virtual Result<std::int64_t> InsertEvidence(const domain::EvidenceRecord& e) = 0;
  virtual Result<domain::EvidenceRecord> GetEvidence(std::int64_t id) = 0;
  virtual Result<std::vector<domain::EvidenceRecord>> ListEvidence(domain::AssessmentId id) = 0;
  virtual Status DeleteEvidence(std::int64_t id) = 0;
  // How many evidence rows name this content (0: its blob may go).
  virtual Result<std::int64_t> CountEvidenceWithDigest(const std::string& sha256) = 0;
  // Calls visit once for every distinct sha256 an evidence row names, in no set order, in one
  // query (the sweep's snapshot: StoredFiles).
  virtual Status ForEachEvidenceDigest(const std::function<void(const std::string& sha256)>& visit) = 0;

  virtual Result<std::int64_t> InsertComment(const domain::ReviewComment& c) = 0;
  virtual Result<std::vector<domain::ReviewComment>> ListComments(domain::AssessmentId id) = 0;

  virtual Result<std::int64_t> InsertRemediation(const domain::RemediationAction& r) = 0;
  virtual Result<domain::RemediationAction> GetRemediation(std::int64_t id) = 0;
  virtual Status UpdateRemediation(const domain::RemediationAction& r) = 0;
  virtual Result<std::vector<domain::RemediationAction>> ListRemediation(domain::AssessmentId id) = 0;

  virtual Result<std::int64_t> InsertObservation(const domain::Observation& o) = 0;
  // The newest observation per (control, source) of a subject.
  virtual Result<std::vector<domain::Observation>> LatestObservations(domain::SubjectKind kind,
                                                                      std::int64_t subject_id) = 0;

  virtual Status PutSubjectScore(const SubjectScore& s) = 0;
  virtual Result<std::optional<SubjectScore>> GetSubjectScore(domain::SubjectKind kind,
                                                              std::int64_t subject_id) = 0;
  // Means of the subjects' latest accepted scores: per organisation (of one sector when given;
  // providers included), and of CII objects only per sector and for the nation (key "").
  virtual Result<std::vector<Rollup>> RollupByOrg(const std::optional<std::string>& sector) = 0;
  virtual Result<std::vector<Rollup>> RollupBySector() = 0;
  virtual Result<Rollup> RollupNation() = 0;
  virtual Result<Rollup> RollupOfOrg(domain::OrgId org) = 0;
  virtual Status AppendPosture(const PosturePoint& p) = 0;
  // The series of one scope and key in time order, between since (inclusive) and until.
  virtual Result<std::vector<PosturePoint>> PostureSeries(const std::string& scope,
                                                          const std::string& key, UnixMillis since,
                                                          UnixMillis until) = 0;
};

}  // namespace qx::store
