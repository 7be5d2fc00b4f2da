#include "qx/domain/incident_regime.h"

#include <gtest/gtest.h>

#include "qx/domain/authz.h"
#include "qx/domain/incident.h"

namespace qx::domain {
namespace {

constexpr std::int64_t kHour = 3'600'000;

UnixMillis At(const char* rfc3339) { return *ParseRfc3339(rfc3339); }

IncidentClock AwareAt(const char* t) {
  IncidentClock c;
  c.aware_at = At(t);
  return c;
}

TEST(IsoDurationTest, ParsesWhatStatutesUse) {
  EXPECT_EQ(ParseIsoDuration("PT24H")->millis, 24 * kHour);
  EXPECT_EQ(ParseIsoDuration("P1M")->months, 1);
  EXPECT_EQ(ParseIsoDuration("P1Y")->months, 12);
  EXPECT_EQ(ParseIsoDuration("P1DT12H")->millis, 36 * kHour);
  EXPECT_EQ(ParseIsoDuration("PT90M")->millis, 90 * 60'000);
  for (const char* bad : {"", "P", "PT", "24H", "PT24", "P1H", "PT1D", "P1M2", "PTH", "P-1D", "P9999999D"}) {
    EXPECT_FALSE(ParseIsoDuration(bad)) << bad;
  }
  for (const char* t : {"PT24H", "PT72H", "P1M", "P7D", "P1MT4H", "PT4H30M"}) {
    EXPECT_EQ(FormatIsoDuration(*ParseIsoDuration(t)), ParseIsoDuration(t).map(FormatIsoDuration).value());
    EXPECT_EQ(*ParseIsoDuration(FormatIsoDuration(*ParseIsoDuration(t))), *ParseIsoDuration(t)) << t;
  }
}

TEST(IsoDurationTest, OneMonthAfterTheEndOfJanuaryIsTheEndOfFebruary) {
  const auto month = *ParseIsoDuration("P1M");
  EXPECT_EQ(AddDuration(At("2026-01-31T15:30:00Z"), month), At("2026-02-28T15:30:00Z"));
  EXPECT_EQ(AddDuration(At("2028-01-31T15:30:00Z"), month), At("2028-02-29T15:30:00Z"));  // leap year
  EXPECT_EQ(AddDuration(At("2026-03-31T23:59:00Z"), month), At("2026-04-30T23:59:00Z"));
  EXPECT_EQ(AddDuration(At("2026-12-15T08:00:00Z"), month), At("2027-01-15T08:00:00Z"));
}

TEST(IsoDurationTest, HoursAcrossDaylightSavingChangesAreRealHours) {
  // Europe switches to summer time at 01:00 UTC on 29 March 2026 and back on 25 October: the
  // deadline is 24 real hours later, whatever a local wall clock shows in between.
  const auto day = *ParseIsoDuration("PT24H");
  EXPECT_EQ(AddDuration(At("2026-03-29T00:30:00Z"), day) - At("2026-03-29T00:30:00Z"), 24 * kHour);
  EXPECT_EQ(AddDuration(At("2026-03-28T23:30:00+01:00"), day), At("2026-03-29T22:30:00Z"));
  EXPECT_EQ(AddDuration(At("2026-10-24T12:00:00+03:00"), *ParseIsoDuration("PT72H")), At("2026-10-27T09:00:00Z"));
  // A month across the change keeps the UTC time of day.
  EXPECT_EQ(AddDuration(At("2026-03-15T10:00:00Z"), *ParseIsoDuration("P1M")), At("2026-04-15T10:00:00Z"));
}

TEST(RegimeTest, ShippedRegimesAreValid) {
  EXPECT_TRUE(ValidateRegime(Nis2Regime()));
  EXPECT_TRUE(ValidateRegime(DoraRegime()));
  EXPECT_TRUE(ValidateRegime(DefaultNationalRegime()));
  EXPECT_EQ(RegimeOfSector(DefaultRegimeMapping(), "finance"), "dora");
  EXPECT_EQ(RegimeOfSector(DefaultRegimeMapping(), "energy"), "nis2");
}

TEST(RegimeTest, RejectsBadDefinitions) {
  Regime r = DefaultNationalRegime();
  r.stages.push_back(r.stages.front());
  EXPECT_FALSE(ValidateRegime(r));  // duplicate key
  r = DefaultNationalRegime();
  r.stages.front().key = "Early Warning";
  EXPECT_FALSE(ValidateRegime(r));
  r = DefaultNationalRegime();
  r.stages.front().within = {};
  EXPECT_FALSE(ValidateRegime(r));
  r = DefaultNationalRegime();
  r.stages.back().anchor_stage = "nonexistent";
  EXPECT_FALSE(ValidateRegime(r));
  r = DefaultNationalRegime();
  r.id = "other";
  EXPECT_FALSE(ValidateRegime(r));
}

TEST(StageTest, Nis2EarlyWarningMovesFromDueToDueSoonToOverdue) {
  const Regime nis2 = Nis2Regime();
  const auto& ew = *FindStage(nis2, "early_warning");
  IncidentClock c = AwareAt("2026-11-28T10:00:00Z");
  auto t = EvaluateStage(nis2, ew, c, At("2026-11-28T11:00:00Z"), 0.25);
  EXPECT_EQ(t.state, StageState::kDue);
  EXPECT_EQ(*t.due_at, At("2026-11-29T10:00:00Z"));
  EXPECT_EQ(*t.due_soon_at, At("2026-11-29T04:00:00Z"));  // 25% of 24 h left
  EXPECT_EQ(EvaluateStage(nis2, ew, c, At("2026-11-29T03:59:59Z"), 0.25).state, StageState::kDue);
  EXPECT_EQ(EvaluateStage(nis2, ew, c, At("2026-11-29T04:00:00Z"), 0.25).state, StageState::kDueSoon);
  EXPECT_EQ(EvaluateStage(nis2, ew, c, At("2026-11-29T10:00:00Z"), 0.25).state, StageState::kDueSoon);
  EXPECT_EQ(EvaluateStage(nis2, ew, c, At("2026-11-29T10:00:01Z"), 0.25).state, StageState::kOverdue);
  EXPECT_EQ(EvaluateStage(nis2, ew, c, At("2026-11-28T11:00:00Z"), 0.5).due_soon_at, At("2026-11-28T22:00:00Z"));
}

TEST(StageTest, SubmissionsAreOnTimeOrLate) {
  const Regime nis2 = Nis2Regime();
  IncidentClock c = AwareAt("2026-11-28T10:00:00Z");
  c.submitted["early_warning"] = At("2026-11-29T10:00:00Z");
  c.submitted["notification"] = At("2026-12-01T10:00:01Z");
  const UnixMillis later = At("2027-06-01T00:00:00Z");
  EXPECT_EQ(EvaluateStage(nis2, *FindStage(nis2, "early_warning"), c, later, 0.25).state, StageState::kOnTime);
  EXPECT_EQ(EvaluateStage(nis2, *FindStage(nis2, "notification"), c, later, 0.25).state, StageState::kLate);
}

TEST(StageTest, FinalReportRunsFromTheNotificationAcrossMonthEnds) {
  const Regime nis2 = Nis2Regime();
  const auto& final_report = *FindStage(nis2, "final");
  IncidentClock c = AwareAt("2027-01-29T09:00:00Z");
  auto t = EvaluateStage(nis2, final_report, c, At("2027-01-30T00:00:00Z"), 0.25);
  EXPECT_EQ(t.state, StageState::kPending);  // no notification yet
  EXPECT_FALSE(t.due_at);
  c.submitted["notification"] = At("2027-01-31T18:00:00Z");
  t = EvaluateStage(nis2, final_report, c, At("2027-02-01T00:00:00Z"), 0.25);
  EXPECT_EQ(t.state, StageState::kDue);
  EXPECT_EQ(*t.due_at, At("2027-02-28T18:00:00Z"));
}

TEST(StageTest, OnRequestStagesWaitForTheRequest) {
  const Regime nis2 = Nis2Regime();
  const auto& intermediate = *FindStage(nis2, "intermediate");
  IncidentClock c = AwareAt("2026-11-28T10:00:00Z");
  EXPECT_EQ(EvaluateStage(nis2, intermediate, c, At("2026-12-10T00:00:00Z"), 0.25).state, StageState::kNotRequested);
  c.requested["intermediate"] = At("2026-12-01T00:00:00Z");
  auto t = EvaluateStage(nis2, intermediate, c, At("2026-12-10T00:00:00Z"), 0.25);
  EXPECT_EQ(t.state, StageState::kOverdue);
  EXPECT_EQ(*t.due_at, At("2026-12-08T00:00:00Z"));
}

TEST(StageTest, DoraInitialIsFourHoursFromClassificationCappedAt24HoursFromAwareness) {
  const Regime dora = DoraRegime();
  const auto& initial = *FindStage(dora, "initial");
  IncidentClock c = AwareAt("2026-11-28T10:00:00Z");
  // Not classified yet: the outer bound already runs.
  auto t = EvaluateStage(dora, initial, c, At("2026-11-28T11:00:00Z"), 0.25);
  EXPECT_EQ(t.state, StageState::kDue);
  EXPECT_EQ(*t.due_at, At("2026-11-29T10:00:00Z"));
  c.classified_at = At("2026-11-28T12:00:00Z");
  EXPECT_EQ(*EvaluateStage(dora, initial, c, At("2026-11-28T13:00:00Z"), 0.25).due_at, At("2026-11-28T16:00:00Z"));
  c.classified_at = At("2026-11-29T08:00:00Z");  // late classification: the 24 h bound wins
  EXPECT_EQ(*EvaluateStage(dora, initial, c, At("2026-11-29T09:00:00Z"), 0.25).due_at, At("2026-11-29T10:00:00Z"));
  // The intermediate report runs from the initial notification, the final from the intermediate.
  c.submitted["initial"] = At("2026-11-29T09:00:00Z");
  EXPECT_EQ(*EvaluateStage(dora, *FindStage(dora, "intermediate"), c, 0, 0.25).due_at, At("2026-12-02T09:00:00Z"));
  c.submitted["intermediate"] = At("2026-12-31T09:00:00Z");
  EXPECT_EQ(*EvaluateStage(dora, *FindStage(dora, "final"), c, 0, 0.25).due_at, At("2027-01-31T09:00:00Z"));
}

TEST(StageTest, NextDueAtIsTheEarliestOpenDeadline) {
  const Regime nis2 = Nis2Regime();
  IncidentClock c = AwareAt("2026-11-28T10:00:00Z");
  EXPECT_EQ(NextDueAt(nis2, c), At("2026-11-29T10:00:00Z"));
  c.submitted["early_warning"] = At("2026-11-28T12:00:00Z");
  EXPECT_EQ(NextDueAt(nis2, c), At("2026-12-01T10:00:00Z"));
  c.submitted["notification"] = At("2026-11-30T12:00:00Z");
  EXPECT_EQ(NextDueAt(nis2, c), At("2026-12-30T12:00:00Z"));
  c.submitted["final"] = At("2026-12-20T12:00:00Z");
  EXPECT_FALSE(NextDueAt(nis2, c));
}

TEST(IncidentTest, IndicatorsAreCheckedAndTurnedIntoPatterns) {
  EXPECT_TRUE(ValidateIndicator({"ipv4-addr", "198.51.100.7"}));
  EXPECT_FALSE(ValidateIndicator({"ipv4-addr", "198.51.100.256"}));
  EXPECT_FALSE(ValidateIndicator({"ipv4-addr", "198.51.100"}));
  EXPECT_TRUE(ValidateIndicator({"domain-name", "evil.example"}));
  EXPECT_FALSE(ValidateIndicator({"domain-name", "evil example"}));
  EXPECT_TRUE(ValidateIndicator({"file:sha256", std::string(64, 'a')}));
  EXPECT_FALSE(ValidateIndicator({"file:sha256", std::string(63, 'a')}));
  EXPECT_FALSE(ValidateIndicator({"mutex", "x"}));
  EXPECT_EQ(StixPatternOf({"ipv4-addr", "198.51.100.7"}), "[ipv4-addr:value = '198.51.100.7']");
  EXPECT_EQ(StixPatternOf({"file:md5", std::string(32, 'b')}), "[file:hashes.MD5 = '" + std::string(32, 'b') + "']");
  EXPECT_EQ(StixPatternOf({"url", "https://x.example/a'b"}), "[url:value = 'https://x.example/a\\'b']");
}

TEST(IncidentTest, TimesMayNotLieInTheFuture) {
  Incident i;
  i.title = "t";
  i.description = "d";
  i.object_ids = {1};
  i.aware_at = At("2026-11-28T10:00:00Z");
  EXPECT_TRUE(ValidateIncident(i, i.aware_at));
  EXPECT_FALSE(ValidateIncident(i, i.aware_at - 1));
  i.classified_at = i.aware_at - 1;
  EXPECT_FALSE(ValidateIncident(i, i.aware_at));
  i.classified_at.reset();
  i.object_ids = {1, 1};
  EXPECT_FALSE(ValidateIncident(i, i.aware_at));
}

TEST(IncidentAuthzTest, OperatorsReportTheCertTriages) {
  const Subject op{3, OrgKind::kOperator, Role::kAnalyst, 7, std::nullopt};
  const Subject cert{2, OrgKind::kCert, Role::kAnalyst, 8, std::nullopt};
  const Subject reg{1, OrgKind::kRegulator, Role::kOfficer, 9, std::nullopt};
  EXPECT_TRUE(Allowed(op, Action::kIncidentReport, 3));
  EXPECT_FALSE(Allowed(op, Action::kIncidentReport, 5));
  EXPECT_FALSE(Allowed(op, Action::kIncidentRead, 5));
  EXPECT_FALSE(Allowed(op, Action::kIncidentTriage, 3));
  EXPECT_TRUE(Allowed(cert, Action::kIncidentRead, 3));
  EXPECT_TRUE(Allowed(cert, Action::kIncidentTriage, 3));
  EXPECT_FALSE(Allowed(cert, Action::kIncidentReport, 2));
  EXPECT_TRUE(Allowed(reg, Action::kIncidentRead, -1));
  EXPECT_FALSE(Allowed(reg, Action::kIncidentTriage, 3));
  EXPECT_FALSE(Allowed(reg, Action::kIncidentDeliveries, -1));
}

}  // namespace
}  // namespace qx::domain
