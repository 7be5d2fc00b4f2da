// PeriodicWorker: runs at start or one interval after it, then every interval; Stop wakes a
// waiting thread at once and lets a run under way end; a run can see that it should stop.
#include "qx/core/periodic_worker.h"

#include <gtest/gtest.h>

#include <atomic>
#include <condition_variable>
#include <mutex>
#include <thread>

namespace qx {
namespace {

using namespace std::chrono_literals;
using Steady = std::chrono::steady_clock;

// Counts runs and lets the test wait for a number of them.
struct Runs {
  std::mutex mu;
  std::condition_variable cv;
  int count = 0;
  void Add() {
    std::lock_guard<std::mutex> lock(mu);
    ++count;
    cv.notify_all();
  }
  bool WaitFor(int n) {
    std::unique_lock<std::mutex> lock(mu);
    return cv.wait_for(lock, 60s, [&] { return count >= n; });
  }
  int Now() {
    std::lock_guard<std::mutex> lock(mu);
    return count;
  }
};

TEST(PeriodicWorkerTest, RunsEveryIntervalUntilStopped) {
  Runs runs;
  PeriodicWorker worker(5ms, PeriodicWorker::First::kAfterInterval, [&] { runs.Add(); });
  worker.Start();
  ASSERT_TRUE(runs.WaitFor(3));
  worker.Stop();
  EXPECT_TRUE(worker.stopping());
  const int after_stop = runs.Now();
  std::this_thread::sleep_for(30ms);  // six intervals: a worker still running would run again
  EXPECT_EQ(runs.Now(), after_stop);
  worker.Stop();  // again: nothing to do
}

// An hour's interval: the first run happens at Start or not at all before the Stop, which wakes
// the waiting thread rather than sleeping the hour out (the test would hang).
TEST(PeriodicWorkerTest, TheFirstRunIsAtStartOrOneIntervalLaterAndStopWakesTheWait) {
  for (const auto first : {PeriodicWorker::First::kAtStart, PeriodicWorker::First::kAfterInterval}) {
    Runs runs;
    PeriodicWorker worker(1h, first, [&] { runs.Add(); });
    worker.Start();
    if (first == PeriodicWorker::First::kAtStart) {
      ASSERT_TRUE(runs.WaitFor(1));
    }
    std::this_thread::sleep_for(20ms);  // the thread is waiting out its interval now
    const auto start = Steady::now();
    worker.Stop();
    EXPECT_LT(Steady::now() - start, 10s);
    EXPECT_EQ(runs.Now(), first == PeriodicWorker::First::kAtStart ? 1 : 0);
  }
}

// Stop lets a run under way end (it is joined, not abandoned), and the run sees stopping() to
// end early; no run follows it.
TEST(PeriodicWorkerTest, StopWaitsForTheRunUnderWayWhichSeesItShouldEnd) {
  std::atomic<bool> running{false}, ended{false};
  std::atomic<int> runs{0};
  PeriodicWorker* self = nullptr;
  PeriodicWorker worker(1ms, PeriodicWorker::First::kAtStart, [&] {
    ++runs;
    running = true;
    while (!self->stopping()) std::this_thread::sleep_for(1ms);
    ended = true;
  });
  self = &worker;
  worker.Start();
  while (!running) std::this_thread::sleep_for(1ms);
  worker.Stop();
  EXPECT_TRUE(ended);
  EXPECT_EQ(runs, 1);
}

TEST(PeriodicWorkerTest, StopWithoutStartAndTheDestructorStop) {
  std::atomic<int> runs{0};
  {
    PeriodicWorker idle(1ms, PeriodicWorker::First::kAtStart, [&] { ++runs; });
    idle.Stop();
    EXPECT_TRUE(idle.stopping());
  }
  {
    PeriodicWorker started(1h, PeriodicWorker::First::kAfterInterval, [&] { ++runs; });
    started.Start();
  }  // the destructor stops and joins at once
  EXPECT_EQ(runs, 0);
}

}  // namespace
}  // namespace qx
