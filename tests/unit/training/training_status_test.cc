// Who is trained on a given day, and whether a rule's share is met: windows, recurrence, lapses,
// and the edges (exactly the share, empty audiences, month ends).
#include "qx/training/training_status.h"

#include <gtest/gtest.h>

namespace qx::training {
namespace {

Days D(std::string_view text) { return *ParseDate(text); }

domain::Course Yearly() { return {1, 7, "Phishing awareness", "", 12, 0}; }
domain::Course Once() { return {2, 7, "Induction", "", 0, 0}; }
domain::TrainingRule Rule(int percent, int months) { return {1, 7, "nis-g.2", 1, 1, percent, months}; }

TEST(TrainingStatusTest, ACompletionIsCurrentDueSoonOrLapsedByTheCoursesRecurrence) {
  const std::map<std::int64_t, Days> latest{{10, D("2025-12-01")}, {11, D("2025-12-31")}, {12, D("2026-11-15")}};
  const Days today = D("2026-12-01");
  EXPECT_EQ(StatusOf(Yearly(), 10, latest, today).state, TrainingState::kDueSoon);  // lapses today
  EXPECT_EQ(StatusOf(Yearly(), 10, latest, today + 1).state, TrainingState::kLapsed);
  EXPECT_EQ(StatusOf(Yearly(), 11, latest, today).state, TrainingState::kDueSoon);  // 30 days left
  EXPECT_EQ(StatusOf(Yearly(), 12, latest, today).state, TrainingState::kCurrent);
  EXPECT_EQ(StatusOf(Yearly(), 13, latest, today).state, TrainingState::kNever);
  EXPECT_EQ(*StatusOf(Yearly(), 11, latest, today).lapses_on, D("2026-12-31"));
  EXPECT_EQ(StatusOf(Once(), 10, latest, D("2040-01-01")).state, TrainingState::kCurrent);
  EXPECT_FALSE(StatusOf(Once(), 10, latest, today).lapses_on);
}

TEST(TrainingStatusTest, TheRuleCountsMembersTrainedInTheWindow) {
  // 10 members; 9 trained within 12 months of 2026-11-28, one 13 months ago.
  std::vector<std::int64_t> members;
  std::map<std::int64_t, Days> latest;
  for (int i = 0; i < 10; ++i) {
    members.push_back(i);
    latest[i] = D("2026-06-01");
  }
  latest[9] = D("2025-10-28");
  const Days today = D("2026-11-28");
  RuleResult r = Evaluate(Rule(90, 12), Once(), members, latest, today);
  EXPECT_EQ(r.members, 10);
  EXPECT_EQ(r.trained, 9);
  EXPECT_TRUE(r.met);  // exactly 90%
  EXPECT_DOUBLE_EQ(r.percent, 90.0);
  EXPECT_NE(r.detail.find("9 of 10 (90%)"), std::string::npos) << r.detail;
  EXPECT_FALSE(Evaluate(Rule(91, 12), Once(), members, latest, today).met);

  latest[9] = D("2025-11-28");  // exactly 12 months ago still counts
  EXPECT_EQ(Evaluate(Rule(100, 12), Once(), members, latest, today).trained, 10);
  latest[9] = D("2025-11-27");
  EXPECT_EQ(Evaluate(Rule(100, 12), Once(), members, latest, today).trained, 9);
}

TEST(TrainingStatusTest, ALapsedCompletionDoesNotCountEvenInsideTheWindow) {
  domain::Course quarterly = Yearly();
  quarterly.recurrence_months = 3;
  const std::map<std::int64_t, Days> latest{{1, D("2026-06-01")}, {2, D("2026-10-01")}};
  RuleResult r = Evaluate(Rule(50, 12), quarterly, {1, 2}, latest, D("2026-11-28"));
  EXPECT_EQ(r.trained, 1);
  EXPECT_TRUE(r.met);
}

TEST(TrainingStatusTest, AnEmptyAudienceNeverMeetsARule) {
  RuleResult r = Evaluate(Rule(1, 12), Once(), {}, {}, D("2026-11-28"));
  EXPECT_FALSE(r.met);
  EXPECT_EQ(r.members, 0);
  EXPECT_EQ(r.detail, "the audience has no active members");
}

}  // namespace
}  // namespace qx::training
