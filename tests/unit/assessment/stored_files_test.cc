// StoredFiles, the bytes-then-row logic shared by assessment evidence and incident attachments,
// on the in-memory blob store with rows as a multiset of digests.
#include "qx/assessment/stored_files.h"

#include <gtest/gtest.h>

#include <set>

#include "memory_blob_store.h"
#include "qx/crypto/digest.h"

namespace qx::assessment {
namespace {

using namespace std::chrono_literals;

class StoredFilesTest : public ::testing::Test {
 protected:
  Result<std::string> AddRow(std::string_view bytes, bool row_fails = false) {
    return files_.Add(bytes, [&](const std::string& sha256) -> Result<std::string> {
      if (row_fails) return MakeError(ErrorCode::kConflict, "the row was refused");
      rows_.insert(sha256);
      return sha256;
    });
  }
  Status DeleteRow(const std::string& sha256) {
    return files_.Remove([&]() -> Result<std::string> {
      rows_.erase(rows_.find(sha256));
      return sha256;
    });
  }

  Result<std::int64_t> Rows(const std::string& sha256) { return static_cast<std::int64_t>(rows_.count(sha256)); }

  testing::MemoryBlobStore blobs_;
  std::multiset<std::string> rows_;
  // As with SQLite: this process alone writes the directory.
  StoredFiles files_{blobs_, 0s, [this](const std::string& sha256) { return Rows(sha256); }};
  // As with PostgreSQL replicas sharing the directory.
  StoredFiles guarded_{blobs_, 10min, [this](const std::string& sha256) { return Rows(sha256); }};
};

TEST_F(StoredFilesTest, BytesThenRowAndTheBytesGoWithTheLastRow) {
  auto first = AddRow("report");
  ASSERT_TRUE(first);
  EXPECT_EQ(*files_.Read(*first), "report");
  auto second = AddRow("report");  // the same bytes: one blob, two rows
  ASSERT_TRUE(second);
  EXPECT_EQ(blobs_.blobs.size(), 1u);
  ASSERT_TRUE(DeleteRow(*first));
  EXPECT_TRUE(blobs_.Has(*first));  // still named
  ASSERT_TRUE(DeleteRow(*second));
  EXPECT_FALSE(blobs_.Has(*first));
}

TEST_F(StoredFilesTest, AFailedRowAnswersItsErrorAndNoRowIsLeft) {
  auto failed = AddRow("refused", true);
  ASSERT_FALSE(failed);
  EXPECT_EQ(failed.error().code, ErrorCode::kConflict);
  EXPECT_TRUE(rows_.empty());
  EXPECT_TRUE(blobs_.blobs.empty());  // unguarded: nobody else can be about to name them
  blobs_.fail_put = true;
  EXPECT_EQ(AddRow("no disk").error().code, ErrorCode::kUnavailable);
  EXPECT_TRUE(rows_.empty());
}

TEST_F(StoredFilesTest, TheSweepLeavesYoungOrphansAndNamedBytes) {
  const auto named = *AddRow("named");
  const std::string orphan = blobs_.Leave("orphan");
  blobs_.now += 9min;
  EXPECT_EQ(guarded_.Sweep()->blobs_removed, 0);
  EXPECT_TRUE(blobs_.Has(orphan));
  blobs_.now += 1min;
  EXPECT_EQ(guarded_.Sweep()->blobs_removed, 1);
  EXPECT_FALSE(blobs_.Has(orphan));
  EXPECT_TRUE(blobs_.Has(named));
}

// The race of a shared directory: replica B stores bytes (or finds them stored) and is about to
// write its row when replica A's row for the same bytes fails. A must not take B's bytes; the
// sweep does, once they are older than the guard and still unnamed.
TEST_F(StoredFilesTest, WithAGuardAFailedRowLeavesTheBytesToTheSweep) {
  ASSERT_FALSE(guarded_.Add("same bytes", [&](const std::string&) -> Result<std::string> {
    return MakeError(ErrorCode::kUnavailable, "the database went away");
  }));
  const std::string sha256 = crypto::Sha256Hex("same bytes");
  EXPECT_TRUE(blobs_.Has(sha256));  // replica B's row can still name them
  rows_.insert(sha256);             // ...and does
  blobs_.now += 1h;
  EXPECT_EQ(guarded_.Sweep()->blobs_removed, 0);
  rows_.clear();
  EXPECT_EQ(guarded_.Sweep()->blobs_removed, 1);
}

// Deleting the last row naming old bytes, while another upload has just Put the same bytes (made
// them young) and not yet written its row: the bytes stay.
TEST_F(StoredFilesTest, WithAGuardDeletingTheLastRowKeepsBytesAnUploadIsAboutToName) {
  const auto sha256 = *guarded_.Add("policy.pdf bytes", [&](const std::string& d) -> Result<std::string> {
    rows_.insert(d);
    return d;
  });
  blobs_.now += 1h;
  ASSERT_TRUE(blobs_.Put("policy.pdf bytes"));  // replica B, row still to come
  ASSERT_TRUE(guarded_.Remove([&]() -> Result<std::string> {
    rows_.erase(sha256);
    return sha256;
  }));
  EXPECT_TRUE(blobs_.Has(sha256));
  // Old bytes whose last row goes are removed at once.
  blobs_.now += 1h;
  rows_.insert(sha256);
  ASSERT_TRUE(guarded_.Remove([&]() -> Result<std::string> {
    rows_.erase(sha256);
    return sha256;
  }));
  EXPECT_FALSE(blobs_.Has(sha256));
}

}  // namespace
}  // namespace qx::assessment
