// The PostgreSQL repository of campaigns and their subjects.
#pragma once

#include "qx/store/campaign_repo.h"
#include "pg_conn.h"

namespace qx::store::pg {

class PgCampaignRepo final : public CampaignRepo {
 public:
  explicit PgCampaignRepo(Connection& c) : c_(c) {}
  Result<domain::CampaignId> InsertCampaign(const domain::Campaign& c) override;
  Result<domain::Campaign> GetCampaign(domain::CampaignId id) override;
  Result<Page<domain::Campaign>> ListCampaigns(const std::optional<domain::OrgId>& with_subjects_of,
                                               const PageRequest& page) override;
  Status InsertSubjects(const std::vector<domain::CampaignSubject>& rows) override;
  Result<std::vector<domain::CampaignSubject>> ListSubjects(domain::CampaignId id,
                                                            const std::optional<domain::OrgId>& owner,
                                                            const domain::StatusFilter& filter,
                                                            std::int64_t after, int limit) override;
  Result<domain::StatusCounts> CountStatuses(domain::CampaignId id, const std::optional<domain::OrgId>& owner) override;
  Result<std::int64_t> CountSubjects(domain::CampaignId id) override;

 private:
  Connection& c_;
};

}  // namespace qx::store::pg
