// The periodic sweep of uploaded files: every store swept, a failing one logged and the others
// still swept, sweeps repeated every interval on a thread, and Stop neither sleeping out the
// interval nor waiting for a sweep's walk to end.
#include "file_sweeper.h"

#include <gtest/gtest.h>

#include <atomic>
#include <condition_variable>
#include <mutex>
#include <thread>

namespace qx::app {
namespace {

using namespace std::chrono_literals;
using assessment::SweepReport;

// Counts sweeps and lets the test wait for a number of them.
struct Counter {
  std::mutex mu;
  std::condition_variable cv;
  int sweeps = 0;
  void Add() {
    std::lock_guard<std::mutex> lock(mu);
    ++sweeps;
    cv.notify_all();
  }
  bool WaitFor(int n) {
    std::unique_lock<std::mutex> lock(mu);
    return cv.wait_for(lock, 60s, [&] { return sweeps >= n; });
  }
};

TEST(FileSweeperTest, OneSweepCoversEveryStoreEvenWhenOneFails) {
  int evidence = 0, attachments = 0;
  FileSweeper sweeper({{"evidence",
                        [&](const std::function<bool()>&) -> Result<SweepReport> {
                          ++evidence;
                          return MakeError(ErrorCode::kUnavailable, "the database went away");
                        }},
                       {"incident attachment",
                        [&](const std::function<bool()>&) -> Result<SweepReport> {
                          ++attachments;
                          return SweepReport{1, 2};
                        }}},
                      1h);
  EXPECT_EQ(sweeper.SweepOnce(), 3);
  EXPECT_EQ(evidence, 1);
  EXPECT_EQ(attachments, 1);
}

TEST(FileSweeperTest, SweepsEveryIntervalUntilStopped) {
  Counter counter;
  FileSweeper sweeper({{"evidence",
                        [&](const std::function<bool()>&) -> Result<SweepReport> {
                          counter.Add();
                          return SweepReport{};
                        }}},
                      5ms);
  sweeper.Start();
  ASSERT_TRUE(counter.WaitFor(3));
  sweeper.Stop();
  const int after_stop = counter.sweeps;
  std::this_thread::sleep_for(30ms);  // six intervals: a sweeper still running would sweep again
  EXPECT_EQ(counter.sweeps, after_stop);
  sweeper.Stop();  // again: nothing to do
}

// An hour's interval: Stop wakes the thread rather than sleeping it out (the test would hang),
// and nothing was swept, the first sweep being one interval after the start.
TEST(FileSweeperTest, StopDoesNotWaitForTheInterval) {
  std::atomic<int> sweeps{0};
  FileSweeper sweeper({{"evidence",
                        [&](const std::function<bool()>&) -> Result<SweepReport> {
                          ++sweeps;
                          return SweepReport{};
                        }}},
                      1h);
  sweeper.Start();
  sweeper.Stop();
  EXPECT_EQ(sweeps, 0);
}

// A sweep under way when the server stops: its stop() turns true, it ends, and the next store is
// not swept.
TEST(FileSweeperTest, StopEndsASweepUnderWay) {
  Counter started;
  std::atomic<bool> saw_stop{false};
  std::atomic<int> attachments{0};
  FileSweeper sweeper({{"evidence",
                        [&](const std::function<bool()>& stop) -> Result<SweepReport> {
                          started.Add();
                          while (!stop()) std::this_thread::yield();  // a long walk, blob by blob
                          saw_stop = true;
                          return SweepReport{};
                        }},
                       {"incident attachment",
                        [&](const std::function<bool()>&) -> Result<SweepReport> {
                          ++attachments;
                          return SweepReport{};
                        }}},
                      1ms);
  sweeper.Start();
  ASSERT_TRUE(started.WaitFor(1));
  sweeper.Stop();
  EXPECT_TRUE(saw_stop);
  EXPECT_EQ(attachments, 0);
}

}  // namespace
}  // namespace qx::app
