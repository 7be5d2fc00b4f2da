// A thread that runs one piece of work every interval until stopped: the loop of the incident
// notifier and of the periodic file sweep. Stop wakes the waiting thread at once (a server
// shutting down never sleeps out an interval) and joins it; a run under way finishes first, and
// may end early by asking stopping().
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <thread>

namespace qx {

class PeriodicWorker {
 public:
  // When the first run happens: at Start, or one interval after it.
  enum class First { kAtStart, kAfterInterval };

  PeriodicWorker(std::chrono::milliseconds interval, First first, std::function<void()> work)
      : interval_(interval), first_(first), work_(std::move(work)) {}
  ~PeriodicWorker() { Stop(); }
  PeriodicWorker(const PeriodicWorker&) = delete;
  PeriodicWorker& operator=(const PeriodicWorker&) = delete;

  // Starts the thread (once): runs the work, then waits one interval after each run ends.
  void Start();
  // Wakes the thread, lets a run under way end and joins it. Safe to call again, and without
  // Start; once called, the worker stays stopped.
  void Stop();
  // True once Stop was called: asked by the work to end a long run early (from any thread).
  bool stopping() const { return stopping_.load(); }

 private:
  void Loop();

  const std::chrono::milliseconds interval_;
  const First first_;
  const std::function<void()> work_;
  std::mutex mu_;
  std::condition_variable cv_;
  std::atomic<bool> stopping_ = false;  // set under mu_, for cv_; read without it by the work
  std::thread thread_;
};

}  // namespace qx
