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
    IncidentOptions options;
    options.attachment_limit = 100;
    service_ = std::make_unique<IncidentService>(*db_, clock_, *intel_, options, &blobs_);
    domain::Incident draft;
    draft.object_ids = {object_};
    draft.title = "Ransomware";
    draft.description = "Historian encrypted";
    draft.aware_at = clock_.Now() - 1000;
    auto view = service_->Report(operator_, draft);
    ASSERT_TRUE(view) << view.error().message;
    id_ = view->incident.id;
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

TEST_F(AttachmentServiceTest, ClosedBetweenCheckAndWriteRemovesTheNewBlob) {
  blobs_.after_put = [&] { CloseIncident(); };
  auto a = Attach("late bytes");
  ASSERT_FALSE(a);
  EXPECT_EQ(a.error().code, ErrorCode::kConflict);
  EXPECT_TRUE(blobs_.blobs.empty());
  EXPECT_EQ(blobs_.removed, 1);
  EXPECT_EQ(Rows(), 0u);
}

TEST_F(AttachmentServiceTest, AFailedWriteKeepsBytesAnotherRowNames) {
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
  auto report = service_->SweepAttachments(std::chrono::seconds(0));
  ASSERT_TRUE(report);
  EXPECT_EQ(report->blobs_removed, 1);
  EXPECT_EQ(blobs_.blobs.size(), 1u);
  EXPECT_EQ(blobs_.blobs.count(kept->sha256), 1u);
}

// The guard: an orphan younger than min_age may be the bytes of an upload in flight on another
// replica (stored, row not yet written), so the sweep leaves it; once older, it goes.
TEST_F(AttachmentServiceTest, TheSweepLeavesAYoungOrphanAndRemovesAnOldOne) {
  constexpr auto kGuard = std::chrono::minutes(10);
  auto kept = Attach("kept");
  ASSERT_TRUE(kept);
  const std::string orphan = blobs_.Leave("stored by another replica, row not yet written");
  blobs_.now += kGuard - std::chrono::seconds(1);
  auto young = service_->SweepAttachments(kGuard);
  ASSERT_TRUE(young);
  EXPECT_EQ(young->blobs_removed, 0);
  EXPECT_TRUE(blobs_.Has(orphan));
  blobs_.now += std::chrono::seconds(1);
  auto old = service_->SweepAttachments(kGuard);
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
