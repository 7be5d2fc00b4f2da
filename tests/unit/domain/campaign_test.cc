#include "qx/domain/campaign.h"

#include <gtest/gtest.h>

namespace qx::domain {
namespace {

constexpr UnixMillis kDue = 1000;

CampaignSubject Row(std::int64_t id, std::optional<AssessmentStatus> status) {
  CampaignSubject s;
  s.id = id;
  s.subject_id = id * 10;
  s.status = status;
  return s;
}

TEST(CampaignStateTest, FollowsTheAssessmentUntilTheDueDateThenOnlyAcceptedIsNotOverdue) {
  EXPECT_EQ(StateOf(std::nullopt, kDue, 10), BoardState::kNotStarted);
  EXPECT_EQ(StateOf(AssessmentStatus::kDraft, kDue, 10), BoardState::kDraft);
  EXPECT_EQ(StateOf(AssessmentStatus::kSubmitted, kDue, 10), BoardState::kSubmitted);
  EXPECT_EQ(StateOf(AssessmentStatus::kInReview, kDue, 10), BoardState::kInReview);
  EXPECT_EQ(StateOf(AssessmentStatus::kChangesRequested, kDue, 10), BoardState::kChangesRequested);
  EXPECT_EQ(StateOf(AssessmentStatus::kAccepted, kDue, 10), BoardState::kAccepted);
  // On the due date itself it is not yet late.
  EXPECT_EQ(StateOf(AssessmentStatus::kDraft, kDue, kDue), BoardState::kDraft);
  EXPECT_EQ(StateOf(AssessmentStatus::kSubmitted, kDue, kDue + 1), BoardState::kOverdue);
  EXPECT_EQ(StateOf(std::nullopt, kDue, kDue + 1), BoardState::kOverdue);
  EXPECT_EQ(StateOf(AssessmentStatus::kAccepted, kDue, kDue + 1), BoardState::kAccepted);
}

TEST(CampaignStateTest, NamesRoundTrip) {
  for (int i = 0; i < kBoardStates; ++i) {
    const auto s = static_cast<BoardState>(i);
    EXPECT_EQ(ParseBoardState(Name(s)), s);
  }
  EXPECT_FALSE(ParseBoardState("late"));
}

TEST(CampaignBoardTest, CountsByStateAndEndsThePageAtTheLimit) {
  const StatusCounts counts = {{std::nullopt, 1}, {AssessmentStatus::kDraft, 3}, {AssessmentStatus::kSubmitted, 1},
                               {AssessmentStatus::kAccepted, 2}};
  auto board = BuildBoard(counts, {Row(1, AssessmentStatus::kDraft), Row(2, std::nullopt), Row(4, AssessmentStatus::kDraft)},
                          2, kDue, 10);
  EXPECT_EQ(board.total, 7);
  EXPECT_EQ(board.counts[static_cast<int>(BoardState::kDraft)], 3);
  EXPECT_EQ(board.counts[static_cast<int>(BoardState::kNotStarted)], 1);
  EXPECT_EQ(board.counts[static_cast<int>(BoardState::kSubmitted)], 1);
  EXPECT_EQ(board.counts[static_cast<int>(BoardState::kAccepted)], 2);
  ASSERT_EQ(board.rows.size(), 2u);  // the third row only proves a next page
  EXPECT_EQ(board.rows[1].subject.id, 2);
  EXPECT_EQ(board.rows[1].state, BoardState::kNotStarted);
  ASSERT_TRUE(board.next);
  EXPECT_EQ(*board.next, 2);

  auto last = BuildBoard(counts, {Row(4, AssessmentStatus::kDraft)}, 2, kDue, 10);
  EXPECT_FALSE(last.next);

  // After the due date everything not accepted counts, and shows, as overdue.
  auto late = BuildBoard(counts, {Row(1, AssessmentStatus::kDraft)}, 10, kDue, kDue + 1);
  EXPECT_EQ(late.counts[static_cast<int>(BoardState::kOverdue)], 5);
  EXPECT_EQ(late.counts[static_cast<int>(BoardState::kAccepted)], 2);
  EXPECT_EQ(late.rows[0].state, BoardState::kOverdue);
}

TEST(CampaignBoardTest, AStateFilterBecomesAConditionOnTheStatus) {
  using Mode = StatusFilter::Mode;
  EXPECT_EQ(FilterFor(std::nullopt, kDue, 10).mode, Mode::kAll);
  auto draft = FilterFor(BoardState::kDraft, kDue, 10);
  EXPECT_EQ(draft.mode, Mode::kStatus);
  EXPECT_EQ(draft.status, "draft");
  auto none = FilterFor(BoardState::kNotStarted, kDue, 10);
  EXPECT_EQ(none.mode, Mode::kStatus);
  EXPECT_EQ(none.status, "");
  EXPECT_EQ(FilterFor(BoardState::kOverdue, kDue, 10).mode, Mode::kNone);  // not yet due
  EXPECT_EQ(FilterFor(BoardState::kOverdue, kDue, kDue + 1).mode, Mode::kNotAccepted);
  EXPECT_EQ(FilterFor(BoardState::kDraft, kDue, kDue + 1).mode, Mode::kNone);  // drafts are overdue now
  EXPECT_EQ(FilterFor(BoardState::kAccepted, kDue, kDue + 1).status, "accepted");
}

TEST(CampaignValidationTest, NeedsANameAProfileAFutureDueDateAndASectorForACategory) {
  Campaign c;
  c.name = "2027 energy inspection";
  c.profile = {4, 1};
  c.due_at = 2000;
  EXPECT_TRUE(ValidateCampaign(c, 1000));
  EXPECT_EQ(ValidateCampaign(c, 2000).error().code, ErrorCode::kInvalidArgument);
  c.category = 2;
  EXPECT_FALSE(ValidateCampaign(c, 1000));
  c.sector = "energy";
  EXPECT_TRUE(ValidateCampaign(c, 1000));
  c.category = 7;
  EXPECT_FALSE(ValidateCampaign(c, 1000));
  c.category.reset();
  c.name.clear();
  EXPECT_FALSE(ValidateCampaign(c, 1000));
  c.name = "x";
  c.profile.catalog_id = 0;
  EXPECT_FALSE(ValidateCampaign(c, 1000));
}

}  // namespace
}  // namespace qx::domain
