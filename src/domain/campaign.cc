#include "qx/domain/campaign.h"

#include <algorithm>

namespace qx::domain {
namespace {

constexpr std::array<std::string_view, kBoardStates> kStateNames = {
    "not_started", "draft", "submitted", "in_review", "accepted", "changes_requested", "overdue"};

}  // namespace

std::string_view Name(BoardState v) { return kStateNames[static_cast<size_t>(v)]; }

std::optional<BoardState> ParseBoardState(std::string_view t) {
  for (size_t i = 0; i < kStateNames.size(); ++i) {
    if (kStateNames[i] == t) return static_cast<BoardState>(i);
  }
  return std::nullopt;
}

Status ValidateCampaign(const Campaign& c, UnixMillis now) {
  if (c.name.empty() || c.name.size() > 200) {
    return MakeError(ErrorCode::kInvalidArgument, "name is required (at most 200 bytes)");
  }
  if (c.description.size() > 4000) {
    return MakeError(ErrorCode::kInvalidArgument, "description is at most 4000 bytes");
  }
  if (c.profile.catalog_id <= 0) return MakeError(ErrorCode::kInvalidArgument, "profile_id is required");
  if (c.due_at <= now) return MakeError(ErrorCode::kInvalidArgument, "due_at must be in the future");
  if (c.category && (*c.category < 0 || *c.category > 3)) {
    return MakeError(ErrorCode::kInvalidArgument, "category must be 0 (uncategorised) to 3");
  }
  if (c.category && c.sector.empty()) {
    return MakeError(ErrorCode::kInvalidArgument, "a category selects within a sector: name the sector");
  }
  return Ok();
}

BoardState StateOf(const std::optional<AssessmentStatus>& status, UnixMillis due_at, UnixMillis now) {
  if (status == AssessmentStatus::kAccepted) return BoardState::kAccepted;
  if (now > due_at) return BoardState::kOverdue;
  if (!status) return BoardState::kNotStarted;
  switch (*status) {
    case AssessmentStatus::kDraft: return BoardState::kDraft;
    case AssessmentStatus::kSubmitted: return BoardState::kSubmitted;
    case AssessmentStatus::kInReview: return BoardState::kInReview;
    case AssessmentStatus::kChangesRequested: return BoardState::kChangesRequested;
    case AssessmentStatus::kAccepted: break;
  }
  return BoardState::kAccepted;
}

StatusFilter FilterFor(const std::optional<BoardState>& only, UnixMillis due_at, UnixMillis now) {
  using Mode = StatusFilter::Mode;
  if (!only) return {Mode::kAll, ""};
  const bool late = now > due_at;
  switch (*only) {
    case BoardState::kAccepted: return {Mode::kStatus, "accepted"};
    case BoardState::kOverdue: return late ? StatusFilter{Mode::kNotAccepted, ""} : StatusFilter{Mode::kNone, ""};
    case BoardState::kNotStarted: return late ? StatusFilter{Mode::kNone, ""} : StatusFilter{Mode::kStatus, ""};
    case BoardState::kDraft:
    case BoardState::kSubmitted:
    case BoardState::kInReview:
    case BoardState::kChangesRequested:
      if (late) return {Mode::kNone, ""};
      return {Mode::kStatus, std::string(Name(*only))};
  }
  return {Mode::kNone, ""};
}

Board BuildBoard(const StatusCounts& counts, std::vector<CampaignSubject> page, int limit,
                 UnixMillis due_at, UnixMillis now) {
  Board board;
  for (const auto& [status, n] : counts) {
    board.counts[static_cast<size_t>(StateOf(status, due_at, now))] += n;
    board.total += n;
  }
  limit = std::max(limit, 1);
  if (static_cast<int>(page.size()) > limit) {
    page.resize(static_cast<size_t>(limit));
    board.next = page.back().id;
  }
  board.rows.reserve(page.size());
  for (auto& s : page) {
    const BoardState state = StateOf(s.status, due_at, now);
    board.rows.push_back({std::move(s), state});
  }
  return board;
}

}  // namespace qx::domain
