// Campaigns: the regulator's inspection plan. A campaign names its subjects (a list, or every CII
// object of a sector and category), a published profile version and a due date; each subject gets
// (or is linked to) an assessment, and the board shows where each one stands. Values and the pure
// rules of the board; no I/O.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "qx/core/clock.h"
#include "qx/core/result.h"
#include "qx/domain/assessment.h"

namespace qx::domain {

using CampaignId = std::int64_t;

// Where a subject of a campaign stands. Overdue wins over every state but accepted once the
// due date has passed.
enum class BoardState {
  kNotStarted,  // no assessment (it could not be opened; see the row's note)
  kDraft,
  kSubmitted,
  kInReview,
  kAccepted,
  kChangesRequested,
  kOverdue,
};
inline constexpr int kBoardStates = 7;
std::string_view Name(BoardState v);
std::optional<BoardState> ParseBoardState(std::string_view t);

struct Campaign {
  CampaignId id = 0;
  std::string name;
  std::string description;
  SourceRef profile;  // a published version of a general catalog or profile
  UnixMillis due_at = 0;
  // How the subjects were chosen: by sector (and category) or "" for an explicit list.
  std::string sector;
  std::optional<int> category;
  std::string created_by;
  UnixMillis created_at = 0;
};

// One subject of a campaign and, as read for the board, its assessment's status.
struct CampaignSubject {
  std::int64_t id = 0;  // the row: the board's order and cursor
  CampaignId campaign_id = 0;
  SubjectKind subject_kind = SubjectKind::kObject;
  std::int64_t subject_id = 0;
  OrgId owner_org = 0;
  std::optional<AssessmentId> assessment_id;
  bool linked = false;  // the assessment existed before the campaign
  std::string note;     // why no assessment could be opened
  // Read from the registry and the assessment; not stored with the row.
  std::string subject_name;
  std::string owner_name;
  std::optional<AssessmentStatus> status;
  std::optional<double> score;
};

Status ValidateCampaign(const Campaign& c, UnixMillis now);

// The state of a subject: its assessment's status, or overdue when not accepted by due_at.
BoardState StateOf(const std::optional<AssessmentStatus>& status, UnixMillis due_at, UnixMillis now);

struct BoardRow {
  CampaignSubject subject;
  BoardState state = BoardState::kNotStarted;
};

// Which rows a state filter selects, as a condition on the assessment's status that the store
// can evaluate: every row; the rows whose status is `status` ("" for no assessment); the rows not
// accepted; or none (a state no row can be in at this time, e.g. "draft" after the due date).
struct StatusFilter {
  enum class Mode { kAll, kStatus, kNotAccepted, kNone } mode = Mode::kAll;
  std::string status;
};
StatusFilter FilterFor(const std::optional<BoardState>& only, UnixMillis due_at, UnixMillis now);

// How many rows have each assessment status (nullopt: no assessment), as the store counts them.
using StatusCounts = std::vector<std::pair<std::optional<AssessmentStatus>, std::int64_t>>;

struct Board {
  std::array<std::int64_t, kBoardStates> counts{};  // by BoardState, over every visible row
  std::int64_t total = 0;
  bool counted = true;               // false: a later page of the regulator's board, without counts
  std::vector<BoardRow> rows;        // the page: rows after the cursor in the filter's state
  std::optional<std::int64_t> next;  // row id to pass as the next cursor
};

// The board from the store's counts and one page of rows (fetched with limit + 1 rows: a row
// beyond `limit` means there is a next page).
Board BuildBoard(const StatusCounts& counts, std::vector<CampaignSubject> page, int limit,
                 UnixMillis due_at, UnixMillis now);

}  // namespace qx::domain
