// AuthService with an injected clock: throttling windows, session and token expiry.
#include "qx/identity/auth_service.h"

#include <gtest/gtest.h>

#include <filesystem>

#include "qx/identity/directory_service.h"
#include "qx/store_sqlite/sqlite_database.h"

namespace qx::identity {
namespace {

using std::chrono::hours;
using std::chrono::minutes;
constexpr char kPassword[] = "correct-horse-battery";

class AuthServiceTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(crypto::InitCrypto());
    path_ = std::filesystem::temp_directory_path() /
            ("qx-auth-" + std::to_string(::getpid()) + "-" +
             ::testing::UnitTest::GetInstance()->current_test_info()->name() + ".db");
    std::filesystem::remove(path_);
    db_ = std::move(*store::sqlite::OpenSqliteDatabase({path_.string(), 2}));
    ASSERT_TRUE(db_->Migrate());
    directory_ = std::make_unique<DirectoryService>(*db_, clock_, crypto::PasswordCost::kMinimal);
    const Actor system = Actor::System();
    domain::Organisation org{0, "Bank", domain::OrgKind::kOperator, "finance", 0};
    org_ = directory_->CreateOrganisation(system, org)->id;
    ASSERT_TRUE(directory_->CreateUser(system, {org_, "alice", "Alice", domain::Role::kAdmin, kPassword}));
    AuthOptions options;
    options.password_cost = crypto::PasswordCost::kMinimal;
    options.session_ttl = hours(1);
    auth_ = std::move(*AuthService::Create(*db_, clock_, options));
  }
  void TearDown() override { std::filesystem::remove(path_); }

  ManualClock clock_{1'800'000'000'000};
  std::filesystem::path path_;
  std::unique_ptr<store::Database> db_;
  std::unique_ptr<DirectoryService> directory_;
  std::unique_ptr<AuthService> auth_;
  domain::OrgId org_ = 0;
};

TEST_F(AuthServiceTest, LockoutEndsAfterItsPeriod) {
  for (int i = 0; i < 5; ++i) {
    EXPECT_EQ(auth_->Login("alice", "wrong-password!").error().code, ErrorCode::kUnauthenticated);
  }
  EXPECT_EQ(auth_->Login("alice", kPassword).error().code, ErrorCode::kTooManyRequests);
  clock_.Advance(minutes(14));
  EXPECT_EQ(auth_->Login("alice", kPassword).error().code, ErrorCode::kTooManyRequests);
  clock_.Advance(minutes(2));
  EXPECT_TRUE(auth_->Login("alice", kPassword));
}

TEST_F(AuthServiceTest, FailuresOutsideTheWindowDoNotAddUp) {
  for (int i = 0; i < 4; ++i) ASSERT_FALSE(auth_->Login("alice", "wrong-password!"));
  clock_.Advance(minutes(16));
  for (int i = 0; i < 4; ++i) ASSERT_FALSE(auth_->Login("alice", "wrong-password!"));
  EXPECT_TRUE(auth_->Login("alice", kPassword));
}

TEST_F(AuthServiceTest, SessionsExpireAndDieWithAPasswordChange) {
  auto login = auth_->Login("alice", kPassword);
  ASSERT_TRUE(login);
  EXPECT_TRUE(auth_->AuthenticateSession(login->session_secret));
  clock_.Advance(minutes(61));
  EXPECT_FALSE(auth_->AuthenticateSession(login->session_secret));

  login = auth_->Login("alice", kPassword);
  ASSERT_TRUE(login);
  ASSERT_TRUE(directory_->SetPassword(Actor::System(), login->principal.user->id, "another-password-2"));
  EXPECT_FALSE(auth_->AuthenticateSession(login->session_secret));
}

TEST_F(AuthServiceTest, BasicCredentialsRememberedStillFollowPasswordStateAndLockout) {
  auto p = auth_->AuthenticateBasic("alice", kPassword);
  ASSERT_TRUE(p);
  ASSERT_TRUE(auth_->AuthenticateBasic("alice", kPassword));  // remembered
  EXPECT_FALSE(auth_->AuthenticateBasic("alice", "wrong-password!"));

  ASSERT_TRUE(directory_->SetPassword(Actor::System(), p->user->id, "another-password-2"));
  EXPECT_EQ(auth_->AuthenticateBasic("alice", kPassword).error().code, ErrorCode::kUnauthenticated);
  ASSERT_TRUE(auth_->AuthenticateBasic("alice", "another-password-2"));

  ASSERT_TRUE(directory_->SetDisabled(Actor::System(), p->user->id, true));
  EXPECT_FALSE(auth_->AuthenticateBasic("alice", "another-password-2"));
  ASSERT_TRUE(directory_->SetDisabled(Actor::System(), p->user->id, false));
  ASSERT_TRUE(auth_->AuthenticateBasic("alice", "another-password-2"));

  for (int i = 0; i < 5; ++i) ASSERT_FALSE(auth_->AuthenticateBasic("alice", "wrong-password!"));
  EXPECT_EQ(auth_->AuthenticateBasic("alice", "another-password-2").error().code,
            ErrorCode::kTooManyRequests);  // locked out, remembered or not
  clock_.Advance(minutes(16));
  EXPECT_TRUE(auth_->AuthenticateBasic("alice", "another-password-2"));
}

TEST_F(AuthServiceTest, DisabledUsersCannotLogIn) {
  auto login = auth_->Login("alice", kPassword);
  ASSERT_TRUE(login);
  ASSERT_TRUE(directory_->SetDisabled(Actor::System(), login->principal.user->id, true));
  EXPECT_FALSE(auth_->AuthenticateSession(login->session_secret));
  EXPECT_EQ(auth_->Login("alice", kPassword).error().code, ErrorCode::kUnauthenticated);
}

TEST_F(AuthServiceTest, TokensExpireAndCarryTheirRole) {
  auto issued = directory_->CreateToken(Actor::System(), {org_, "agent", domain::Role::kMachine, 1});
  ASSERT_TRUE(issued);
  auto p = auth_->AuthenticateToken(issued->secret);
  ASSERT_TRUE(p);
  EXPECT_EQ(p->subject.role, domain::Role::kMachine);
  EXPECT_EQ(p->subject.org_id, org_);
  EXPECT_FALSE(p->user);
  clock_.Advance(hours(25));
  EXPECT_EQ(auth_->AuthenticateToken(issued->secret).error().code, ErrorCode::kUnauthenticated);
}

TEST_F(AuthServiceTest, PasswordsAreStoredAsArgon2id) {
  auto cred = store::Transact(*db_, store::TxMode::kRead,
                              [](store::Tx& tx) { return tx.users().FindByUsername("alice"); });
  ASSERT_TRUE(cred);
  EXPECT_EQ(cred->password_hash.rfind("$argon2id$", 0), 0u);
  EXPECT_EQ(cred->password_hash.find(kPassword), std::string::npos);
}

}  // namespace
}  // namespace qx::identity
