#include "file_sweeper.h"

#include <spdlog/spdlog.h>

namespace qx::app {

void LogSweep(const std::string& store, const assessment::SweepReport& report) {
  if (report.temp_removed + report.blobs_removed == 0) return;
  spdlog::info("{} sweep: removed {} partial uploads and {} unreferenced files", store,
               report.temp_removed, report.blobs_removed);
}

int FileSweeper::SweepOnce() {
  int removed = 0;
  for (const Store& store : stores_) {
    if (stopping_) break;  // shutting down: the next start sweeps
    auto report = store.sweep([this] { return stopping_.load(); });
    if (!report) {
      spdlog::warn("{} sweep: {}", store.name, report.error().message);
      continue;
    }
    LogSweep(store.name, *report);
    removed += report->temp_removed + report->blobs_removed;
  }
  return removed;
}

void FileSweeper::Start() {
  thread_ = std::thread([this] {
    std::unique_lock<std::mutex> lock(mu_);
    while (!cv_.wait_for(lock, interval_, [this] { return stopping_.load(); })) {
      lock.unlock();
      SweepOnce();
      lock.lock();
    }
  });
}

void FileSweeper::Stop() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    stopping_ = true;
  }
  cv_.notify_all();
  if (thread_.joinable()) thread_.join();
}

}  // namespace qx::app
