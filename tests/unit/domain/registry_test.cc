#include "qx/domain/registry.h"

#include <gtest/gtest.h>

#include "qx/domain/authz.h"

namespace qx::domain {
namespace {

Answers With(Criterion c, std::int64_t v) {
  Answers a{};
  a[static_cast<size_t>(c)] = v;
  return a;
}

TEST(CategoriseTest, NothingReachedIsNoCategory) {
  const auto r = Categorise(Answers{}, DefaultThresholds());
  EXPECT_FALSE(r.category);
  for (const auto& c : r.by_criterion) EXPECT_FALSE(c);
}

TEST(CategoriseTest, EachThresholdIsInclusive) {
  const Thresholds t = DefaultThresholds();
  EXPECT_EQ(Categorise(With(Criterion::kPeople, 499), t).category, std::nullopt);
  EXPECT_EQ(Categorise(With(Criterion::kPeople, 500), t).category, 3);
  EXPECT_EQ(Categorise(With(Criterion::kPeople, 5000), t).category, 2);
  EXPECT_EQ(Categorise(With(Criterion::kPeople, 50000), t).category, 1);
}

TEST(CategoriseTest, TheHighestCriterionWins) {
  Answers a{};
  a[static_cast<size_t>(Criterion::kPeople)] = 600;            // category 3
  a[static_cast<size_t>(Criterion::kDefence)] = 2;             // category 2
  a[static_cast<size_t>(Criterion::kDependentCii)] = 1;        // category 3
  const auto r = Categorise(a, DefaultThresholds());
  EXPECT_EQ(r.category, 2);
  EXPECT_EQ(r.by_criterion[static_cast<size_t>(Criterion::kPeople)], 3);
  EXPECT_EQ(r.by_criterion[static_cast<size_t>(Criterion::kDefence)], 2);
  EXPECT_EQ(r.by_criterion[static_cast<size_t>(Criterion::kEconomy)], std::nullopt);
}

TEST(CategoriseTest, TheRegulatorsThresholdsApply) {
  Thresholds t = DefaultThresholds();
  t.min_for_category[static_cast<size_t>(Criterion::kEconomy)] = {100, 10, 1};
  EXPECT_EQ(Categorise(With(Criterion::kEconomy, 100), t).category, 1);
  EXPECT_EQ(Categorise(With(Criterion::kEconomy, 100), DefaultThresholds()).category, std::nullopt);
}

TEST(ThresholdsTest, MustBeOrderedAndPositive) {
  EXPECT_TRUE(ValidateThresholds(DefaultThresholds()));
  Thresholds t = DefaultThresholds();
  t.min_for_category[0] = {10, 100, 1};
  EXPECT_FALSE(ValidateThresholds(t));
  t.min_for_category[0] = {10, 5, 0};
  EXPECT_FALSE(ValidateThresholds(t));
}

TEST(AnswersTest, LevelsAreZeroToThreeAndNothingIsNegative) {
  EXPECT_TRUE(ValidateAnswers(With(Criterion::kDefence, 3)));
  EXPECT_FALSE(ValidateAnswers(With(Criterion::kDefence, 4)));
  EXPECT_FALSE(ValidateAnswers(With(Criterion::kPeople, -1)));
}

TEST(ObjectTest, ValidatesFieldsAndDependencies) {
  CiiObject o;
  o.id = 7;
  o.name = "SCADA Baku";
  o.sector = "oil_and_gas";
  EXPECT_TRUE(ValidateObject(o));
  o.sector = "piracy";
  EXPECT_FALSE(ValidateObject(o));
  o.sector = "energy";
  o.depends_on = {7};
  EXPECT_FALSE(ValidateObject(o));
  o.depends_on = {3, 3};
  EXPECT_FALSE(ValidateObject(o));
  o.depends_on = {};
  o.name = "bad\x01name";
  EXPECT_FALSE(ValidateObject(o));
  o.name = "";
  EXPECT_FALSE(ValidateObject(o));
}

TEST(OtArchitectureTest, ConduitsJoinKnownDifferentZones) {
  OtArchitecture ot{{{"control", 3, ""}, {"dmz", 2, ""}}, {{"c1", "control", "dmz", ""}}};
  EXPECT_TRUE(ValidateOtArchitecture(ot));
  ot.conduits[0].to_zone = "office";
  EXPECT_FALSE(ValidateOtArchitecture(ot));
  ot.conduits[0].to_zone = "control";
  EXPECT_FALSE(ValidateOtArchitecture(ot));
  ot.conduits.clear();
  ot.zones[1].target_sl = 5;
  EXPECT_FALSE(ValidateOtArchitecture(ot));
  ot.zones[1] = {"control", 2, ""};
  EXPECT_FALSE(ValidateOtArchitecture(ot));  // named twice
}

TEST(DeclarationTest, NeedsServicesAndKnownSectors) {
  ProviderDeclaration d;
  EXPECT_FALSE(ValidateDeclaration(d));
  d.services = {"penetration testing"};
  d.sectors = {"finance"};
  EXPECT_TRUE(ValidateDeclaration(d));
  d.sectors = {"finance", "moon"};
  EXPECT_FALSE(ValidateDeclaration(d));
}

TEST(ConformityTest, FollowsTheAcceptedScore) {
  EXPECT_EQ(ConformityOf(std::nullopt), Conformity::kNotAssessed);
  EXPECT_EQ(ConformityOf(1.0), Conformity::kConformant);
  EXPECT_EQ(ConformityOf(0.75), Conformity::kPartiallyConformant);
}

Subject Of(OrgId org, OrgKind kind, Role role) { return Subject{org, kind, role, 1, {}}; }

TEST(RegistryAuthzTest, OperatorsKeepToTheirOwnRegistryAndAssessments) {
  const Subject admin = Of(3, OrgKind::kOperator, Role::kAdmin);
  for (Action a : {Action::kRegistryRead, Action::kRegistryWrite, Action::kAssessmentRead,
                   Action::kAssessmentCreate, Action::kAssessmentRespond, Action::kPostureRead}) {
    EXPECT_TRUE(Allowed(admin, a, 3)) << static_cast<int>(a);
    EXPECT_FALSE(Allowed(admin, a, 5)) << static_cast<int>(a);
  }
  EXPECT_FALSE(Allowed(admin, Action::kAssessmentReview, 3));
  EXPECT_FALSE(Allowed(admin, Action::kCategorisationDecide, 3));
  EXPECT_FALSE(Allowed(admin, Action::kPostureRead, -1));
  EXPECT_FALSE(Allowed(Of(3, OrgKind::kOperator, Role::kStaff), Action::kAssessmentRespond, 3));
  EXPECT_TRUE(Allowed(Of(3, OrgKind::kOperator, Role::kAnalyst), Action::kAssessmentRespond, 3));
  EXPECT_TRUE(Allowed(Of(3, OrgKind::kOperator, Role::kMachine), Action::kObservationWrite, 3));
  EXPECT_FALSE(Allowed(Of(3, OrgKind::kOperator, Role::kMachine), Action::kObservationWrite, 5));
}

TEST(RegistryAuthzTest, TheRegulatorReviewsButDoesNotAnswer) {
  const Subject officer = Of(1, OrgKind::kRegulator, Role::kOfficer);
  EXPECT_TRUE(Allowed(officer, Action::kAssessmentRead, 3));
  EXPECT_TRUE(Allowed(officer, Action::kAssessmentReview, 3));
  EXPECT_TRUE(Allowed(officer, Action::kCategorisationDecide, 3));
  EXPECT_TRUE(Allowed(officer, Action::kPostureRead, -1));
  EXPECT_FALSE(Allowed(officer, Action::kAssessmentRespond, 3));
  EXPECT_FALSE(Allowed(Of(1, OrgKind::kRegulator, Role::kMachine), Action::kAssessmentRead, 3));
  EXPECT_FALSE(Allowed(Of(2, OrgKind::kCert, Role::kAdmin), Action::kRegistryRead, 3));
  EXPECT_TRUE(Allowed(Of(4, OrgKind::kProvider, Role::kAdmin), Action::kProviderDeclare, 4));
  EXPECT_FALSE(Allowed(Of(3, OrgKind::kOperator, Role::kAdmin), Action::kProviderDeclare, 3));
}

}  // namespace
}  // namespace qx::domain
