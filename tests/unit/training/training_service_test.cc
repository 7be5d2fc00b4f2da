// TrainingService on a real SQLite store with an injected clock: all-or-nothing completions,
// organisations kept apart, rules evaluated on the day, and every change audited.
#include "qx/training/training_service.h"

#include <gtest/gtest.h>

#include <filesystem>

#include "qx/identity/directory_service.h"
#include "qx/store_sqlite/sqlite_database.h"

namespace qx::training {
namespace {

using identity::Actor;

class TrainingServiceTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(crypto::InitCrypto());
    path_ = std::filesystem::temp_directory_path() /
            ("qx-training-" + std::to_string(::getpid()) + "-" +
             ::testing::UnitTest::GetInstance()->current_test_info()->name() + ".db");
    std::filesystem::remove(path_);
    db_ = std::move(*store::sqlite::OpenSqliteDatabase({path_.string(), 2}));
    ASSERT_TRUE(db_->Migrate());
    identity::DirectoryService directory(*db_, clock_, crypto::PasswordCost::kMinimal);
    for (const char* name : {"Refinery", "Bank"}) {
      domain::Organisation org{0, name, domain::OrgKind::kOperator, "energy", 0};
      orgs_.push_back(directory.CreateOrganisation(Actor::System(), org)->id);
    }
    service_ = std::make_unique<TrainingService>(*db_, clock_);
  }
  void TearDown() override { std::filesystem::remove(path_); }

  Actor Officer(domain::OrgId org) {
    return Actor::Of({domain::Subject{org, domain::OrgKind::kOperator, domain::Role::kOfficer, 1, std::nullopt},
                      {}, std::nullopt, "user:1", ""});
  }
  std::int64_t Staff(domain::OrgId org, std::string ref) {
    auto s = service_->AddStaff(Officer(org), {0, org, ref, "Person " + ref, "", true});
    EXPECT_TRUE(s) << s.error().message;
    return s ? s->id : 0;
  }

  ManualClock clock_{*ParseRfc3339("2026-11-28T10:00:00Z")};
  std::filesystem::path path_;
  std::unique_ptr<store::Database> db_;
  std::vector<domain::OrgId> orgs_;
  std::unique_ptr<TrainingService> service_;
};

TEST_F(TrainingServiceTest, ARuleIsMetOnceEnoughOfTheAudienceIsTrained) {
  const auto org = orgs_[0];
  const Actor officer = Officer(org);
  auto course = service_->CreateCourse(officer, {0, org, "Phishing awareness", "", 12, 0});
  ASSERT_TRUE(course) << course.error().message;
  std::vector<std::int64_t> staff;
  for (int i = 0; i < 4; ++i) staff.push_back(Staff(org, "E" + std::to_string(i)));
  auto audience = service_->CreateAudience(officer, {0, org, "Control room", "", {}});
  ASSERT_TRUE(audience);
  ASSERT_TRUE(service_->SetMembers(officer, audience->id, staff));
  auto rule = service_->CreateRule(officer, {0, org, "nis-g.2", course->id, audience->id, 75, 12});
  ASSERT_TRUE(rule) << rule.error().message;

  const Days today = DayOf(clock_.Now());
  ASSERT_TRUE(service_->RecordCompletions(officer, org, {{staff[0], course->id, today - 10},
                                                         {staff[1], course->id, today - 400},
                                                         {staff[2], course->id, today}}));
  auto rules = service_->Rules(officer, org);
  ASSERT_TRUE(rules);
  ASSERT_EQ(rules->size(), 1u);
  EXPECT_EQ((*rules)[0].result.trained, 2);
  EXPECT_FALSE((*rules)[0].result.met);

  ASSERT_TRUE(service_->RecordCompletions(officer, org, {{staff[1], course->id, today - 1}}, "csv"));
  rules = service_->Rules(officer, org);
  EXPECT_EQ((*rules)[0].result.trained, 3);
  EXPECT_TRUE((*rules)[0].result.met);

  // Someone who left no longer counts in the audience: 2 of 3 is under 75%.
  auto left = service_->Staff(officer, org, {})->items[1];
  left.active = false;
  ASSERT_TRUE(service_->UpdateStaff(officer, left));
  rules = service_->Rules(officer, org);
  EXPECT_EQ((*rules)[0].result.members, 3);
  EXPECT_FALSE((*rules)[0].result.met);

  auto status = service_->CourseStatus(officer, org, course->id, audience->id);
  ASSERT_TRUE(status);
  ASSERT_EQ(status->size(), 3u);
  EXPECT_EQ((*status)[2].state, TrainingState::kNever);
}

