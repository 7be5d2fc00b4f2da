// StoredFiles, the bytes-then-row logic shared by assessment evidence and incident attachments,
// on the in-memory blob store with rows as a multiset of digests.
#include "qx/assessment/stored_files.h"

#include <gtest/gtest.h>

#include <atomic>
#include <functional>
#include <mutex>
#include <set>
#include <thread>
#include <vector>

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

  // The per-blob question (counted: a sweep should ask it only about blobs its snapshot does not
  // name) and the snapshot (one read of every digest named, then after_snapshot_).
  Result<std::int64_t> Rows(const std::string& sha256) {
    ++questions_;
    if (count_fails_) return MakeError(ErrorCode::kUnavailable, "the database went away");
    return static_cast<std::int64_t>(rows_.count(sha256));
  }
  Status AllRows(const std::function<void(const std::string&)>& add) {
    ++snapshots_;
    if (snapshot_fails_) return MakeError(ErrorCode::kUnavailable, "the database went away");
    for (const auto& sha256 : std::set<std::string>(rows_.begin(), rows_.end())) add(sha256);
    if (after_snapshot_) after_snapshot_();
    return Ok();
  }

  testing::MemoryBlobStore blobs_;
  std::multiset<std::string> rows_;
  bool count_fails_ = false;
  bool snapshot_fails_ = false;
  int questions_ = 0;
  int snapshots_ = 0;
  std::function<void()> after_snapshot_;  // a row written or deleted once the snapshot is read
  // As with SQLite: this process alone writes the directory.
  StoredFiles files_{blobs_, 0s, [this](const std::string& sha256) { return Rows(sha256); },
                     [this](const auto& add) { return AllRows(add); }};
  // As with PostgreSQL replicas sharing the directory.
  StoredFiles guarded_{blobs_, 10min, [this](const std::string& sha256) { return Rows(sha256); },
                       [this](const auto& add) { return AllRows(add); }};
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

