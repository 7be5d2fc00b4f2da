#include <cctype>
#include <filesystem>
#include <sqlite3.h>

#include "qx/crypto/digest.h"
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

// A migrated database file of the test's own, with a plain sqlite3 connection beside Qalxan's:
// rows are written as an older (or a corrupt) schema would have left them, then Qalxan reads
// or migrates them. The file goes with the object.
class RawDatabaseFile {
 public:
  explicit RawDatabaseFile(const std::string& name)
      : path_(fs::temp_directory_path() / (name + "-" + std::to_string(::getpid()) + ".db")) {
    fs::remove(path_);
    auto db = sqlite::OpenSqliteDatabase({path_.string(), 1});
    ok_ = db && (*db)->Migrate() && sqlite3_open(path_.c_str(), &raw_) == SQLITE_OK;
  }
  ~RawDatabaseFile() {
    Close();
    fs::remove(path_);
  }
  RawDatabaseFile(const RawDatabaseFile&) = delete;
  RawDatabaseFile& operator=(const RawDatabaseFile&) = delete;

  bool ok() const { return ok_; }
  std::string path() const { return path_.string(); }
  // Runs statements on the plain connection; a failure fails the test, naming the statement.
  void Exec(const std::string& sql) {
    char* err = nullptr;
    EXPECT_EQ(sqlite3_exec(raw_, sql.c_str(), nullptr, nullptr, &err), SQLITE_OK) << (err ? err : "") << " in " << sql;
    sqlite3_free(err);
  }
  // The first column of every row of a query, as text.
  std::vector<std::string> Column(const char* sql) {
    std::vector<std::string> out;
    EXPECT_EQ(sqlite3_exec(raw_, sql,
                           [](void* rows, int, char** v, char**) {
                             static_cast<std::vector<std::string>*>(rows)->push_back(v[0] ? v[0] : "NULL");
                             return 0;
                           },
                           &out, nullptr),
              SQLITE_OK)
        << sql;
    return out;
  }
  // Migrates the file again (after the test took a migration's row out of schema_migrations).
  bool Migrate() const {
    auto db = sqlite::OpenSqliteDatabase({path_.string(), 1});
    return db && (*db)->Migrate();
  }
  void Close() {
    if (raw_ != nullptr) sqlite3_close(raw_);
    raw_ = nullptr;
  }

 private:
  fs::path path_;
  sqlite3* raw_ = nullptr;
  bool ok_ = false;
};

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

TEST(SqliteStoreTest, MigrateDataCopiesEveryTableAndColumn) {
  const fs::path path = fs::temp_directory_path() / ("qx-schema-" + std::to_string(::getpid()) + ".db");
  fs::remove(path);
  ASSERT_TRUE((*sqlite::OpenSqliteDatabase({path.string(), 1}))->Migrate());
  sqlite3* raw = nullptr;
  ASSERT_EQ(sqlite3_open(path.c_str(), &raw), SQLITE_OK);
  Schema schema;
  const auto collect = [](void* out, int, char** values, char**) {
    (*static_cast<Schema*>(out))[values[0]].insert(values[1]);
    return 0;
  };
  ASSERT_EQ(sqlite3_exec(raw,
                         "SELECT m.name, p.name FROM sqlite_schema m, pragma_table_info(m.name) p"
                         " WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite_%'"
                         " AND m.name <> 'schema_migrations'",
                         collect, &schema, nullptr),
            SQLITE_OK);
  sqlite3_close(raw);
  fs::remove(path);
  EXPECT_EQ(schema, PortableSchema());
}