TEST_F(TrainingServiceTest, CompletionsAreAllOrNothing) {
  const auto org = orgs_[0];
  const Actor officer = Officer(org);
  auto course = service_->CreateCourse(officer, {0, org, "Induction", "", 0, 0});
  const auto alice = Staff(org, "A1");
  const auto foreign = Staff(orgs_[1], "B1");
  const Days today = DayOf(clock_.Now());

  auto future = service_->RecordCompletions(officer, org, {{alice, course->id, today}, {alice, course->id, today + 1}});
  ASSERT_FALSE(future);
  EXPECT_EQ(future.error().code, ErrorCode::kInvalidArgument);
  EXPECT_NE(future.error().message.find("completion 2"), std::string::npos) << future.error().message;
  auto other = service_->RecordCompletions(officer, org, {{alice, course->id, today}, {foreign, course->id, today}});
  ASSERT_FALSE(other);
  EXPECT_EQ(other.error().code, ErrorCode::kNotFound);
  EXPECT_TRUE(service_->Completions(officer, org, {}, {})->items.empty());  // nothing was kept

  ASSERT_TRUE(service_->RecordCompletions(officer, org, {{alice, course->id, today}}));
  EXPECT_EQ(service_->Completions(officer, org, {}, {})->items.size(), 1u);
}

TEST_F(TrainingServiceTest, OrganisationsAreKeptApart) {
  const auto mine = orgs_[0], theirs = orgs_[1];
  ASSERT_TRUE(service_->CreateCourse(Officer(mine), {0, mine, "Induction", "", 0, 0}));
  auto audience = service_->CreateAudience(Officer(mine), {0, mine, "All", "", {}});
  const auto foreign = Staff(theirs, "B1");

  EXPECT_EQ(service_->Courses(Officer(theirs), mine).error().code, ErrorCode::kPermissionDenied);
  EXPECT_EQ(service_->CreateCourse(Officer(theirs), {0, mine, "X", "", 0, 0}).error().code,
            ErrorCode::kPermissionDenied);
  EXPECT_EQ(service_->SetMembers(Officer(mine), audience->id, {foreign}).error().code, ErrorCode::kNotFound);
  EXPECT_EQ(service_->SetMembers(Officer(theirs), audience->id, {foreign}).error().code,
            ErrorCode::kPermissionDenied);
  auto theirs_course = service_->CreateCourse(Officer(theirs), {0, theirs, "Theirs", "", 0, 0});
  EXPECT_EQ(service_->CreateRule(Officer(mine), {0, mine, "r", theirs_course->id, audience->id, 90, 12})
                .error()
                .code,
            ErrorCode::kNotFound);
  EXPECT_EQ(service_->CreateCourse(Officer(mine), {0, mine, "Induction", "", 0, 0}).error().code,
            ErrorCode::kAlreadyExists);
  EXPECT_TRUE(service_->CreateCourse(Officer(theirs), {0, theirs, "Induction", "", 0, 0}));  // per org

  auto audit = store::Transact(*db_, store::TxMode::kRead, [](store::Tx& tx) {
    return tx.audit().List({}, {0, 100});
  });
  ASSERT_TRUE(audit);
  int training = 0;
  for (const auto& r : audit->items) training += r.entry.action.rfind("training.", 0) == 0;
  EXPECT_EQ(training, 5);  // 3 courses, an audience, a staff member
}

}  // namespace
}  // namespace qx::training
