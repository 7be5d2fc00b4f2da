// The background ingest queue is bounded: large POSTs beyond it are refused until it drains, and
// what was queued is still stored when the service stops.
#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <filesystem>

#include "qx/identity/directory_service.h"
#include "qx/intel/intel_service.h"
#include "qx/store_sqlite/sqlite_database.h"

namespace qx::intel {
namespace {

namespace json = boost::json;

std::vector<json::value> Indicators(int first, int n) {
  std::vector<json::value> out;
  for (int i = first; i < first + n; ++i) {
    char id[64];
    std::snprintf(id, sizeof id, "indicator--00000000-0000-4000-8000-%012d", i);
    out.push_back(json::object{{"type", "indicator"},
                               {"spec_version", "2.1"},
                               {"id", id},
                               {"created", "2026-11-01T00:00:00.000Z"},
                               {"modified", "2026-11-01T00:00:00.000Z"},
                               {"pattern", "[ipv4-addr:value = '10.0.0.1']"},
                               {"pattern_type", "stix"},
                               {"valid_from", "2026-11-01T00:00:00Z"}});
  }
  return out;
}

class IntelQueueTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(crypto::InitCrypto());
    path_ = std::filesystem::temp_directory_path() / ("qx-intel-queue-" + std::to_string(::getpid()) + ".db");
    std::filesystem::remove(path_);
    db_ = std::move(*store::sqlite::OpenSqliteDatabase({path_.string(), 2}));
    ASSERT_TRUE(db_->Migrate());
    identity::DirectoryService directory(*db_, clock_, crypto::PasswordCost::kMinimal);
    domain::Organisation org{0, "Operator", domain::OrgKind::kOperator, "energy", 0};
    auto created = directory.CreateOrganisation(identity::Actor::System(), org);
    ASSERT_TRUE(created);
    principal_.org = *created;
    principal_.subject = domain::Subject{created->id, created->kind, domain::Role::kAnalyst, 1, std::nullopt};
    principal_.actor = "user:1";
  }
  void TearDown() override { std::filesystem::remove(path_); }

  std::string National(IntelService& service) {
    const auto collections = service.Collections(principal_);
    for (const auto& c : *collections) {
      if (c.collection.title == "National") return c.collection.id;
    }
    return "";
  }

  ManualClock clock_{1'800'000'000'000};
  std::filesystem::path path_;
  std::unique_ptr<store::Database> db_;
  identity::Principal principal_;
};

TEST_F(IntelQueueTest, RefusesLargePostsBeyondTheQueueUntilItDrains) {
  IntelOptions options;
  options.async_threshold = 2;
  options.max_queued_objects = 5;
  options.start_worker = false;
  std::string first_status;
  {
    IntelService service(*db_, clock_, options);
    ASSERT_TRUE(service.SeedCollections());
    const std::string national = National(service);
    ASSERT_FALSE(national.empty());

    auto first = service.Add(principal_, national, Indicators(0, 4));  // queued: 4
    ASSERT_TRUE(first) << first.error().message;
    EXPECT_EQ(first->status, "pending");
    first_status = first->id;
    auto refused = service.Add(principal_, national, Indicators(10, 3));  // 7 > 5
    ASSERT_FALSE(refused);
    EXPECT_EQ(refused.error().code, ErrorCode::kTooManyRequests);
    auto small = service.Add(principal_, national, Indicators(20, 1));  // not queued: taken now
    ASSERT_TRUE(small);
    EXPECT_EQ(small->status, "complete");
    service.StartWorker();
    for (int i = 0; i < 500 && service.GetStatus(principal_, first_status)->status != "complete"; ++i) {
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    EXPECT_EQ(service.GetStatus(principal_, first_status)->status, "complete");
    // Drained: the same POST is taken now, and even one larger than the whole queue is, alone.
    auto retried = service.Add(principal_, national, Indicators(10, 3));
    EXPECT_TRUE(retried) << retried.error().message;
    auto big = IntelService(*db_, clock_, options).Add(principal_, national, Indicators(30, 9));
    EXPECT_TRUE(big) << big.error().message;  // its service stops at once and still stores it
  }
  IntelService reopened(*db_, clock_, options);
  store::ObjectQuery everything;
  everything.limit = 100;
  auto page = reopened.Objects(principal_, National(reopened), everything);
  ASSERT_TRUE(page);
  EXPECT_EQ(page->items.size(), 4u + 1u + 3u + 9u);
}

}  // namespace
}  // namespace qx::intel
