// Store interface for campaigns: the campaign and one row per subject, with the assessment that
// answers for it. Errors: kNotFound, kAlreadyExists (a subject twice in one campaign).
#pragma once

#include <optional>
#include <vector>

#include "qx/core/result.h"
#include "qx/domain/campaign.h"
#include "qx/store/page.h"

namespace qx::store {

class CampaignRepo {
 public:
  virtual ~CampaignRepo() = default;

  virtual Result<domain::CampaignId> InsertCampaign(const domain::Campaign& c) = 0;
  virtual Result<domain::Campaign> GetCampaign(domain::CampaignId id) = 0;
  // Newest first (page.after: a campaign id, 0 from the start); with_subjects_of: only campaigns
  // with a subject of that organisation.
  virtual Result<Page<domain::Campaign>> ListCampaigns(const std::optional<domain::OrgId>& with_subjects_of,
                                                       const PageRequest& page) = 0;

  // Stores the subject rows (their id, name and status fields are ignored).
  virtual Status InsertSubjects(const std::vector<domain::CampaignSubject>& rows) = 0;
  // Rows of a campaign (of one owner when given) in the filter, after row id `after`, at most
  // `limit` in row order, with the subject's and owner's names and the assessment's status.
  virtual Result<std::vector<domain::CampaignSubject>> ListSubjects(domain::CampaignId id,
                                                                    const std::optional<domain::OrgId>& owner,
                                                                    const domain::StatusFilter& filter,
                                                                    std::int64_t after, int limit) = 0;
  // How many rows (of one owner when given) have each assessment status.
  virtual Result<domain::StatusCounts> CountStatuses(domain::CampaignId id,
                                                     const std::optional<domain::OrgId>& owner) = 0;
  // How many subjects each campaign has, for a list of campaigns.
  virtual Result<std::int64_t> CountSubjects(domain::CampaignId id) = 0;
};

}  // namespace qx::store
