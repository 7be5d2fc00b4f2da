#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iterator>

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
  std::vector<std::string> OldBlobs(std::chrono::seconds min_age) {
    std::vector<std::string> out;
    EXPECT_TRUE(store_->ForEachBlob(min_age, [&](const std::string& d) -> Status {
      out.push_back(d);
      return Ok();
    }));
    return out;
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
  EXPECT_EQ(*store_->Remove(*digest, std::chrono::seconds(0)), Removal::kRemoved);
  EXPECT_EQ(store_->Get(*digest).error().code, ErrorCode::kNotFound);
}

// Bytes stored long ago and Put again (another upload about to name them) are young again: neither
// a guarded Remove takes them nor does the sweep's listing offer them; once old again, both do.
TEST_F(FileBlobStoreTest, PuttingStoredBytesAgainMakesThemYoungForTheGuard) {
  constexpr auto kGuard = std::chrono::minutes(10);
  const auto digest = *store_->Put("shared evidence");
  Age(store_->PathOf(digest));
  ASSERT_EQ(*store_->Put("shared evidence"), digest);
  EXPECT_EQ(*store_->Remove(digest, kGuard), Removal::kTooYoung);
  EXPECT_TRUE(OldBlobs(kGuard).empty());
  EXPECT_TRUE(fs::exists(store_->PathOf(digest)));
  Age(store_->PathOf(digest));
  EXPECT_EQ(OldBlobs(kGuard), std::vector<std::string>{digest});
  EXPECT_EQ(*store_->Remove(digest, kGuard), Removal::kRemoved);
  EXPECT_FALSE(fs::exists(store_->PathOf(digest)));
  EXPECT_EQ(*store_->Remove(digest, kGuard), Removal::kAbsent);  // nothing left to remove
}

TEST_F(FileBlobStoreTest, ATamperedBlobIsAnErrorAndBadNamesAreNotFound) {
  auto digest = *store_->Put("original");
  std::ofstream(store_->PathOf(digest), std::ios::trunc) << "tampered";
  EXPECT_EQ(store_->Get(digest).error().code, ErrorCode::kInternal);
  EXPECT_EQ(store_->Get("../../etc/passwd").error().code, ErrorCode::kNotFound);
}

TEST_F(FileBlobStoreTest, PartialUploadsGoOnlyWhenOldAndTheListingOffersOnlyOldBlobs) {
  const auto first = *store_->Put("first");
  const auto second = *store_->Put("second");
  std::ofstream(dir_ / "tmp" / "crashed.part") << "half an upl";
  std::ofstream(dir_ / "objects" / "README") << "not a blob";
  // Fresh files may belong to an upload in flight: left alone.
  EXPECT_EQ(*store_->RemovePartial(std::chrono::minutes(10)), 0);
  EXPECT_TRUE(OldBlobs(std::chrono::minutes(10)).empty());
  Age(dir_ / "tmp" / "crashed.part");
  Age(dir_ / "objects" / "README");
  Age(store_->PathOf(second));
  EXPECT_EQ(*store_->RemovePartial(std::chrono::minutes(10)), 1);
  EXPECT_EQ(FilesUnder(dir_ / "tmp"), 0u);
  EXPECT_EQ(OldBlobs(std::chrono::minutes(10)), std::vector<std::string>{second});  // no README
  std::vector<std::string> all = OldBlobs(std::chrono::seconds(0));
  std::sort(all.begin(), all.end());
  std::vector<std::string> both = {first, second};
  std::sort(both.begin(), both.end());
  EXPECT_EQ(all, both);
}

