// The SQLite repositories of the CII registry and of self-assessments.
#pragma once

#include "qx/store/assessment_repo.h"
#include "qx/store/registry_repo.h"
#include "sqlite_conn.h"

namespace qx::store::sqlite {

class SqliteRegistryRepo final : public RegistryRepo {
 public:
  explicit SqliteRegistryRepo(Connection& c) : c_(c) {}
  Result<domain::ObjectId> InsertObject(const domain::CiiObject& o) override;
  Status UpdateObject(const domain::CiiObject& o) override;
  Result<domain::CiiObject> GetObject(domain::ObjectId id) override;
  Result<Page<domain::CiiObject>> ListObjects(const ObjectFilter& filter,
                                              const PageRequest& page) override;
  Result<std::vector<domain::ObjectId>> ListDependents(domain::ObjectId id) override;
  Result<std::vector<domain::CiiObject>> GetObjects(const std::vector<domain::ObjectId>& ids) override;
  Status SetCategory(domain::ObjectId id, std::optional<int> category, const std::string& status,
                     UnixMillis at) override;
  Status ReplaceOtArchitecture(domain::ObjectId id, const domain::OtArchitecture& ot) override;
  Result<domain::OtArchitecture> GetOtArchitecture(domain::ObjectId id) override;
  Result<std::int64_t> InsertCategorisation(const domain::Categorisation& c) override;
  Result<domain::Categorisation> GetCategorisation(std::int64_t id) override;
  Result<std::vector<domain::Categorisation>> ListCategorisations(domain::ObjectId id) override;
  Status DecideCategorisation(const domain::Categorisation& c) override;
  Result<std::int64_t> PutSetting(const SettingRecord& s) override;
  Result<std::optional<SettingRecord>> LatestSetting(const std::string& key) override;
  Result<std::vector<SettingRecord>> SettingHistory(const std::string& key) override;
  Status PutDeclaration(const domain::ProviderDeclaration& d) override;
  Result<domain::ProviderDeclaration> GetDeclaration(domain::OrgId org) override;
  Result<Page<domain::ProviderDeclaration>> ListDeclarations(const PageRequest& page) override;

 private:
  Status SetDependencies(domain::ObjectId id, const std::vector<domain::ObjectId>& deps);
  Status LoadDependencies(domain::CiiObject& o);
  Connection& c_;
};

class SqliteAssessmentRepo final : public AssessmentRepo {
 public:
  explicit SqliteAssessmentRepo(Connection& c) : c_(c) {}
  Result<domain::AssessmentId> InsertAssessment(const domain::Assessment& a,
                                                const std::vector<domain::AssessmentItem>& items) override;
  Result<domain::Assessment> GetAssessment(domain::AssessmentId id) override;
  Result<Page<domain::Assessment>> ListAssessments(const AssessmentFilter& f,
                                                   const PageRequest& page) override;
  Status UpdateAssessment(const domain::Assessment& a) override;
  Result<std::vector<domain::AssessmentItem>> ListItems(domain::AssessmentId id) override;
  Result<domain::AssessmentItem> GetItem(domain::AssessmentId id, std::int64_t catalog_id,
                                         const std::string& control_id) override;
  Status UpdateItem(const domain::AssessmentItem& item) override;
  Result<std::int64_t> InsertEvidence(const domain::EvidenceRecord& e) override;
  Result<domain::EvidenceRecord> GetEvidence(std::int64_t id) override;
  Result<std::vector<domain::EvidenceRecord>> ListEvidence(domain::AssessmentId id) override;
  Status DeleteEvidence(std::int64_t id) override;
  Result<std::int64_t> CountEvidenceWithDigest(const std::string& sha256) override;
  Status ForEachEvidenceDigest(const std::function<void(const std::string& sha256)>& visit) override;
  Result<std::int64_t> InsertComment(const domain::ReviewComment& c) override;
  Result<std::vector<domain::ReviewComment>> ListComments(domain::AssessmentId id) override;
  Result<std::int64_t> InsertRemediation(const domain::RemediationAction& r) override;
  Result<domain::RemediationAction> GetRemediation(std::int64_t id) override;
  Status UpdateRemediation(const domain::RemediationAction& r) override;
  Result<std::vector<domain::RemediationAction>> ListRemediation(domain::AssessmentId id) override;
  Result<std::int64_t> InsertObservation(const domain::Observation& o) override;
  Result<std::vector<domain::Observation>> LatestObservations(domain::SubjectKind kind,
                                                              std::int64_t subject_id) override;
  Status PutSubjectScore(const SubjectScore& s) override;
  Result<std::optional<SubjectScore>> GetSubjectScore(domain::SubjectKind kind,
                                                      std::int64_t subject_id) override;
  Result<std::vector<Rollup>> RollupByOrg(const std::optional<std::string>& sector) override;
  Result<std::vector<Rollup>> RollupBySector() override;
  Result<Rollup> RollupNation() override;
  Result<Rollup> RollupOfOrg(domain::OrgId org) override;
  Status AppendPosture(const PosturePoint& p) override;
  Result<std::vector<PosturePoint>> PostureSeries(const std::string& scope, const std::string& key,
                                                  UnixMillis since, UnixMillis until) override;

 private:
  Connection& c_;
};

}  // namespace qx::store::sqlite
