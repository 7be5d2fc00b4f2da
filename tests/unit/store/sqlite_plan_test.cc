// The plans SQLite chooses for the list queries with optional filters: every filter that has an
// index of its own is read from it, never from a scan of the whole table (which is what
// "(? IS NULL OR col = ?)" conditions led to).
#include <gtest/gtest.h>
#include <sqlite3.h>

#include <filesystem>
#include <string>

#include "qx/store_sqlite/sqlite_database.h"
#include "sqlite_agent_repo.h"
#include "sqlite_filtered_sql.h"

namespace qx::store::sqlite {
namespace {
namespace fs = std::filesystem;

class SqlitePlanTest : public ::testing::Test {
 protected:
  void SetUp() override {
    path_ = fs::temp_directory_path() / ("qx-plan-" + std::to_string(::getpid()) + ".db");
    for (const char* suffix : {"", "-wal", "-shm"}) fs::remove(path_.string() + suffix);
    auto db = OpenSqliteDatabase({path_.string(), 1});
    ASSERT_TRUE(db && (*db)->Migrate());
    ASSERT_EQ(sqlite3_open(path_.c_str(), &raw_), SQLITE_OK);
  }
  void TearDown() override {
    sqlite3_close(raw_);
    for (const char* suffix : {"", "-wal", "-shm"}) fs::remove(path_.string() + suffix);
  }

  // The plan's detail lines, joined.
  std::string Plan(const char* sql) {
    std::string out;
    sqlite3_stmt* s = nullptr;
    EXPECT_EQ(sqlite3_prepare_v2(raw_, ("EXPLAIN QUERY PLAN " + std::string(sql)).c_str(), -1, &s, nullptr), SQLITE_OK)
        << sqlite3_errmsg(raw_);
    while (sqlite3_step(s) == SQLITE_ROW) out += std::string(reinterpret_cast<const char*>(sqlite3_column_text(s, 3))) + "\n";
    sqlite3_finalize(s);
    return out;
  }

  fs::path path_;
  sqlite3* raw_ = nullptr;
};

TEST_F(SqlitePlanTest, EveryShapeOfTheListsIsValidSql) {
  for (const FilteredSql* q : {&AuditListSql(), &ObjectListSql(), &AssessmentListSql(), &IncidentListSql()}) {
    for (unsigned mask = 0; mask < q->shapes(); ++mask) EXPECT_FALSE(Plan(q->For(mask)).empty()) << q->For(mask);
  }
}

TEST_F(SqlitePlanTest, AnOrganisationsAuditTrailIsReadFromItsIndex) {
  for (unsigned others = 0; others < 8; ++others) {
    const unsigned mask = 1 | (others << 1);  // org, with any of actor, since, until
    EXPECT_NE(Plan(AuditListSql().For(mask)).find("USING INDEX audit_by_org"), std::string::npos)
        << AuditListSql().For(mask);
  }
}

TEST_F(SqlitePlanTest, RegistryListsByOwnerAndBySectorUseTheirIndexes) {
  const std::string by_owner = Plan(ObjectListSql().For(FilteredSql::Mask({true, false, false, false})));
  EXPECT_NE(by_owner.find("USING INDEX cii_objects_by_owner"), std::string::npos) << by_owner;
  const std::string by_sector = Plan(ObjectListSql().For(FilteredSql::Mask({false, true, true, false})));
  EXPECT_NE(by_sector.find("USING INDEX cii_objects_by_sector"), std::string::npos) << by_sector;
}

TEST_F(SqlitePlanTest, AssessmentListsBySubjectOwnerAndCampaignUseTheirIndexes) {
  const auto plan = [&](bool owner, bool subject, bool campaign) {
    return Plan(AssessmentListSql().For(FilteredSql::Mask({owner, subject, subject, false, campaign})));
  };
  EXPECT_NE(plan(true, false, false).find("USING INDEX assessments_by_owner"), std::string::npos);
  EXPECT_NE(plan(false, true, false).find("USING INDEX assessments_by_subject"), std::string::npos);
  EXPECT_NE(plan(false, false, true).find("USING INDEX assessments_by_campaign"), std::string::npos);
}

TEST_F(SqlitePlanTest, AnOrganisationsIncidentsAreReadFromItsIndex) {
  for (unsigned others = 0; others < 4; ++others) {
    const unsigned mask = 1 | (others << 1);  // org, with any of status, deadline only
    EXPECT_NE(Plan(IncidentListSql().For(mask)).find("USING INDEX incidents_by_org"), std::string::npos)
        << IncidentListSql().For(mask);
  }
}

// A results upload finds its policy by the document's digest from the digest's index, however
// many versions the object's policies have (none of their documents is read to be hashed).
TEST_F(SqlitePlanTest, AnIssuedPolicyIsFoundFromTheDigestsIndex) {
  const std::string plan = Plan(kIssuedPolicySql);
  EXPECT_NE(plan.find("USING INDEX agent_policies_by_digest"), std::string::npos) << plan;
}

TEST(FilteredSqlTest, EachMaskHasExactlyItsConditionsInOrder) {
  const FilteredSql q("SELECT x FROM t WHERE id > ?", {" AND a = ?", " AND b = ?", " AND c = ?"}, " LIMIT ?");
  EXPECT_STREQ(q.For(0), "SELECT x FROM t WHERE id > ? LIMIT ?");
  EXPECT_STREQ(q.For(5), "SELECT x FROM t WHERE id > ? AND a = ? AND c = ? LIMIT ?");
  EXPECT_STREQ(q.For(7), "SELECT x FROM t WHERE id > ? AND a = ? AND b = ? AND c = ? LIMIT ?");
  EXPECT_EQ(FilteredSql::Mask({false, true, true}), 6u);
}

}  // namespace
}  // namespace qx::store::sqlite
