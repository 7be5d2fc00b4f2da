// The store contract against PostgreSQL (a fresh database per test on the test cluster), and what
// only PostgreSQL has: several processes (pools) on one database.
#include <atomic>
#include <cctype>
#include <map>
#include <mutex>
#include <thread>

#include "pg_test_db.h"
#include "qx/crypto/digest.h"
#include "qx/store_pg/pg_database.h"
#include "store_suite.h"

namespace qx::store::testing {
namespace {

std::unique_ptr<Database> OpenPg(const std::string& url, int connections = 4) {
  auto db = pg::OpenPgDatabase({url, connections});
  if (!db) {
    ADD_FAILURE() << db.error().message;
    return nullptr;
  }
  auto migrated = (*db)->Migrate();
  if (!migrated) {
    ADD_FAILURE() << migrated.error().message;
    return nullptr;
  }
  return std::move(*db);
}

std::unique_ptr<Database> OpenFreshPg() { return OpenPg(qx::testing::FreshPgDatabaseUrl()); }

INSTANTIATE_TEST_SUITE_P(Backend, StoreSuite, ::testing::Values(DatabaseFactory(OpenFreshPg)),
                         [](const auto&) { return std::string("postgresql"); });

TEST(PgStoreTest, MigrationsAreIdempotentAndSelectedByUrl) {
  const std::string url = qx::testing::FreshPgDatabaseUrl();
  EXPECT_TRUE(pg::IsPostgresUrl(url));
  EXPECT_FALSE(pg::IsPostgresUrl("sqlite:/tmp/x.db"));
  auto db = OpenPg(url);
  ASSERT_NE(db, nullptr);
  EXPECT_TRUE(db->Migrate());
  EXPECT_TRUE(db->Ping());
  EXPECT_EQ(db->backend(), "postgresql");
}

// The heads are recomputed by the move, and a collection's creation order is the order it is
// copied in; everything else is copied column for column.
TEST(PgStoreTest, MigrateDataCopiesEveryTableAndColumn) {
  const std::string url = qx::testing::FreshPgDatabaseUrl();
  ASSERT_NE(OpenPg(url), nullptr);
  Schema schema;
  for (const auto& row : qx::testing::QueryPg(
           url, "SELECT table_name, column_name FROM information_schema.columns"
                " WHERE table_schema = current_schema()"
                " AND table_name NOT IN ('schema_migrations', 'audit_head', 'stix_head')"
                " AND NOT (table_name = 'taxii_collections' AND column_name = 'ord')")) {
    schema[row[0]].insert(row[1]);
  }
  EXPECT_EQ(schema, PortableSchema());
}

TEST(PgStoreTest, TheAuditLogRefusesUpdatesDeletesAndTruncation) {
  const std::string url = qx::testing::FreshPgDatabaseUrl();
  auto db = OpenPg(url);
  ASSERT_NE(db, nullptr);
  ASSERT_TRUE(Transact(*db, TxMode::kWrite, [](Tx& tx) {
    return tx.audit().Append({"system", 0, "a", "b", "c", "{}"}, 1);
  }));
  EXPECT_THROW(qx::testing::ExecPg(url, "UPDATE audit_log SET actor = 'x'"), std::runtime_error);
  EXPECT_THROW(qx::testing::ExecPg(url, "DELETE FROM audit_log"), std::runtime_error);
  EXPECT_THROW(qx::testing::ExecPg(url, "TRUNCATE audit_log"), std::runtime_error);
}

TEST(PgStoreTest, APublishedVersionIsFrozen) {
  const std::string url = qx::testing::FreshPgDatabaseUrl();
  auto db = OpenPg(url);
  ASSERT_NE(db, nullptr);
  qx::testing::ExecPg(url,
                      "INSERT INTO organisations(name, kind, created_at) VALUES('r', 'regulator', 1);"
                      "INSERT INTO catalogs(name, kind, scope, owner_org_id, title, created_at)"
                      " VALUES('c', 'catalog', 'general', 1, 't', 1);"
                      "INSERT INTO catalog_versions(catalog_id, seq, version, status, document,"
                      " created_at, created_by) VALUES(1, 1, '1', 'published', '{}', 1, 'x')");
  EXPECT_THROW(qx::testing::ExecPg(url, "UPDATE catalog_versions SET document = '{\"a\":1}'"),
               std::runtime_error);
  qx::testing::ExecPg(url, "UPDATE catalog_versions SET status = 'superseded'");
}

// Policies stored before migration 21 get the SHA-256 of their document, computed in SQL from
// its UTF-8 bytes: the digest the store computes for a policy published since (here for a
// document that is not only ASCII), and are found by it.
TEST(PgStoreTest, Migration21FillsTheDigestOfPoliciesStoredBefore) {
  const std::string url = qx::testing::FreshPgDatabaseUrl();
  ASSERT_NE(OpenPg(url), nullptr);
  // The table as it was before migration 21, with two policies written then.
  qx::testing::ExecPg(url, "ALTER TABLE agent_policies DROP COLUMN sha256;"
                           " DELETE FROM schema_migrations WHERE version = 21");
  const std::string document = "name: Bak\xc4\xb1 \xc9\x99";
  qx::testing::ExecPg(url, "INSERT INTO agent_policies(name, kind, profile, document, signature, key_id, sector,"
                           " object_id, version, published_by, published_at) VALUES"
                           " ('all', 'native', '', 'rules: []', 's', 'k', '', NULL, 1, 'user:1', 1),"
                           " ('energy', 'native', '', '" + document + "', 's', 'k', 'energy', NULL, 1, 'user:1', 2)");
  auto db = OpenPg(url);
  ASSERT_NE(db, nullptr);
  const auto listed = Transact(*db, TxMode::kRead, [](Tx& tx) { return tx.agents().ListPolicies(); });
  ASSERT_TRUE(listed) << listed.error().message;
  const auto& policies = *listed;
  ASSERT_EQ(policies.size(), 2u);
  EXPECT_EQ(policies[0].sha256, crypto::Sha256Hex("rules: []"));
  EXPECT_EQ(policies[1].document, document);
  EXPECT_EQ(policies[1].sha256, crypto::Sha256Hex(document));
  const auto found = *Transact(*db, TxMode::kRead, [&](Tx& tx) {
    return tx.agents().IssuedPolicy(1, "energy", crypto::Sha256Hex(document));
  });
  ASSERT_TRUE(found);
  EXPECT_EQ(found->id, policies[1].id);
}

// The column refuses a digest that is not 64 lower-case hex digits; a row that has one anyway
// (the constraint dropped) is a corrupt row: an error, not a digest served or matched.
TEST(PgStoreTest, ACorruptPolicyDigestIsRefusedAndAnErrorNotTrusted) {
  const std::string url = qx::testing::FreshPgDatabaseUrl();
  auto db = OpenPg(url);
  ASSERT_NE(db, nullptr);
  const auto p = *Transact(*db, TxMode::kWrite, [](Tx& tx) {
    return tx.agents().InsertPolicy({0, "all", "native", "", "rules: []", "s", "k", "", std::nullopt, 1, "user:1", 1, ""});
  });
  EXPECT_THROW(qx::testing::ExecPg(url, "UPDATE agent_policies SET sha256 = upper(sha256)"), std::runtime_error);
  EXPECT_THROW(qx::testing::ExecPg(url, "UPDATE agent_policies SET sha256 = NULL"), std::runtime_error);
  qx::testing::ExecPg(url, "ALTER TABLE agent_policies DROP CONSTRAINT agent_policies_sha256_hex");
  qx::testing::ExecPg(url, "UPDATE agent_policies SET sha256 = upper(sha256)");
  const auto served = Transact(*db, TxMode::kRead, [](Tx& tx) { return tx.agents().PolicyFor(1, "energy"); });
  ASSERT_FALSE(served);
  EXPECT_EQ(served.error().code, ErrorCode::kInternal);
  std::string upper = p.sha256;
  for (char& c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  const auto issued = Transact(*db, TxMode::kRead, [&](Tx& tx) { return tx.agents().IssuedPolicy(1, "energy", upper); });
  ASSERT_FALSE(issued);
  EXPECT_EQ(issued.error().code, ErrorCode::kInternal);
}

TEST(PgStoreTest, Migration22KeepsEachSightingInTheCollectionsItsObjectIsIn) {
  // As on SQLite: kept sightings go to each collection holding their STIX object (same id, same
  // producer) at the kept version, the latest; a collection holding only an older version (cC)
  // gets none. One whose version is in no collection goes to no collection (''), which no viewer
  // reads.
  const std::string url = qx::testing::FreshPgDatabaseUrl();
  ASSERT_NE(OpenPg(url), nullptr);
  qx::testing::ExecPg(
      url,
      "DROP TABLE stix_sightings;"
      "CREATE TABLE stix_sightings (sighting_id TEXT PRIMARY KEY, version_us BIGINT NOT NULL,"
      " indicator_ref TEXT NOT NULL, producer_org BIGINT NOT NULL, tlp TEXT NOT NULL,"
      " recipients BIGINT[] NOT NULL DEFAULT '{}', count BIGINT NOT NULL, first_seen_ms BIGINT,"
      " last_seen_ms BIGINT);"
      "INSERT INTO taxii_collections(id, title, description, audience, audience_value) VALUES"
      " ('cA', 'A', '', 'national', ''), ('cB', 'B', '', 'cert_inbox', ''), ('cC', 'C', '', 'national', '');"
      "INSERT INTO stix_objects(collection_id, object_id, type, spec_version, version, version_us,"
      " date_added_us, producer_org, tlp, recipients, revoked, valid_until_ms, json) VALUES"
      " ('cA', 'sighting--1', 'sighting', '2.1', 'v1', 1, 1, 7, 'green', '{}', false, NULL, '{}'),"
      " ('cA', 'sighting--1', 'sighting', '2.1', 'v2', 2, 2, 7, 'green', '{}', false, NULL, '{}'),"
      " ('cB', 'sighting--1', 'sighting', '2.1', 'v2', 2, 3, 7, 'green', '{}', false, NULL, '{}'),"
      " ('cA', 'sighting--2', 'sighting', '2.1', 'v1', 1, 4, 9, 'green', '{}', false, NULL, '{}'),"
      " ('cC', 'sighting--1', 'sighting', '2.1', 'v1', 1, 5, 7, 'green', '{}', false, NULL, '{}');"
      "INSERT INTO stix_sightings VALUES ('sighting--1', 2, 'indicator--a', 7, 'green', '{}', 3, NULL, 10),"
      " ('sighting--2', 1, 'indicator--a', 8, 'amber', '{9}', 1, NULL, NULL),"
      " ('sighting--3', 1, 'indicator--b', 8, 'green', '{}', 5, NULL, NULL);"
      "DELETE FROM schema_migrations WHERE version = 22");
  auto db = OpenPg(url);
  ASSERT_NE(db, nullptr);
  auto totals = [&](std::vector<std::string> collections) {
    auto t = Transact(*db, TxMode::kRead, [&](Tx& tx) { return tx.intel().SightingTotalsFor("", collections, 9); });
    EXPECT_TRUE(t) << t.error().message;
    std::string out;
    for (const auto& r : *t) {
      out += r.indicator_ref + "/" + std::to_string(r.producer_org) + ":" + std::to_string(r.count) +
             (r.visible ? "v " : " ");
    }
    return out;
  };
  EXPECT_EQ(totals({"cA"}), "indicator--a/7:3v ");
  EXPECT_EQ(totals({"cB"}), "indicator--a/7:3v ");
  EXPECT_EQ(totals({"cA", "cB"}), "indicator--a/7:3v ");  // one sighting, counted once
  EXPECT_EQ(totals({"cC"}), "");  // holds only version 1: version 2's count is not its to count
  EXPECT_EQ(totals({"cA", "cC"}), "indicator--a/7:3v ");
  EXPECT_EQ(totals({""}), "indicator--a/8:1v indicator--b/8:5v ");  // AMBER naming org 9
}

TEST(PgStoreTest, AnUnreachableServerIsAClearErrorWithoutThePassword) {
  auto db = pg::OpenPgDatabase({"postgresql://qx:s3cret@127.0.0.1:1/none?connect_timeout=2", 1});
  ASSERT_FALSE(db);
  EXPECT_EQ(db.error().code, ErrorCode::kUnavailable);
  EXPECT_EQ(db.error().message.find("s3cret"), std::string::npos) << db.error().message;
}

TEST(PgStoreTest, ACorruptEnumInARowIsAnErrorNotACrash) {
  const std::string url = qx::testing::FreshPgDatabaseUrl();
  auto db = OpenPg(url);
  ASSERT_NE(db, nullptr);
  qx::testing::ExecPg(url, "INSERT INTO organisations(name, kind, created_at) VALUES('x', 'pirate', 1)");
  auto org = Transact(*db, TxMode::kRead, [](Tx& tx) { return tx.orgs().Get(1); });
  ASSERT_FALSE(org);
  EXPECT_EQ(org.error().code, ErrorCode::kInternal);
}

// Two pools on one database are two replicas as far as PostgreSQL can tell: their appends to the
// audit chain, and their STIX ingests, take turns in the database.
TEST(PgStoreTest, TwoReplicasNeverForkTheChainNorInterleaveDateAdded) {
  const std::string url = qx::testing::FreshPgDatabaseUrl();
  auto a = OpenPg(url), b = OpenPg(url);
  ASSERT_NE(a, nullptr);
  ASSERT_NE(b, nullptr);
  ASSERT_TRUE(a->Run(TxMode::kWrite, [](Tx& tx) {
    return tx.intel().InsertCollection({"c1", "National", "", domain::Audience::kNational, ""});
  }));
  std::atomic<int> failures{0};
  auto writer = [&](Database& db, int base) {
    for (int i = 0; i < 30; ++i) {
      auto r = db.Run(TxMode::kWrite, [&](Tx& tx) -> Status {
        QX_ASSIGN_OR_RETURN(auto last, tx.intel().LastDateAdded());
        StoredObject o;
        o.collection_id = "c1";
        o.object_id = "indicator--" + std::to_string(base + i);
        o.type = "indicator";
        o.spec_version = "2.1";
        o.version = "v";
        o.version_us = 1;
        o.date_added_us = last + 1;
        o.producer_org = 1;
        o.tlp = "green";
        o.json = "{}";
        QX_RETURN_IF_ERROR(tx.intel().InsertObject(o));
        return tx.audit().Append({"user:1", 1, "x", "x", std::to_string(base + i), "{}"}, i)
            .map([](auto&&) {});
      });
      if (!r) {
        ++failures;
        ADD_FAILURE() << r.error().message;
      }
    }
  };
  std::vector<std::thread> threads;
  for (int t = 0; t < 3; ++t) {
    threads.emplace_back(writer, std::ref(*a), 1000 * t);
    threads.emplace_back(writer, std::ref(*b), 1000 * t + 500);
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(failures, 0);
  audit::ChainVerifier v;
  ASSERT_TRUE(a->Run(TxMode::kRead, [&](Tx& tx) {
    return tx.audit().Scan([&](const audit::AuditRecord& r) { return v.Add(r); });
  }));
  EXPECT_TRUE(v.ok()) << v.reason();
  EXPECT_EQ(v.count(), 180);
  // Paged by seq, date_added strictly grows: no seq was committed behind a reader's back.
  ObjectQuery q;
  q.collection_id = "c1";
  q.viewer_org = 1;
  q.limit = 1000;
  auto page = *Transact(*b, TxMode::kRead, [&](Tx& tx) { return tx.intel().QueryObjects(q); });
  ASSERT_EQ(page.items.size(), 180u);
  for (size_t i = 1; i < page.items.size(); ++i) {
    EXPECT_GT(page.items[i].date_added_us, page.items[i - 1].date_added_us) << i;
  }
}

// Two replicas polling the same outbox: every due job is claimed by exactly one of them.
TEST(PgStoreTest, TwoReplicasClaimEachJobOnce) {
  const std::string url = qx::testing::FreshPgDatabaseUrl();
  auto a = OpenPg(url), b = OpenPg(url);
  ASSERT_NE(a, nullptr);
  ASSERT_NE(b, nullptr);
  ASSERT_TRUE(a->Run(TxMode::kWrite, [](Tx& tx) -> Status {
    for (int i = 0; i < 200; ++i) {
      QX_RETURN_IF_ERROR(tx.jobs().Enqueue({"notify.test", std::to_string(i), "{}", i}));
    }
    return Ok();
  }));
  std::mutex mu;
  std::map<std::int64_t, int> claims;
  auto worker = [&](Database& db, std::string name) {
    for (;;) {
      auto got = Transact(db, TxMode::kWrite, [&](Tx& tx) { return tx.jobs().ClaimDue("notify.test", name, 1000, 99000, 5); });
      ASSERT_TRUE(got) << got.error().message;
      if (got->empty()) return;
      for (const Job& j : *got) {
        ASSERT_TRUE(db.Run(TxMode::kWrite, [&](Tx& tx) { return tx.jobs().Complete(j.id, name, 1001); }));
        std::lock_guard<std::mutex> lock(mu);
        ++claims[j.id];
      }
    }
  };
  std::vector<std::thread> threads;
  for (int t = 0; t < 3; ++t) {
    threads.emplace_back(worker, std::ref(*a), "a" + std::to_string(t));
    threads.emplace_back(worker, std::ref(*b), "b" + std::to_string(t));
  }
  for (auto& t : threads) t.join();
  ASSERT_EQ(claims.size(), 200u);
  for (const auto& [id, n] : claims) EXPECT_EQ(n, 1) << "job " << id;
}

}  // namespace
}  // namespace qx::store::testing
