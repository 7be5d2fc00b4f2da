// The sweep of uploaded files' orphans (StoredFiles::Sweep of the evidence and of the incident
// attachments) while the server runs, not only at start-up: on PostgreSQL the bytes of a failed
// upload or of a row deleted while they were young stay until a sweep finds them older than the
// guard, and a long-running server would otherwise keep them until its next restart.
#pragma once

#include <chrono>
#include <functional>
#include <string>
#include <vector>

#include "qx/assessment/blob_store.h"
#include "qx/core/periodic_worker.h"

namespace qx::app {

// Logs one line when a sweep of `store` ("evidence", "incident attachment") removed something:
// counts only.
void LogSweep(const std::string& store, const assessment::SweepReport& report);

class FileSweeper {
 public:
  struct Store {
    std::string name;
    // Sweeps the store, ending early once stop() answers true (StoredFiles::Sweep).
    std::function<Result<assessment::SweepReport>(const std::function<bool()>& stop)> sweep;
  };

  FileSweeper(std::vector<Store> stores, std::chrono::milliseconds interval)
      : stores_(std::move(stores)),
        worker_(interval, PeriodicWorker::First::kAfterInterval, [this] { SweepOnce(); }) {}
  ~FileSweeper() { Stop(); }
  FileSweeper(const FileSweeper&) = delete;
  FileSweeper& operator=(const FileSweeper&) = delete;

  // Sweeps every store once (a failing one is logged and the others still swept); answers the
  // files removed.
  int SweepOnce();
  // Sweeps every interval on a thread of its own, the first time one interval from now.
  void Start() { worker_.Start(); }
  // Wakes the thread at once (a sweep under way ends before its next blob) and joins it.
  void Stop() { worker_.Stop(); }

 private:
  std::vector<Store> stores_;
  PeriodicWorker worker_;  // last: its thread stops before the stores go
};

}  // namespace qx::app
