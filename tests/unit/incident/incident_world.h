// What the incident tests start from: a migrated SQLite store in a temporary file, an operator
// organisation with one analyst and one CII object, and the intel service an IncidentService
// needs, on a manual clock. The test builds its own IncidentService on top.
#pragma once

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <memory>
#include <string>

#include "qx/core/clock.h"
#include "qx/crypto/secrets.h"
#include "qx/identity/directory_service.h"
#include "qx/intel/intel_service.h"
#include "qx/store_sqlite/sqlite_database.h"

namespace qx::incident {

class IncidentWorld : public ::testing::Test {
 protected:
  explicit IncidentWorld(UnixMillis now) : clock_(now) {}

  void SetUp() override {
    ASSERT_TRUE(crypto::InitCrypto());
    path_ = std::filesystem::temp_directory_path() /
            ("qx-incident-" + std::to_string(::getpid()) + "-" +
             ::testing::UnitTest::GetInstance()->current_test_info()->test_suite_name() + "-" +
             ::testing::UnitTest::GetInstance()->current_test_info()->name() + ".db");
    std::filesystem::remove(path_);
    db_ = std::move(*store::sqlite::OpenSqliteDatabase({path_.string(), 2}));
    ASSERT_TRUE(db_->Migrate());
    identity::DirectoryService directory(*db_, clock_, crypto::PasswordCost::kMinimal);
    domain::Organisation org{0, "Refinery", domain::OrgKind::kOperator, "oil_and_gas", 0};
    org.id = directory.CreateOrganisation(identity::Actor::System(), org)->id;
    operator_ = {domain::Subject{org.id, domain::OrgKind::kOperator, domain::Role::kAnalyst, 1, std::nullopt},
                 org, std::nullopt, "user:1", ""};
    domain::CiiObject o;
    o.owner_org = org.id;
    o.name = "SCADA";
    o.sector = "oil_and_gas";
    object_ = *store::Transact(*db_, store::TxMode::kWrite, [&](store::Tx& tx) { return tx.registry().InsertObject(o); });
    intel::IntelOptions intel_options;
    intel_options.start_worker = false;
    intel_ = std::make_unique<intel::IntelService>(*db_, clock_, intel_options);
  }
  // Subclasses drop what they built on the store first.
  void TearDown() override {
    intel_.reset();
    db_.reset();
    std::filesystem::remove(path_);
  }

  ManualClock clock_;
  std::filesystem::path path_;
  std::unique_ptr<store::Database> db_;
  identity::Principal operator_;
  domain::ObjectId object_ = 0;
  std::unique_ptr<intel::IntelService> intel_;
};

}  // namespace qx::incident