TEST(SqliteStoreTest, Migration18RenamesOldAgentObservationSources) {
  // Rows an agent recorded under "agent:<hostname>" before sources named the agent get
  // "agent:<hostname>#<id>", found by recorded_by ("agent:<id>"); other sources stay.
  RawDatabaseFile file("qx-m18");
  ASSERT_TRUE(file.ok());
  file.Exec("INSERT INTO agents(id, object_id, org_id, public_key, credential_sha256, hostname, machine_id, enrolled_at,"
            " last_sequence, last_seen_at, revoked) VALUES (7, 1, 1, 'k7', 'c7', 'hmi-01', '', 0, 0, NULL, 0),"
            " (8, 1, 1, 'k8', 'c8', 'hmi-01', '', 0, 0, NULL, 0)");
  file.Exec("INSERT INTO observations(subject_kind, subject_id, owner_org_id, control_id, source, result, detail,"
            " observed_at, recorded_at, recorded_by) VALUES"
            " ('object', 1, 1, 'acc-1', 'agent:hmi-01', 'fail', '', 1, 1, 'agent:7'),"
            " ('object', 1, 1, 'acc-1', 'agent:hmi-01', 'pass', '', 1, 1, 'agent:8'),"
            " ('object', 1, 1, 'acc-1', 'agent:hmi-01#7', 'pass', '', 2, 2, 'agent:7'),"
            " ('object', 1, 1, 'acc-1', 'scanner', 'pass', '', 1, 1, 'agent:7'),"
            " ('object', 1, 1, 'acc-1', 'agent:hmi-01', 'pass', '', 1, 1, 'operator.admin')");
  file.Exec("DELETE FROM schema_migrations WHERE version = 18");
  ASSERT_TRUE(file.Migrate());
  EXPECT_EQ(file.Column("SELECT source FROM observations ORDER BY id"),
            (std::vector<std::string>{"agent:hmi-01#7", "agent:hmi-01#8", "agent:hmi-01#7", "scanner",
                                      "agent:hmi-01"}));
}

// Policies stored before migration 21 get the SHA-256 of their document (hashed in C++: SQLite
// has none), the digest a policy published since gets, and are found by it.
TEST(SqliteStoreTest, Migration21FillsTheDigestOfPoliciesStoredBefore) {
  RawDatabaseFile file("qx-m21");
  ASSERT_TRUE(file.ok());
  // The table as it was before migration 21, with two policies written then.
  file.Exec("DROP INDEX agent_policies_by_digest; ALTER TABLE agent_policies DROP COLUMN sha256;"
            " DELETE FROM schema_migrations WHERE version = 21");
  file.Exec("INSERT INTO agent_policies(name, kind, profile, document, signature, key_id, sector, object_id, version,"
            " published_by, published_at) VALUES"
            " ('all', 'native', '', 'rules: []', 's', 'k', '', NULL, 1, 'user:1', 1),"
            " ('energy', 'native', '', 'name: Bak\xc4\xb1 \xc9\x99', 's', 'k', 'energy', NULL, 1, 'user:1', 2)");
  file.Close();
  auto db = *sqlite::OpenSqliteDatabase({file.path(), 1});
  ASSERT_TRUE(db->Migrate());
  const auto listed = Transact(*db, TxMode::kRead, [](Tx& tx) { return tx.agents().ListPolicies(); });
  ASSERT_TRUE(listed) << listed.error().message;
  const auto& policies = *listed;
  ASSERT_EQ(policies.size(), 2u);
  EXPECT_EQ(policies[0].sha256, crypto::Sha256Hex("rules: []"));
  EXPECT_EQ(policies[1].document, "name: Bak\xc4\xb1 \xc9\x99");
  EXPECT_EQ(policies[1].sha256, crypto::Sha256Hex("name: Bak\xc4\xb1 \xc9\x99"));
  const auto found = *Transact(*db, TxMode::kRead, [&](Tx& tx) {
    return tx.agents().IssuedPolicy(1, "energy", crypto::Sha256Hex("name: Bak\xc4\xb1 \xc9\x99"));
  });
  ASSERT_TRUE(found);
  EXPECT_EQ(found->id, policies[1].id);
}

