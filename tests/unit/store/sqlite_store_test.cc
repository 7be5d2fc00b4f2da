#include <filesystem>
#include <sqlite3.h>

#include "qx/store_sqlite/sqlite_database.h"
#include "store_suite.h"

namespace qx::store::testing {
namespace {
namespace fs = std::filesystem;

// A fresh database file per test. ctest runs each case in its own process and pids come round
// again, so whatever an earlier process of the same pid left under that name is removed first
// (it once made a case find another run's rows).
std::unique_ptr<Database> OpenFreshSqlite() {
  static int counter = 0;
  static const fs::path dir = fs::temp_directory_path() / ("qx-store-" + std::to_string(::getpid()));
  fs::create_directories(dir);
  const std::string path = (dir / (std::to_string(++counter) + ".db")).string();
  for (const char* suffix : {"", "-wal", "-shm"}) fs::remove(path + suffix);
  auto db = sqlite::OpenSqliteDatabase({path, 3});
  if (!db || !(*db)->Migrate()) return nullptr;
  return std::move(*db);
}

INSTANTIATE_TEST_SUITE_P(Backend, StoreSuite, ::testing::Values(DatabaseFactory(OpenFreshSqlite)),
                         [](const auto&) { return std::string("sqlite"); });

TEST(SqliteStoreTest, MigrationsAreIdempotent) {
  auto db = OpenFreshSqlite();
  ASSERT_NE(db, nullptr);
  EXPECT_TRUE(db->Migrate());
  EXPECT_TRUE(db->Ping());
}

TEST(SqliteStoreTest, TheAuditLogRefusesUpdatesAndDeletes) {
  const fs::path path = fs::temp_directory_path() / ("qx-audit-ro-" + std::to_string(::getpid()) + ".db");
  fs::remove(path);
  {
    auto db = *sqlite::OpenSqliteDatabase({path.string(), 1});
    ASSERT_TRUE(db->Migrate());
    ASSERT_TRUE(Transact(*db, TxMode::kWrite, [](Tx& tx) {
      return tx.audit().Append({"system", 0, "a", "b", "c", "{}"}, 1);
    }));
  }
  sqlite3* raw = nullptr;
  ASSERT_EQ(sqlite3_open(path.c_str(), &raw), SQLITE_OK);
  EXPECT_NE(sqlite3_exec(raw, "UPDATE audit_log SET actor = 'x'", nullptr, nullptr, nullptr), SQLITE_OK);
  EXPECT_NE(sqlite3_exec(raw, "DELETE FROM audit_log", nullptr, nullptr, nullptr), SQLITE_OK);
  sqlite3_close(raw);
  fs::remove(path);
}

TEST(SqliteStoreTest, AnUnreadableFileIsAClearError) {
  auto db = sqlite::OpenSqliteDatabase({"/nonexistent-dir/qx.db", 1});
  ASSERT_FALSE(db);
  EXPECT_EQ(db.error().code, ErrorCode::kUnavailable);
}

TEST(SqliteStoreTest, ACorruptEnumInARowIsAnErrorNotACrash) {
  const fs::path path = fs::temp_directory_path() / ("qx-corrupt-" + std::to_string(::getpid()) + ".db");
  fs::remove(path);
  auto db = *sqlite::OpenSqliteDatabase({path.string(), 1});
  ASSERT_TRUE(db->Migrate());
  sqlite3* raw = nullptr;
  ASSERT_EQ(sqlite3_open(path.c_str(), &raw), SQLITE_OK);
  ASSERT_EQ(sqlite3_exec(raw, "INSERT INTO organisations(name, kind, created_at) VALUES('x', 'pirate', 1)",
                         nullptr, nullptr, nullptr), SQLITE_OK);
  sqlite3_close(raw);
  auto org = Transact(*db, TxMode::kRead, [](Tx& tx) { return tx.orgs().Get(1); });
  ASSERT_FALSE(org);
  EXPECT_EQ(org.error().code, ErrorCode::kInternal);
  fs::remove(path);
}

}  // namespace
}  // namespace qx::store::testing