TEST_F(StoredFilesTest, ADeleteThatHappenedIsOkEvenWhenItsBytesStayForTheSweep) {
  auto added = AddRow("memo");
  ASSERT_TRUE(added);
  count_fails_ = true;  // the row is deleted, then "does a row still name the bytes?" fails
  EXPECT_TRUE(DeleteRow(*added));
  EXPECT_TRUE(rows_.empty());
  EXPECT_TRUE(blobs_.Has(*added));
  count_fails_ = false;
  auto swept = files_.Sweep();
  ASSERT_TRUE(swept);
  EXPECT_EQ(swept->blobs_removed, 1u);
  EXPECT_FALSE(blobs_.Has(*added));
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

// The saving of the snapshot: a sweep over named blobs asks one question per orphan and none per
// named blob (it asked one per blob before: 103 here), with a guard or without.
TEST_F(StoredFilesTest, TheSweepAsksNothingAboutBlobsItsSnapshotNames) {
  std::set<std::string> named;
  for (int i = 0; i < 100; ++i) named.insert(*AddRow("named " + std::to_string(i)));
  ASSERT_TRUE(AddRow("named 7"));  // two rows, one digest
  std::set<std::string> orphans;
  for (int i = 0; i < 3; ++i) orphans.insert(blobs_.Leave("orphan " + std::to_string(i)));
  blobs_.now += 1h;
  for (StoredFiles* files : {&guarded_, &files_}) {
    questions_ = 0;
    snapshots_ = 0;
    auto swept = files->Sweep();
    ASSERT_TRUE(swept) << swept.error().message;
    EXPECT_EQ(snapshots_, 1);
    EXPECT_EQ(swept->blobs_removed, files == &guarded_ ? 3 : 0);  // the second finds none left
    EXPECT_EQ(questions_, files == &guarded_ ? 3 : 0);
  }
  for (const auto& sha256 : orphans) EXPECT_FALSE(blobs_.Has(sha256));
  for (const auto& sha256 : named) EXPECT_TRUE(blobs_.Has(sha256));
}

// A row written after the snapshot (by an upload of this process, or of a replica whose Put
// found the bytes stored) keeps its bytes: a blob the snapshot does not name is still decided by
// the question under the mutex, and the age guard does not protect here (none, or bytes old).
TEST_F(StoredFilesTest, ARowWrittenAfterTheSnapshotKeepsItsBlob) {
  const std::string late = blobs_.Leave("named once the snapshot is read");
  blobs_.now += 1h;
  after_snapshot_ = [&] { rows_.insert(late); };
  for (StoredFiles* files : {&files_, &guarded_}) {
    rows_.clear();
    questions_ = 0;
    auto swept = files->Sweep();
    ASSERT_TRUE(swept) << swept.error().message;
    EXPECT_EQ(swept->blobs_removed, 0);
    EXPECT_EQ(questions_, 1);
    EXPECT_TRUE(blobs_.Has(late));
  }
  // The next sweep's snapshot names them: no question.
  after_snapshot_ = nullptr;
  questions_ = 0;
  EXPECT_EQ(files_.Sweep()->blobs_removed, 0);
  EXPECT_EQ(questions_, 0);
  EXPECT_TRUE(blobs_.Has(late));
}

// A row deleted after the snapshot outside Remove (which removes its bytes itself): the sweep
// only spares what its snapshot names, and the next one removes them.
TEST_F(StoredFilesTest, BytesUnnamedAfterTheSnapshotGoWithTheNextSweep) {
  const std::string sha256 = *AddRow("unnamed once the snapshot is read");
  blobs_.now += 1h;
  after_snapshot_ = [&] { rows_.clear(); };
  EXPECT_EQ(guarded_.Sweep()->blobs_removed, 0);
  EXPECT_TRUE(blobs_.Has(sha256));
  after_snapshot_ = nullptr;
  EXPECT_EQ(guarded_.Sweep()->blobs_removed, 1);
  EXPECT_FALSE(blobs_.Has(sha256));
}

// Without its snapshot the sweep answers the error and removes nothing (the next one retries).
TEST_F(StoredFilesTest, AFailedSnapshotFailsTheSweep) {
  const std::string orphan = blobs_.Leave("orphan");
  snapshot_fails_ = true;
  auto swept = files_.Sweep();
  ASSERT_FALSE(swept);
  EXPECT_EQ(swept.error().code, ErrorCode::kUnavailable);
  EXPECT_EQ(questions_, 0);
  EXPECT_TRUE(blobs_.Has(orphan));
  snapshot_fails_ = false;
  EXPECT_EQ(files_.Sweep()->blobs_removed, 1);
}

// A sweep told to stop (the server shutting down) ends before its next blob, without an error;
// the next sweep takes the rest.
TEST_F(StoredFilesTest, AStoppedSweepEndsBeforeItsNextBlob) {
  for (const char* bytes : {"left 1", "left 2", "left 3"}) blobs_.Leave(bytes);
  int asked = 0;
  auto stopped = files_.Sweep([&] { return ++asked > 1; });
  ASSERT_TRUE(stopped) << stopped.error().message;
  EXPECT_EQ(stopped->blobs_removed, 1);
  EXPECT_EQ(asked, 2);
  EXPECT_EQ(blobs_.blobs.size(), 2u);
  EXPECT_EQ(files_.Sweep()->blobs_removed, 2);
  EXPECT_TRUE(blobs_.blobs.empty());
}

// The stop reaches the walk itself: a guarded sweep over bytes all too young to go (a shared
// directory full of fresh uploads) still ends at the first true, not after listing them all.
TEST_F(StoredFilesTest, AStoppedSweepEndsAmongYoungBytesItWouldNotOffer) {
  for (int i = 0; i < 50; ++i) blobs_.Leave("young " + std::to_string(i));
  int asked = 0;
  auto stopped = guarded_.Sweep([&] { return ++asked >= 3; });
  ASSERT_TRUE(stopped) << stopped.error().message;
  EXPECT_EQ(asked, 3);
  EXPECT_EQ(stopped->blobs_removed, 0);
  EXPECT_EQ(blobs_.blobs.size(), 50u);
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

// Uploads, deletions, crashes (bytes left without their row) and sweeps on threads, unguarded (as
// with SQLite) and guarded (as with PostgreSQL, the clock moving past the guard as the sweeps go).
// The sweep takes the mutex for one blob at a time, so named bytes must never go: the blob store
// checks at every removal that no row names what it removes, and each upload reads its bytes back
// while its row names them. Orphans older than the guard go while the uploads go on.
class ConcurrentSweepTest : public ::testing::TestWithParam<std::chrono::seconds> {
 protected:
  Result<std::int64_t> Rows(const std::string& sha256) {
    std::lock_guard<std::mutex> lock(rows_mu_);
    return static_cast<std::int64_t>(rows_.count(sha256));
  }
  Result<std::string> AddRow(const std::string& bytes) {
    return files_.Add(bytes, [&](const std::string& sha256) -> Result<std::string> {
      std::lock_guard<std::mutex> lock(rows_mu_);
      rows_.insert(sha256);
      return sha256;
    });
  }
  Status DeleteRow(const std::string& sha256) {
    return files_.Remove([&]() -> Result<std::string> {
      std::lock_guard<std::mutex> lock(rows_mu_);
      rows_.erase(rows_.find(sha256));
      return sha256;
    });
  }
  Status AllRows(const std::function<void(const std::string&)>& add) {
    std::lock_guard<std::mutex> lock(rows_mu_);
    for (const auto& sha256 : rows_) add(sha256);
    return Ok();
  }

  const std::chrono::seconds guard_ = GetParam();
  testing::MemoryBlobStore blobs_;
  std::mutex rows_mu_;  // taken inside the blob store's lock (on_remove), never around it
  std::multiset<std::string> rows_;
  StoredFiles files_{blobs_, guard_, [this](const std::string& sha256) { return Rows(sha256); },
                     [this](const auto& add) { return AllRows(add); }};
};

TEST_P(ConcurrentSweepTest, NamedBytesNeverGoAndOldOrphansGoWhileUploadsRun) {
  std::atomic<int> named_removed{0}, unreadable{0}, errors{0}, sweeps{0}, swept{0};
  blobs_.on_remove = [&](const std::string& sha256) { named_removed += Rows(sha256).value() > 0; };
  // Let other threads in where a lock held too briefly would show: between the sweep's "no row
  // names them" and the removal, and between an upload's row and its reading the bytes back.
  blobs_.before_remove = [] { std::this_thread::yield(); };
  std::vector<std::string> kept, early_orphans;
  for (int i = 0; i < 5; ++i) kept.push_back(*AddRow("kept " + std::to_string(i)));
  for (int i = 0; i < 20; ++i) early_orphans.push_back(blobs_.Leave("crashed early " + std::to_string(i)));
  blobs_.Advance(guard_);  // the early orphans (and the kept bytes) are old now

  std::atomic<int> uploaders_left{4};
  std::thread sweeper([&] {
    do {
      auto report = files_.Sweep();
      if (!report) {
        ++errors;
      } else {
        swept += report->blobs_removed;
      }
      ++sweeps;
      if (guard_ > std::chrono::seconds(0)) blobs_.Advance(std::chrono::minutes(1));
    } while (uploaders_left > 0);
  });
  std::vector<std::thread> uploaders;
  for (int t = 0; t < 4; ++t) {
    uploaders.emplace_back([&, t] {
      for (int i = 0; i < 400; ++i) {
        // Few distinct contents, so that threads keep storing, naming and freeing the same bytes.
        const std::string bytes = "shared " + std::to_string(i % 5);
        auto sha256 = AddRow(bytes);
        if (!sha256) {
          ++errors;
          continue;
        }
        std::this_thread::yield();
        auto read = files_.Read(*sha256);  // this upload's row names them
        unreadable += !read || *read != bytes;
        if (!DeleteRow(*sha256)) ++errors;
        // A crash between bytes and row: of bytes others keep uploading, and of bytes of its own.
        if (i % 10 == 0) blobs_.Leave(bytes);
        if (i % 40 == 0) blobs_.Leave("crashed " + std::to_string(t) + " " + std::to_string(i));
      }
      --uploaders_left;
    });
  }
  for (auto& u : uploaders) u.join();
  sweeper.join();

  EXPECT_EQ(named_removed, 0);
  EXPECT_EQ(unreadable, 0);
  EXPECT_EQ(errors, 0);
  EXPECT_GE(sweeps, 1);
  EXPECT_GE(swept, static_cast<int>(early_orphans.size()));
  for (const auto& sha256 : early_orphans) EXPECT_FALSE(blobs_.Has(sha256));
  for (const auto& sha256 : kept) EXPECT_TRUE(blobs_.Has(sha256));
  // Once everything is older than the guard, one sweep leaves exactly the named bytes.
  blobs_.Advance(guard_);
  ASSERT_TRUE(files_.Sweep());
  std::set<std::string> left;
  for (const auto& [sha256, blob] : blobs_.blobs) left.insert(sha256);
  EXPECT_EQ(left, std::set<std::string>(kept.begin(), kept.end()));
}

INSTANTIATE_TEST_SUITE_P(Guards, ConcurrentSweepTest,
                         ::testing::Values(std::chrono::seconds(0), std::chrono::seconds(600)),
                         [](const auto& info) {
                           return info.param.count() == 0 ? std::string("Unguarded") : std::string("Guarded");
                         });

}  // namespace
}  // namespace qx::assessment
