#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "qx/assessment/blob_store.h"
#include "qx/crypto/digest.h"

namespace qx::assessment {
namespace {
namespace fs = std::filesystem;

class FileBlobStoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("qx-blobs-" + std::to_string(::getpid()) + "-" +
                                        ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    store_ = std::move(*FileBlobStore::Open(dir_.string()));
  }
  void TearDown() override { fs::remove_all(dir_); }
  size_t FilesUnder(const fs::path& p) {
    size_t n = 0;
    for (const auto& e : fs::recursive_directory_iterator(p)) n += e.is_regular_file();
    return n;
  }
  void Age(const fs::path& p) {
    fs::last_write_time(p, fs::file_time_type::clock::now() - std::chrono::hours(2));
  }

  fs::path dir_;
  std::unique_ptr<FileBlobStore> store_;
};

TEST_F(FileBlobStoreTest, StoresUnderTheDigestOnceAndReadsBack) {
  const std::string content = "penetration test report";
  auto digest = store_->Put(content);
  ASSERT_TRUE(digest);
  EXPECT_EQ(*digest, crypto::Sha256Hex(content));
  EXPECT_TRUE(fs::exists(store_->PathOf(*digest)));
  EXPECT_EQ(*store_->Put(content), *digest);
  EXPECT_EQ(FilesUnder(dir_ / "objects"), 1u);
  EXPECT_EQ(FilesUnder(dir_ / "tmp"), 0u);
  EXPECT_EQ(*store_->Get(*digest), content);
  ASSERT_TRUE(store_->Remove(*digest, std::chrono::seconds(0)));
  EXPECT_EQ(store_->Get(*digest).error().code, ErrorCode::kNotFound);
}

// Bytes stored long ago and Put again (another upload about to name them) are young again: neither
// a guarded Remove nor the sweep takes them; once old again, both do.
TEST_F(FileBlobStoreTest, PuttingStoredBytesAgainMakesThemYoungForTheGuard) {
  constexpr auto kGuard = std::chrono::minutes(10);
  const auto digest = *store_->Put("shared evidence");
  Age(store_->PathOf(digest));
  ASSERT_EQ(*store_->Put("shared evidence"), digest);
  EXPECT_EQ(*store_->Remove(digest, kGuard), false);
  auto none = [](const std::string&) -> Result<bool> { return false; };
  EXPECT_EQ(store_->Sweep(none, kGuard)->blobs_removed, 0);
  EXPECT_TRUE(fs::exists(store_->PathOf(digest)));
  Age(store_->PathOf(digest));
  EXPECT_EQ(*store_->Remove(digest, kGuard), true);
  EXPECT_FALSE(fs::exists(store_->PathOf(digest)));
  EXPECT_EQ(*store_->Remove(digest, kGuard), true);  // nothing left to remove
}

TEST_F(FileBlobStoreTest, ATamperedBlobIsAnErrorAndBadNamesAreNotFound) {
  auto digest = *store_->Put("original");
  std::ofstream(store_->PathOf(digest), std::ios::trunc) << "tampered";
  EXPECT_EQ(store_->Get(digest).error().code, ErrorCode::kInternal);
  EXPECT_EQ(store_->Get("../../etc/passwd").error().code, ErrorCode::kNotFound);
}

TEST_F(FileBlobStoreTest, TheSweepRemovesPartialUploadsAndUnreferencedBlobsOnlyWhenOld) {
  const auto kept = *store_->Put("kept");
  const auto orphan = *store_->Put("orphan");
  std::ofstream(dir_ / "tmp" / "crashed.part") << "half an upl";
  auto referenced = [&](const std::string& d) -> Result<bool> { return d == kept; };
  // Fresh files may belong to an upload in flight: left alone.
  auto young = store_->Sweep(referenced, std::chrono::minutes(10));
  ASSERT_TRUE(young);
  EXPECT_EQ(young->temp_removed + young->blobs_removed, 0);
  Age(dir_ / "tmp" / "crashed.part");
  Age(store_->PathOf(orphan));
  Age(store_->PathOf(kept));
  auto old = store_->Sweep(referenced, std::chrono::minutes(10));
  ASSERT_TRUE(old);
  EXPECT_EQ(old->temp_removed, 1);
  EXPECT_EQ(old->blobs_removed, 1);
  EXPECT_TRUE(fs::exists(store_->PathOf(kept)));
  EXPECT_FALSE(fs::exists(store_->PathOf(orphan)));
  EXPECT_EQ(FilesUnder(dir_ / "tmp"), 0u);
}

}  // namespace
}  // namespace qx::assessment
