// Incident attachments in the service on a real SQLite store with an in-memory blob store: the
// bytes and the row go together or not at all. The blob store's Put can close the incident
// behind the service's back, which is the race between the first check and the write.
#include <gtest/gtest.h>

#include <filesystem>

#include "incident_world.h"
#include "qx/crypto/digest.h"
#include "memory_blob_store.h"
#include "qx/incident/incident_service.h"

namespace qx::incident {
namespace {

using testing::MemoryBlobStore;

class AttachmentServiceTest : public IncidentWorld {
 protected:
  AttachmentServiceTest() : IncidentWorld(*ParseRfc3339("2026-11-01T10:00:00Z")) {}
  void SetUp() override {
    IncidentWorld::SetUp();
    if (HasFatalFailure()) return;
    Open(kGuard);
    domain::Incident draft;
    draft.object_ids = {object_};
    draft.title = "Ransomware";
    draft.description = "Historian encrypted";
    draft.aware_at = clock_.Now() - 1000;
    auto view = service_->Report(operator_, draft);
    ASSERT_TRUE(view) << view.error().message;
    id_ = view->incident.id;
  }
  // A service whose unnamed bytes younger than guard stay for the sweep (10 minutes: replicas
  // sharing the directory, as with PostgreSQL; 0: this process alone, as with SQLite).
  void Open(std::chrono::seconds guard) {
    service_.reset();
    IncidentOptions options;
    options.attachment_limit = 100;
    options.orphan_guard = guard;
    service_ = std::make_unique<IncidentService>(*db_, clock_, *intel_, options, &blobs_);
  }
  void TearDown() override {
    service_.reset();
    IncidentWorld::TearDown();
  }
  Result<domain::IncidentAttachment> Attach(std::string_view content, std::string name = "edr.log") {
    return service_->AddAttachment(operator_, id_, {std::move(name), "text/plain", ""}, content);
  }
  size_t Rows() { return service_->Attachments(operator_, id_)->size(); }
  size_t TimelineEntries() {
    return store::Transact(*db_, store::TxMode::kRead, [&](store::Tx& tx) {
             return tx.incidents().ListTimeline(id_, {0, 100});
           })->items.size();
  }
  void CloseIncident() {
    ASSERT_TRUE(db_->Run(store::TxMode::kWrite, [&](store::Tx& tx) -> Status {
      QX_ASSIGN_OR_RETURN(auto i, tx.incidents().GetIncident(id_));
      i.status = domain::IncidentStatus::kClosed;
      return tx.incidents().UpdateIncident(i);
    }));
  }