// The visitor may remove what it is offered (the sweep does), and its error ends the walk.
TEST_F(FileBlobStoreTest, TheListingLetsItsVisitorRemoveAndStopsAtItsError) {
  for (const char* bytes : {"a", "b", "c"}) store_->Put(bytes);
  int visited = 0;
  ASSERT_TRUE(store_->ForEachBlob(std::chrono::seconds(0), [&](const std::string& d) -> Status {
    ++visited;
    QX_ASSIGN_OR_RETURN(auto removal, store_->Remove(d, std::chrono::seconds(0)));
    EXPECT_EQ(removal, Removal::kRemoved);
    return Ok();
  }));
  EXPECT_EQ(visited, 3);
  EXPECT_EQ(FilesUnder(dir_ / "objects"), 0u);
  for (const char* bytes : {"a", "b"}) store_->Put(bytes);
  visited = 0;
  auto stopped = store_->ForEachBlob(std::chrono::seconds(0), [&](const std::string&) -> Status {
    ++visited;
    return MakeError(ErrorCode::kUnavailable, "the database went away");
  });
  ASSERT_FALSE(stopped);
  EXPECT_EQ(stopped.error().code, ErrorCode::kUnavailable);
  EXPECT_EQ(visited, 1);
}

// A server stopping ends a sweep under way at once, even in a walk that would offer nothing: stop
// is asked before every entry (young blobs, other names and sub-directories included), and the
// walk returns at the first true without looking at another entry. Counted by the asking itself:
// a walk that went on would ask again.
TEST_F(FileBlobStoreTest, BothWalksAskStopAtEveryEntryAndEndAtTheFirstTrue) {
  constexpr int kFiles = 150;
  constexpr auto kGuard = std::chrono::minutes(10);
  for (int i = 0; i < kFiles; ++i) {  // young blobs, written directly (no fsync per file)
    const std::string bytes = "young " + std::to_string(i);
    const std::string digest = crypto::Sha256Hex(bytes);
    fs::create_directories(fs::path(store_->PathOf(digest)).parent_path());
    std::ofstream(store_->PathOf(digest)) << bytes;
    std::ofstream(dir_ / "tmp" / (std::to_string(i) + ".part")) << "half";
  }
  std::ofstream(dir_ / "objects" / "README") << "not a blob";
  const auto entries = static_cast<size_t>(
      std::distance(fs::recursive_directory_iterator(dir_ / "objects"), fs::recursive_directory_iterator()));
  ASSERT_GT(entries, static_cast<size_t>(kFiles));  // the blobs, their directories, the README

  int asked = 0;
  int visited = 0;
  auto visit = [&](const std::string&) -> Status {
    ++visited;
    return Ok();
  };
  // Never told to stop: asked at every entry, though none is old enough to be offered.
  ASSERT_TRUE(store_->ForEachBlob(kGuard, visit, [&] { return ++asked, false; }));
  EXPECT_EQ(static_cast<size_t>(asked), entries);
  EXPECT_EQ(visited, 0);
  asked = 0;
  EXPECT_EQ(*store_->RemovePartial(kGuard, [&] { return ++asked, false; }), 0);
  EXPECT_EQ(asked, kFiles);

  // Told to stop at the fifth entry: the walk ends there, with no error.
  asked = 0;
  ASSERT_TRUE(store_->ForEachBlob(kGuard, visit, [&] { return ++asked >= 5; }));
  EXPECT_EQ(asked, 5);
  asked = 0;
  visited = 0;
  ASSERT_TRUE(store_->ForEachBlob(std::chrono::seconds(0), visit, [&] { return ++asked >= 5; }));
  EXPECT_EQ(asked, 5);
  EXPECT_LE(visited, 4);  // only blobs among the first four entries were offered
  asked = 0;
  auto removed = store_->RemovePartial(std::chrono::seconds(0), [&] { return ++asked >= 5; });
  ASSERT_TRUE(removed);
  EXPECT_EQ(*removed, 4);  // the four entries before the stop, old enough with no guard
  EXPECT_EQ(asked, 5);
  EXPECT_EQ(FilesUnder(dir_ / "tmp"), static_cast<size_t>(kFiles - 4));
}

}  // namespace
}  // namespace qx::assessment
