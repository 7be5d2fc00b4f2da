// CampaignService: the regulator's inspection plans. Creating a campaign opens an assessment of
// each subject through the AssessmentService (or links the open one it already has on the same
// profile version); the board shows where each subject stands. Authorised through Actor, audited
// in the transactions that change anything. Thread-safe.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "qx/assessment/assessment_service.h"
#include "qx/core/clock.h"
#include "qx/domain/campaign.h"
#include "qx/identity/principal.h"
#include "qx/requirements/requirements_service.h"
#include "qx/store/database.h"

namespace qx::campaign {

inline constexpr std::size_t kMaxSubjects = 50000;

struct SubjectRef {
  domain::SubjectKind kind = domain::SubjectKind::kObject;
  std::int64_t id = 0;
};

struct NewCampaign {
  std::string name;
  std::string description;
  std::int64_t profile_id = 0;
  int profile_seq = 0;  // 0: the latest published
  UnixMillis due_at = 0;
  // Either an explicit list of subjects, or every CII object of a sector (of one category).
  std::vector<SubjectRef> subjects;
  std::string sector;
  std::optional<int> category;
};

struct CampaignSummary {
  domain::Campaign campaign;
  std::int64_t subjects = 0;  // all of them (an operator: its own)
};

struct CreateReport {
  domain::Campaign campaign;
  int created = 0;      // assessments opened
  int linked = 0;       // open assessments on the same version, reused
  int not_started = 0;  // subjects whose assessment could not be opened (see the board's note)
};

struct BoardView {
  domain::Campaign campaign;
  domain::Board board;
};

class CampaignService {
 public:
  CampaignService(store::Database& db, const Clock& clock, requirements::RequirementsService& requirements,
                  assessment::AssessmentService& assessments)
      : db_(db), clock_(clock), requirements_(requirements), assessments_(assessments) {}

  Result<CreateReport> Create(const identity::Actor& actor, const NewCampaign& in);
  // The regulator's people: every campaign; an operator's: those with one of its subjects.
  Result<store::Page<CampaignSummary>> List(const identity::Actor& actor, const store::PageRequest& page);
  Result<CampaignSummary> Get(const identity::Actor& actor, domain::CampaignId id);
  // Counts by state and a page of rows (in `only`, when given; pages of up to kMaxSubjects rows);
  // an operator sees its own rows.
  Result<BoardView> Board(const identity::Actor& actor, domain::CampaignId id,
                          const std::optional<domain::BoardState>& only, const store::PageRequest& page);

 private:
  // nullopt: the actor reads every row; else only the rows of this organisation.
  Result<std::optional<domain::OrgId>> VisibleOwner(const identity::Actor& actor);
  Result<std::vector<domain::CampaignSubject>> ResolveSubjects(store::Tx& tx, const identity::Actor& actor,
                                                               const NewCampaign& in);

  store::Database& db_;
  const Clock& clock_;
  requirements::RequirementsService& requirements_;
  assessment::AssessmentService& assessments_;
};

}  // namespace qx::campaign
