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
    if (worker_.stopping()) break;  // shutting down: the next start sweeps
    auto report = store.sweep([this] { return worker_.stopping(); });
    if (!report) {
      spdlog::warn("{} sweep: {}", store.name, report.error().message);
      continue;
    }
    LogSweep(store.name, *report);
    removed += report->temp_removed + report->blobs_removed;
  }
  return removed;
}

}  // namespace qx::app
