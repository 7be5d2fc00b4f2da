// The PostgreSQL repository of training and awareness records.
#pragma once

#include "pg_conn.h"
#include "qx/store/training_repo.h"

namespace qx::store::pg {

class PgTrainingRepo final : public TrainingRepo {
 public:
  explicit PgTrainingRepo(Connection& c) : c_(c) {}
  Result<std::int64_t> InsertCourse(const domain::Course& c) override;
  Status UpdateCourse(const domain::Course& c) override;
  Result<domain::Course> GetCourse(std::int64_t id) override;
  Result<std::vector<domain::Course>> ListCourses(domain::OrgId org) override;
  Result<std::int64_t> InsertStaff(const domain::StaffMember& s) override;
  Status UpdateStaff(const domain::StaffMember& s) override;
  Result<domain::StaffMember> GetStaff(std::int64_t id) override;
  Result<std::optional<domain::StaffMember>> FindStaff(domain::OrgId org, const std::string& staff_ref) override;
  Result<Page<domain::StaffMember>> ListStaff(domain::OrgId org, const PageRequest& page) override;
  Result<std::int64_t> InsertAudience(const domain::TrainingAudience& a) override;
  Result<domain::TrainingAudience> GetAudience(std::int64_t id) override;
  Result<std::vector<domain::TrainingAudience>> ListAudiences(domain::OrgId org) override;
  Status SetAudienceMembers(std::int64_t audience_id, const std::vector<std::int64_t>& staff_ids) override;
  Result<std::vector<std::int64_t>> Members(std::int64_t audience_id) override;
  Result<std::vector<std::int64_t>> ActiveMembers(std::int64_t audience_id) override;
  Result<std::int64_t> InsertCompletion(const domain::Completion& c) override;
  Result<Page<domain::Completion>> ListCompletions(domain::OrgId org, const CompletionFilter& filter,
                                                   const PageRequest& page) override;
  Result<std::map<std::int64_t, Days>> LatestCompletions(std::int64_t course_id) override;
  Result<std::int64_t> InsertRule(const domain::TrainingRule& r) override;
  Result<domain::TrainingRule> GetRule(std::int64_t id) override;
  Result<std::vector<domain::TrainingRule>> ListRules(domain::OrgId org) override;
  Status DeleteRule(std::int64_t id) override;

 private:
  Connection& c_;
};

}  // namespace qx::store::pg