  static constexpr std::chrono::seconds kGuard = std::chrono::minutes(10);
  MemoryBlobStore blobs_;
  std::unique_ptr<IncidentService> service_;
  domain::IncidentId id_ = 0;
};

TEST_F(AttachmentServiceTest, StoresBytesRowAndTimelineEntryTogether) {
  const size_t entries = TimelineEntries();
  auto a = Attach("log line");
  ASSERT_TRUE(a) << a.error().message;
  EXPECT_EQ(a->sha256, crypto::Sha256Hex("log line"));
  EXPECT_EQ(blobs_.blobs.count(a->sha256), 1u);
  EXPECT_EQ(Rows(), 1u);
  EXPECT_EQ(TimelineEntries(), entries + 1);
  auto read = service_->ReadAttachment(operator_, id_, a->id);
  ASSERT_TRUE(read);
  EXPECT_EQ(read->second, "log line");
}

TEST_F(AttachmentServiceTest, ABlobStoreFailureLeavesNoRow) {
  blobs_.fail_put = true;
  auto a = Attach("log line");
  ASSERT_FALSE(a);
  EXPECT_EQ(a.error().code, ErrorCode::kUnavailable);
  EXPECT_EQ(Rows(), 0u);
}

TEST_F(AttachmentServiceTest, LimitAndEmptyAreRefusedBeforeAnythingIsStored) {
  EXPECT_EQ(Attach(std::string(101, 'x')).error().code, ErrorCode::kPayloadTooLarge);
  EXPECT_EQ(Attach("").error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(Attach("x", "a/b").error().code, ErrorCode::kInvalidArgument);
  EXPECT_TRUE(Attach(std::string(100, 'x')));
  EXPECT_EQ(blobs_.blobs.size(), 1u);
}

// With replicas sharing the directory, the bytes of a failed row may be the bytes another replica
// has just stored (same content, same name) and is about to name: they are left to the sweep,
// whose guard keeps them while young.
TEST_F(AttachmentServiceTest, ClosedBetweenCheckAndWriteLeavesTheNewBytesToTheSweep) {
  blobs_.after_put = [&] { CloseIncident(); };
  auto a = Attach("late bytes");
  ASSERT_FALSE(a);
  EXPECT_EQ(a.error().code, ErrorCode::kConflict);
  EXPECT_EQ(Rows(), 0u);
  const std::string sha256 = crypto::Sha256Hex("late bytes");
  EXPECT_TRUE(blobs_.Has(sha256));
  EXPECT_EQ(blobs_.removed, 0);
  EXPECT_EQ(service_->SweepAttachments()->blobs_removed, 0);
  blobs_.now += kGuard;
  EXPECT_EQ(service_->SweepAttachments()->blobs_removed, 1);
  EXPECT_FALSE(blobs_.Has(sha256));
}

// With the directory this process's alone, nobody else can be about to name them: they go at once.
TEST_F(AttachmentServiceTest, UnguardedAFailedWriteRemovesTheNewBytes) {
  Open(std::chrono::seconds(0));
  blobs_.after_put = [&] { CloseIncident(); };
  ASSERT_FALSE(Attach("late bytes"));
  EXPECT_TRUE(blobs_.blobs.empty());
  EXPECT_EQ(blobs_.removed, 1);
  EXPECT_EQ(Rows(), 0u);
}

TEST_F(AttachmentServiceTest, AFailedWriteKeepsBytesAnotherRowNames) {
  Open(std::chrono::seconds(0));
  auto first = Attach("shared bytes");
  ASSERT_TRUE(first);
  blobs_.after_put = [&] { CloseIncident(); };
  ASSERT_FALSE(Attach("shared bytes", "copy.log"));
  EXPECT_EQ(blobs_.removed, 0);
  EXPECT_EQ(blobs_.blobs.count(first->sha256), 1u);
  EXPECT_EQ(Rows(), 1u);
}

TEST_F(AttachmentServiceTest, SweepRemovesOnlyBlobsNoRowNames) {
  auto kept = Attach("kept");
  ASSERT_TRUE(kept);
  blobs_.Leave("left by a crash");
  blobs_.now += kGuard;
  auto report = service_->SweepAttachments();
  ASSERT_TRUE(report);
  EXPECT_EQ(report->blobs_removed, 1);
  EXPECT_EQ(blobs_.blobs.size(), 1u);
  EXPECT_EQ(blobs_.blobs.count(kept->sha256), 1u);
}

// A row written once the sweep has read which digests rows name (its snapshot), here by another
// process, for bytes long stored: no guard protects them, the question asked of each blob the
// snapshot does not name does.
TEST_F(AttachmentServiceTest, ARowWrittenAfterTheSweepsSnapshotKeepsItsBytes) {
  Open(std::chrono::seconds(0));
  auto kept = Attach("kept");
  ASSERT_TRUE(kept);
  const std::string late = blobs_.Leave("named after the snapshot");
  const std::string orphan = blobs_.Leave("left by a crash");
  blobs_.now += kGuard;
  blobs_.before_walk = [&] {
    domain::IncidentAttachment row{0, id_, late, "late.log", "text/plain", 24, "", "op", 1};
    ASSERT_TRUE(store::Transact(*db_, store::TxMode::kWrite, [&](store::Tx& tx) {
      return tx.incidents().InsertAttachment(row);
    }));
  };
  auto report = service_->SweepAttachments();
  ASSERT_TRUE(report) << report.error().message;
  EXPECT_EQ(report->blobs_removed, 1);
  EXPECT_TRUE(blobs_.Has(kept->sha256));
  EXPECT_TRUE(blobs_.Has(late));
  EXPECT_FALSE(blobs_.Has(orphan));
}

// The guard: an orphan younger than min_age may be the bytes of an upload in flight on another
// replica (stored, row not yet written), so the sweep leaves it; once older, it goes.
TEST_F(AttachmentServiceTest, TheSweepLeavesAYoungOrphanAndRemovesAnOldOne) {
  auto kept = Attach("kept");
  ASSERT_TRUE(kept);
  const std::string orphan = blobs_.Leave("stored by another replica, row not yet written");
  blobs_.now += kGuard - std::chrono::seconds(1);
  auto young = service_->SweepAttachments();
  ASSERT_TRUE(young);
  EXPECT_EQ(young->blobs_removed, 0);
  EXPECT_TRUE(blobs_.Has(orphan));
  blobs_.now += std::chrono::seconds(1);
  auto old = service_->SweepAttachments();
  ASSERT_TRUE(old);
  EXPECT_EQ(old->blobs_removed, 1);
  EXPECT_FALSE(blobs_.Has(orphan));
  EXPECT_TRUE(blobs_.Has(kept->sha256));  // old too, but named by a row
}

TEST_F(AttachmentServiceTest, WithoutABlobStoreAttachmentsAreUnavailable) {
  IncidentService bare(*db_, clock_, *intel_, IncidentOptions{});
  auto a = bare.AddAttachment(operator_, id_, {"a.txt", "", ""}, "x");
  ASSERT_FALSE(a);
  EXPECT_EQ(a.error().code, ErrorCode::kUnavailable);
}

TEST_F(AttachmentServiceTest, AnIncidentHoldsALimitedNumberOfFiles) {
  service_.reset();
  IncidentOptions options;
  options.attachments_per_incident = 2;
  service_ = std::make_unique<IncidentService>(*db_, clock_, *intel_, options, &blobs_);
  ASSERT_TRUE(Attach("one", "a.log"));
  ASSERT_TRUE(Attach("two", "b.log"));
  const auto third = Attach("three", "c.log");
  ASSERT_FALSE(third);
  EXPECT_EQ(third.error().code, ErrorCode::kConflict);
  EXPECT_EQ(Rows(), 2u);
  EXPECT_EQ(blobs_.blobs.size(), 2u);  // refused before its bytes were stored
}

}  // namespace
}  // namespace qx::incident
