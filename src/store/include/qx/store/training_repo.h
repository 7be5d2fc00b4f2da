// Store interface for training and awareness: courses, staff, audiences and their members,
// completions, and training rules, all owned by one organisation each. Errors: kNotFound,
// kAlreadyExists (a course title or staff_ref taken in the organisation).
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "qx/core/result.h"
#include "qx/domain/training.h"
#include "qx/store/page.h"

namespace qx::store {

struct CompletionFilter {
  std::optional<std::int64_t> course_id;
  std::optional<std::int64_t> staff_id;
};

class TrainingRepo {
 public:
  virtual ~TrainingRepo() = default;

  virtual Result<std::int64_t> InsertCourse(const domain::Course& c) = 0;
  virtual Status UpdateCourse(const domain::Course& c) = 0;  // by id; org_id is not changed
  virtual Result<domain::Course> GetCourse(std::int64_t id) = 0;
  virtual Result<std::vector<domain::Course>> ListCourses(domain::OrgId org) = 0;

  virtual Result<std::int64_t> InsertStaff(const domain::StaffMember& s) = 0;
  virtual Status UpdateStaff(const domain::StaffMember& s) = 0;  // by id
  virtual Result<domain::StaffMember> GetStaff(std::int64_t id) = 0;
  virtual Result<std::optional<domain::StaffMember>> FindStaff(domain::OrgId org,
                                                               const std::string& staff_ref) = 0;
  virtual Result<Page<domain::StaffMember>> ListStaff(domain::OrgId org, const PageRequest& page) = 0;

  // members is ignored by Insert and Get leaves it empty: they have their own calls.
  virtual Result<std::int64_t> InsertAudience(const domain::TrainingAudience& a) = 0;
  virtual Result<domain::TrainingAudience> GetAudience(std::int64_t id) = 0;
  virtual Result<std::vector<domain::TrainingAudience>> ListAudiences(domain::OrgId org) = 0;
  virtual Status SetAudienceMembers(std::int64_t audience_id, const std::vector<std::int64_t>& staff_ids) = 0;
  virtual Result<std::vector<std::int64_t>> Members(std::int64_t audience_id) = 0;
  // Active members only, by staff id.
  virtual Result<std::vector<std::int64_t>> ActiveMembers(std::int64_t audience_id) = 0;

  virtual Result<std::int64_t> InsertCompletion(const domain::Completion& c) = 0;
  // Newest completion date first, then by id; page.after is a completion id.
  virtual Result<Page<domain::Completion>> ListCompletions(domain::OrgId org, const CompletionFilter& filter,
                                                           const PageRequest& page) = 0;
  // Each staff member's latest completion date of the course (only those who have one).
  virtual Result<std::map<std::int64_t, Days>> LatestCompletions(std::int64_t course_id) = 0;

  virtual Result<std::int64_t> InsertRule(const domain::TrainingRule& r) = 0;
  virtual Result<domain::TrainingRule> GetRule(std::int64_t id) = 0;
  virtual Result<std::vector<domain::TrainingRule>> ListRules(domain::OrgId org) = 0;
  virtual Status DeleteRule(std::int64_t id) = 0;
};

}  // namespace qx::store
