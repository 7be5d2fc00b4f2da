// StoredFiles, the bytes-then-row logic shared by assessment evidence and incident attachments,
// on the in-memory blob store with rows as a multiset of digests.
#include "qx/assessment/stored_files.h"

#include <gtest/gtest.h>

#include <set>

#include "memory_blob_store.h"

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

  testing::MemoryBlobStore blobs_;
  std::multiset<std::string> rows_;
  StoredFiles files_{blobs_, [this](const std::string& sha256) -> Result<std::int64_t> {
                       return static_cast<std::int64_t>(rows_.count(sha256));
                     }};
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
  blobs_.fail_put = true;
  EXPECT_EQ(AddRow("no disk").error().code, ErrorCode::kUnavailable);
  EXPECT_TRUE(rows_.empty());
}

TEST_F(StoredFilesTest, TheSweepLeavesYoungOrphansAndNamedBytes) {
  const auto named = *AddRow("named");
  const std::string orphan = blobs_.Leave("orphan");
  blobs_.now += 9min;
  EXPECT_EQ(files_.Sweep(10min)->blobs_removed, 0);
  EXPECT_TRUE(blobs_.Has(orphan));
  blobs_.now += 1min;
  EXPECT_EQ(files_.Sweep(10min)->blobs_removed, 1);
  EXPECT_FALSE(blobs_.Has(orphan));
  EXPECT_TRUE(blobs_.Has(named));
}

}  // namespace
}  // namespace qx::assessment