// A stored digest that is not 64 lower-case hex digits (emptied, upper-cased, cut) is a corrupt
// row: an error, not a digest served or matched.
TEST(SqliteStoreTest, ACorruptPolicyDigestIsAnErrorNotTrusted) {
  RawDatabaseFile file("qx-corrupt-digest");
  ASSERT_TRUE(file.ok());
  auto db = *sqlite::OpenSqliteDatabase({file.path(), 1});
  const auto p = *Transact(*db, TxMode::kWrite, [](Tx& tx) {
    return tx.agents().InsertPolicy({0, "all", "native", "", "rules: []", "s", "k", "", std::nullopt, 1, "user:1", 1, ""});
  });
  std::string upper = p.sha256;
  for (char& c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  for (const std::string& bad : {std::string(), upper, p.sha256.substr(1)}) {
    file.Exec("UPDATE agent_policies SET sha256 = '" + bad + "'");
    const auto served = Transact(*db, TxMode::kRead, [](Tx& tx) { return tx.agents().PolicyFor(1, "energy"); });
    ASSERT_FALSE(served) << bad;
    EXPECT_EQ(served.error().code, ErrorCode::kInternal);
    const auto listed = Transact(*db, TxMode::kRead, [](Tx& tx) { return tx.agents().ListPolicies(); });
    ASSERT_FALSE(listed) << bad;
    EXPECT_EQ(listed.error().code, ErrorCode::kInternal);
    const auto issued = Transact(*db, TxMode::kRead, [&](Tx& tx) { return tx.agents().IssuedPolicy(1, "energy", bad); });
    ASSERT_FALSE(issued) << bad;
    EXPECT_EQ(issued.error().code, ErrorCode::kInternal);
  }
}

TEST(SqliteStoreTest, Migration22KeepsEachSightingInTheCollectionsItsObjectIsIn) {
  // Sightings kept before they had a collection go to every collection holding their STIX object
  // (same id, same producer) at the kept version, the latest; a collection holding only an older
  // version (cC) gets none, or it would count what was posted only elsewhere. One whose version is
  // in no collection goes to no collection (''), which no viewer reads.
  RawDatabaseFile file("qx-m22");
  ASSERT_TRUE(file.ok());
  // The table as migration 4 made it.
  file.Exec("DROP TABLE stix_sightings");
  file.Exec("CREATE TABLE stix_sightings (sighting_id TEXT PRIMARY KEY, version_us INTEGER NOT NULL,"
       " indicator_ref TEXT NOT NULL, producer_org INTEGER NOT NULL, tlp TEXT NOT NULL, recipients TEXT NOT NULL,"
       " count INTEGER NOT NULL, first_seen_ms INTEGER, last_seen_ms INTEGER)");
  file.Exec("INSERT INTO taxii_collections(id, title, description, audience, audience_value) VALUES"
       " ('cA', 'A', '', 'national', ''), ('cB', 'B', '', 'cert_inbox', ''), ('cC', 'C', '', 'national', '')");
  file.Exec("INSERT INTO stix_objects(collection_id, object_id, type, spec_version, version, version_us, date_added_us,"
       " producer_org, tlp, recipients, revoked, valid_until_ms, json) VALUES"
       " ('cA', 'sighting--1', 'sighting', '2.1', 'v1', 1, 1, 7, 'green', ',', 0, NULL, '{}'),"
       " ('cA', 'sighting--1', 'sighting', '2.1', 'v2', 2, 2, 7, 'green', ',', 0, NULL, '{}'),"
       " ('cB', 'sighting--1', 'sighting', '2.1', 'v2', 2, 3, 7, 'green', ',', 0, NULL, '{}'),"
       " ('cA', 'sighting--2', 'sighting', '2.1', 'v1', 1, 4, 9, 'green', ',', 0, NULL, '{}'),"
       " ('cC', 'sighting--1', 'sighting', '2.1', 'v1', 1, 5, 7, 'green', ',', 0, NULL, '{}')");
  file.Exec("INSERT INTO stix_sightings VALUES ('sighting--1', 2, 'indicator--a', 7, 'green', ',', 3, NULL, 10),"
       " ('sighting--2', 1, 'indicator--a', 8, 'amber', ',9,', 1, NULL, NULL),"
       " ('sighting--3', 1, 'indicator--b', 8, 'green', ',', 5, NULL, NULL)");
  file.Exec("DELETE FROM schema_migrations WHERE version = 22");
  ASSERT_TRUE(file.Migrate());
  const auto rows = file.Column("SELECT collection_id || '|' || sighting_id || '|' || count || '|' || tlp || '|' ||"
                                " recipients FROM stix_sightings ORDER BY collection_id, sighting_id");
  EXPECT_EQ(rows, (std::vector<std::string>{"|sighting--2|1|amber|,9,", "|sighting--3|5|green|,",
                                            "cA|sighting--1|3|green|,", "cB|sighting--1|3|green|,"}));
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
