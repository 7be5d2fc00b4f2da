// The incident scheduler and outbox worker on a real SQLite store with an injected clock: a stage
// is notified once when it becomes due soon and once when overdue, however often the scheduler
// runs and across a restart; failed sends are retried with doubling delays, recorded, and given up
// after the last attempt.
#include "qx/incident/notifier.h"

#include <gtest/gtest.h>

#include "incident_world.h"

namespace qx::incident {
namespace {

constexpr std::int64_t kHour = 3'600'000;
const UnixMillis kAware = *ParseRfc3339("2026-10-24T20:00:00Z");  // the night before a DST change

class FakeSender final : public NotificationSender {
 public:
  Status Send(const std::string& channel, const boost::json::object& message) override {
    if (failures_left > 0) {
      --failures_left;
      return MakeError(ErrorCode::kUnavailable, "receiver down");
    }
    sent.push_back({channel, std::string(message.at("event").as_string()), std::string(message.at("stage").as_string())});
    return Ok();
  }
  struct Sent {
    std::string channel, event, stage;
    friend bool operator==(const Sent&, const Sent&) = default;
  };
  std::vector<Sent> sent;
  int failures_left = 0;
};

class NotifierTest : public IncidentWorld {
 protected:
  NotifierTest() : IncidentWorld(kAware + kHour) {}
  void SetUp() override {
    IncidentWorld::SetUp();
    if (HasFatalFailure()) return;
    service_ = std::make_unique<IncidentService>(*db_, clock_, *intel_, IncidentOptions{0.25, {"webhook"}});
  }
  void TearDown() override {
    service_.reset();
    IncidentWorld::TearDown();
  }
  std::unique_ptr<IncidentNotifier> Notifier(int max_attempts = 10) {
    NotifierOptions o;
    o.retry = std::chrono::seconds(60);
    o.max_attempts = max_attempts;
    o.worker_id = "test-worker";
    return std::make_unique<IncidentNotifier>(*db_, clock_, *service_, sender_, o);
  }
  domain::IncidentId Report(UnixMillis aware_at) {
    domain::Incident draft;
    draft.object_ids = {object_};
    draft.title = "Ransomware";
    draft.description = "Historian encrypted";
    draft.aware_at = aware_at;
    auto view = service_->Report(operator_, draft);
    EXPECT_TRUE(view) << view.error().message;
    return view ? view->incident.id : 0;
  }
  std::vector<domain::IncidentDelivery> Deliveries() {
    return store::Transact(*db_, store::TxMode::kRead, [](store::Tx& tx) {
             return tx.incidents().ListDeliveries({0, 100});
           })->items;
  }

  std::unique_ptr<IncidentService> service_;
  FakeSender sender_;
};

TEST_F(NotifierTest, EachStageIsNotifiedOncePerStateAcrossTicksAndARestart) {
  Report(kAware);
  auto notifier = Notifier();
  EXPECT_EQ(*notifier->Tick(), 0);  // early warning due, nothing to say yet
  clock_.Set(kAware + 18 * kHour - 1);
  EXPECT_EQ(*notifier->Tick(), 0);
  clock_.Set(kAware + 18 * kHour);  // a quarter of the 24 h left
  EXPECT_EQ(*notifier->Tick(), 1);
  EXPECT_EQ(*notifier->Tick(), 0);
  clock_.Set(kAware + 24 * kHour + 1);
  EXPECT_EQ(*notifier->Tick(), 1);
  notifier = Notifier();  // a restarted process finds the same jobs done
  EXPECT_EQ(*notifier->Tick(), 0);
  clock_.Set(kAware + 54 * kHour);  // the notification (72 h) is due soon
  EXPECT_EQ(*notifier->Tick(), 1);
  EXPECT_EQ(*notifier->Tick(), 0);
  using S = FakeSender::Sent;
  EXPECT_EQ(sender_.sent, (std::vector<S>{{"webhook", "due_soon", "early_warning"},
                                          {"webhook", "overdue", "early_warning"},
                                          {"webhook", "due_soon", "notification"}}));
  EXPECT_EQ(Deliveries().size(), 3u);
}

TEST_F(NotifierTest, ASubmissionIsNotifiedOnceAndEndsTheStagesReminders) {
  const auto id = Report(kAware);
  clock_.Set(kAware + 2 * kHour);
  auto view = service_->SubmitStage(operator_, id, "early_warning",
                                    {{"suspected_malicious", true}, {"cross_border_impact", "none"}});
  ASSERT_TRUE(view) << view.error().message;
  auto notifier = Notifier();
  EXPECT_EQ(*notifier->Tick(), 1);
  clock_.Set(kAware + 30 * kHour);  // the early warning's deadline passed, but it was submitted
  EXPECT_EQ(*notifier->Tick(), 0);
  ASSERT_EQ(sender_.sent.size(), 1u);
  EXPECT_EQ(sender_.sent[0].event, "submitted");
}

TEST_F(NotifierTest, FailuresAreRetriedWithDoublingDelaysAndRecorded) {
  Report(kAware - 25 * kHour);  // overdue at once
  sender_.failures_left = 2;
  auto notifier = Notifier();
  EXPECT_EQ(*notifier->Tick(), 0);
  auto log = Deliveries();
  ASSERT_EQ(log.size(), 1u);
  EXPECT_EQ(log[0].attempts, 1);
  EXPECT_EQ(log[0].last_error, "receiver down");
  EXPECT_FALSE(log[0].delivered_at);
  clock_.Advance(std::chrono::seconds(59));
  EXPECT_EQ(*notifier->Tick(), 0);
  EXPECT_EQ(Deliveries()[0].attempts, 1);  // not yet retried
  clock_.Advance(std::chrono::seconds(1));
  EXPECT_EQ(*notifier->Tick(), 0);  // second attempt fails; next in 120 s
  EXPECT_EQ(Deliveries()[0].attempts, 2);
  clock_.Advance(std::chrono::seconds(119));
  EXPECT_EQ(*notifier->Tick(), 0);
  clock_.Advance(std::chrono::seconds(1));
  EXPECT_EQ(*notifier->Tick(), 1);
  log = Deliveries();
  EXPECT_EQ(log[0].attempts, 3);
  EXPECT_TRUE(log[0].delivered_at);
  EXPECT_EQ(log[0].last_error, "");
}

TEST_F(NotifierTest, AfterTheLastAttemptTheNotificationIsGivenUp) {
  Report(kAware - 25 * kHour);
  sender_.failures_left = 100;
  auto notifier = Notifier(/*max_attempts=*/2);
  EXPECT_EQ(*notifier->Tick(), 0);
  clock_.Advance(std::chrono::seconds(60));
  EXPECT_EQ(*notifier->Tick(), 0);
  clock_.Advance(std::chrono::hours(1));  // long past the next retry
  EXPECT_EQ(*notifier->Tick(), 0);
  EXPECT_EQ(sender_.failures_left, 98);  // two attempts, then no more
  EXPECT_EQ(Deliveries()[0].attempts, 2);
}

TEST(HmacTest, MatchesTheRfc4231TestVector) {
  // RFC 4231 test case 2.
  EXPECT_EQ(HmacSha256Hex("Jefe", "what do ya want for nothing?"),
            "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
}

}  // namespace
}  // namespace qx::incident
