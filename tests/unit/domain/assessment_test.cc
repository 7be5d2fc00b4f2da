#include "qx/domain/assessment.h"

#include <gtest/gtest.h>

namespace qx::domain {
namespace {

using S = AssessmentStatus;
using F = FlowAction;

TEST(FlowTest, TheHappyPathAndTheWayBack) {
  EXPECT_EQ(*Transition(S::kDraft, F::kSubmit), S::kSubmitted);
  EXPECT_EQ(*Transition(S::kSubmitted, F::kStartReview), S::kInReview);
  EXPECT_EQ(*Transition(S::kInReview, F::kAccept), S::kAccepted);
  EXPECT_EQ(*Transition(S::kInReview, F::kRequestChanges), S::kChangesRequested);
  EXPECT_EQ(*Transition(S::kChangesRequested, F::kReopen), S::kDraft);
}

TEST(FlowTest, EverythingElseIsAConflict) {
  int allowed = 0;
  for (S from : {S::kDraft, S::kSubmitted, S::kInReview, S::kAccepted, S::kChangesRequested}) {
    for (F a : {F::kSubmit, F::kStartReview, F::kAccept, F::kRequestChanges, F::kReopen}) {
      auto to = Transition(from, a);
      if (to) {
        ++allowed;
      } else {
        EXPECT_EQ(to.error().code, ErrorCode::kConflict);
      }
    }
  }
  EXPECT_EQ(allowed, 5);
  EXPECT_EQ(SideOf(F::kSubmit), FlowSide::kOwner);
  EXPECT_EQ(SideOf(F::kReopen), FlowSide::kOwner);
  EXPECT_EQ(SideOf(F::kAccept), FlowSide::kRegulator);
}

TEST(FlowTest, OnlyADraftThatWasNotUpgradedIsEditable) {
  Assessment a;
  EXPECT_TRUE(OwnerMayEdit(a));
  a.status = S::kSubmitted;
  EXPECT_FALSE(OwnerMayEdit(a));
  a.status = S::kChangesRequested;
  EXPECT_FALSE(OwnerMayEdit(a));
  a.status = S::kDraft;
  a.superseded_by = 9;
  EXPECT_FALSE(OwnerMayEdit(a));
}

AssessmentItem Item(std::string id, ItemResult r, std::int64_t catalog = 1) {
  AssessmentItem i;
  i.catalog_id = catalog;
  i.control_id = std::move(id);
  i.result = r;
  return i;
}

TEST(SubmitTest, ListsWhatIsNotReady) {
  std::vector<AssessmentItem> items = {Item("a", ItemResult::kCompliant),
                                       Item("b", ItemResult::kUnanswered),
                                       Item("c", ItemResult::kNotApplicable),
                                       Item("d", ItemResult::kNonCompliant),
                                       Item("e", ItemResult::kPartial)};
  auto problems = SubmitProblems(items, {{1, "e"}});
  ASSERT_EQ(problems.size(), 3u);
  EXPECT_EQ(problems[0].control_id, "b");
  EXPECT_EQ(problems[1].control_id, "c");
  EXPECT_EQ(problems[2].control_id, "d");
  items[1].result = ItemResult::kCompliant;
  items[2].justification = "no such system";
  EXPECT_TRUE(SubmitProblems(items, {{1, "d"}, {1, "e"}}).empty());
}

TEST(AnswerTest, NotApplicableNeedsAJustification) {
  EXPECT_FALSE(ValidateAnswer(ItemResult::kNotApplicable, "  ", ""));
  EXPECT_TRUE(ValidateAnswer(ItemResult::kNotApplicable, "no OT here", ""));
  EXPECT_TRUE(ValidateAnswer(ItemResult::kCompliant, "", "multi\nline"));
}

TEST(ScoreTest, PartialCountsHalfAndNotApplicableIsLeftOut) {
  const auto s = ComputeScore({{"a", ItemResult::kCompliant, 0, 0},
                               {"b", ItemResult::kPartial, 0, 0},
                               {"c", ItemResult::kNonCompliant, 0, 0},
                               {"d", ItemResult::kNotApplicable, 0, 0}},
                              ScoreWeights{});
  ASSERT_TRUE(s.value);
  EXPECT_DOUBLE_EQ(*s.value, 1.5 / 3);
  EXPECT_EQ(s.not_applicable, 1);
}

TEST(ScoreTest, WeightsAreConfigurable) {
  ScoreWeights w;
  w.partial = 0.25;
  w.requirement = {{"a", 3}, {"c", 0}};
  const auto s = ComputeScore({{"a", ItemResult::kCompliant, 0, 0},
                               {"b", ItemResult::kPartial, 0, 0},
                               {"c", ItemResult::kNonCompliant, 0, 0}},
                              w);
  EXPECT_DOUBLE_EQ(*s.value, (3 + 0.25) / 4);
}

TEST(ScoreTest, NothingApplicableHasNoScore) {
  EXPECT_FALSE(ComputeScore({{"a", ItemResult::kNotApplicable, 0, 0}}, {}).value);
  EXPECT_FALSE(ComputeScore({}, {}).value);
}

TEST(ScoreTest, ExpiredEvidenceStopsCounting) {
  const auto lapsed = ComputeScore({{"a", ItemResult::kCompliant, 2, 0},
                                    {"b", ItemResult::kCompliant, 1, 1}},
                                   {});
  EXPECT_DOUBLE_EQ(*lapsed.value, 0.5);
  EXPECT_EQ(lapsed.stale, 1);
  ScoreWeights strict;
  strict.evidence_required = true;
  EXPECT_DOUBLE_EQ(*ComputeScore({{"a", ItemResult::kCompliant, 0, 0}}, strict).value, 0);
  EXPECT_DOUBLE_EQ(*ComputeScore({{"a", ItemResult::kCompliant, 0, 0}}, {}).value, 1);
}

TEST(WeightsTest, Validated) {
  ScoreWeights w;
  EXPECT_TRUE(ValidateWeights(w));
  w.partial = 1.5;
  EXPECT_FALSE(ValidateWeights(w));
  w.partial = 0.5;
  w.requirement[""] = 1;
  EXPECT_FALSE(ValidateWeights(w));
}

TEST(EvidenceTest, InForceBetweenEffectiveAndExpiry) {
  EvidenceRecord e;
  e.effective_at = 100;
  e.expires_at = 200;
  EXPECT_FALSE(InForce(e, 99));
  EXPECT_TRUE(InForce(e, 100));
  EXPECT_TRUE(InForce(e, 199));
  EXPECT_FALSE(InForce(e, 200));
  e.expires_at.reset();
  EXPECT_TRUE(InForce(e, 1'000'000));
}

TEST(ApplicabilityTest, SectorCategoryAndSecurityLevel) {
  RequirementRow row;
  EXPECT_TRUE(Applies(row, {"finance", 2, std::nullopt}));
  row.sectors = {"oil_and_gas", "energy"};
  EXPECT_FALSE(Applies(row, {"finance", 2, std::nullopt}));
  EXPECT_TRUE(Applies(row, {"energy", 2, std::nullopt}));
  EXPECT_TRUE(Applies(row, {"", 2, std::nullopt}));  // providers: every sector
  row.categories = {1};
  EXPECT_FALSE(Applies(row, {"energy", 2, std::nullopt}));
  EXPECT_TRUE(Applies(row, {"energy", std::nullopt, std::nullopt}));
  row.categories = {};
  row.min_security_level = 3;
  EXPECT_FALSE(Applies(row, {"energy", 1, std::nullopt}));
  EXPECT_FALSE(Applies(row, {"energy", 1, 2}));
  EXPECT_TRUE(Applies(row, {"energy", 1, 3}));
}

TEST(CarryForwardTest, UnchangedKeepTheirAnswersChangedAndNewAreFlagged) {
  auto answered = [](std::string id, ItemResult r, std::int64_t catalog) {
    AssessmentItem i = Item(std::move(id), r, catalog);
    i.comment = "note " + i.control_id;
    i.justification = r == ItemResult::kNotApplicable ? "why" : "";
    return i;
  };
  const std::vector<AssessmentItem> old_items = {
      answered("a", ItemResult::kCompliant, 10), answered("b", ItemResult::kPartial, 10),
      answered("gone", ItemResult::kCompliant, 10), answered("s1", ItemResult::kNotApplicable, 77)};
  const std::vector<AssessmentItem> fresh = {Item("a", ItemResult::kUnanswered, 11),
                                             Item("b", ItemResult::kUnanswered, 11),
                                             Item("new", ItemResult::kUnanswered, 11),
                                             Item("s1", ItemResult::kUnanswered, 77)};
  const auto out = CarryForward(old_items, 10, fresh, 11, {"b", "s1"});
  ASSERT_EQ(out.size(), 4u);
  EXPECT_EQ(out[0].result, ItemResult::kCompliant);
  EXPECT_EQ(out[0].flag, ItemFlag::kNone);
  EXPECT_EQ(out[0].comment, "note a");
  EXPECT_EQ(out[1].result, ItemResult::kUnanswered);
  EXPECT_EQ(out[1].flag, ItemFlag::kChanged);
  EXPECT_EQ(out[1].previous_result, "partial");
  EXPECT_EQ(out[2].flag, ItemFlag::kNew);
  // Special requirements are not in the profile diff: carried as they are.
  EXPECT_EQ(out[3].result, ItemResult::kNotApplicable);
  EXPECT_EQ(out[3].justification, "why");
  EXPECT_EQ(out[3].flag, ItemFlag::kNone);
}

TEST(RemediationTest, NeedsActionOwnerAndDueDate) {
  RemediationAction r;
  r.action = "patch the HMI";
  r.owner = "OT lead";
  EXPECT_FALSE(ValidateRemediation(r));
  r.due_at = 1000;
  EXPECT_TRUE(ValidateRemediation(r));
  r.owner = "";
  EXPECT_FALSE(ValidateRemediation(r));
}

}  // namespace
}  // namespace qx::domain
