// Uploads while a sweep walks the store: how long one upload waits at most, now that the sweep
// takes the lock for one blob at a time (StoredFiles). A FileBlobStore in a temp dir holds BLOBS
// blobs every row names (the sweep removes none: its longest walk); the rows are in memory, each
// question costing QUERY_US microseconds (a database round trip) under the lock, as it does in
// the server. The sweep's snapshot of the named digests costs one QUERY_US and a copy of the
// rows (the real SELECT DISTINCT reads an index: see bench/README.md); only blobs it does not
// name are asked about, i.e. the uploads written during the sweep. One thread uploads new files
// (fsynced, as in the server) until the sweep ends.
//
//   sweep_bench [BLOBS=20000] [QUERY_US=100]
#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <functional>
#include <mutex>
#include <set>
#include <string>
#include <thread>
#include <unistd.h>
#include <vector>

#include "qx/assessment/blob_store.h"
#include "qx/assessment/stored_files.h"
#include "qx/crypto/digest.h"

namespace {

using Millis = std::chrono::duration<double, std::milli>;
using Steady = std::chrono::steady_clock;

double At(std::vector<double> v, double share) {
  if (v.empty()) return 0;  // no upload finished during the sweep
  std::sort(v.begin(), v.end());
  return v[std::min(v.size() - 1, static_cast<size_t>(share * static_cast<double>(v.size())))];
}

}  // namespace

int main(int argc, char** argv) {
  using namespace qx;
  namespace fs = std::filesystem;
  const int blobs = argc > 1 ? std::atoi(argv[1]) : 20000;
  const int query_us = argc > 2 ? std::atoi(argv[2]) : 100;
  const fs::path dir = fs::temp_directory_path() / ("qx-sweep-bench-" + std::to_string(::getpid()));
  auto opened = assessment::FileBlobStore::Open(dir.string());
  if (!opened) {
    std::fprintf(stderr, "%s\n", opened.error().message.c_str());
    return 1;
  }
  auto& store = **opened;
  std::mutex rows_mu;
  std::set<std::string> rows;
  // Written directly (not fsynced) to set up quickly; the store lists and stats them like any.
  for (int i = 0; i < blobs; ++i) {
    const std::string bytes = "named blob " + std::to_string(i);
    const std::string digest = crypto::Sha256Hex(bytes);
    fs::create_directories(fs::path(store.PathOf(digest)).parent_path());
    std::ofstream(store.PathOf(digest)) << bytes;
    rows.insert(digest);
  }
  std::atomic<int> questions{0};
  auto round_trip = [&] {
    if (query_us > 0) std::this_thread::sleep_for(std::chrono::microseconds(query_us));
  };
  assessment::StoredFiles files(
      store, std::chrono::seconds(0),
      [&](const std::string& d) -> Result<std::int64_t> {
        ++questions;
        round_trip();
        std::lock_guard<std::mutex> lock(rows_mu);
        return static_cast<std::int64_t>(rows.count(d));
      },
      [&](const std::function<void(const std::string&)>& add) -> Status {
        round_trip();
        std::lock_guard<std::mutex> lock(rows_mu);
        for (const auto& d : rows) add(d);
        return Ok();
      });
  int next = 0;
  auto upload = [&] {
    const auto start = Steady::now();
    auto added = files.Add("upload " + std::to_string(next++), [&](const std::string& d) -> Result<std::string> {
      std::lock_guard<std::mutex> lock(rows_mu);
      rows.insert(d);
      return d;
    });
    if (!added) {
      std::fprintf(stderr, "upload: %s\n", added.error().message.c_str());
      std::exit(1);
    }
    return Millis(Steady::now() - start).count();
  };
  std::vector<double> alone, during;
  for (int i = 0; i < 50; ++i) alone.push_back(upload());
  std::atomic<bool> swept{false};
  std::thread uploader([&] {
    while (!swept) during.push_back(upload());
  });
  questions = 0;
  const auto start = Steady::now();
  auto report = files.Sweep();
  const double sweep_ms = Millis(Steady::now() - start).count();
  swept = true;
  uploader.join();
  fs::remove_all(dir);
  if (!report || report->blobs_removed != 0) {
    std::fprintf(stderr, "the sweep failed or removed named bytes\n");
    return 1;
  }
  std::printf("%d named blobs, %d us per row question: sweep %.0f ms, %d row questions; uploads alone: median %.2f ms, "
              "max %.2f ms; %zu uploads during the sweep: median %.2f ms, p99 %.2f ms, max %.2f ms\n",
              blobs, query_us, sweep_ms, questions.load(), At(alone, 0.5), At(alone, 1), during.size(),
              At(during, 0.5), At(during, 0.99), At(during, 1));
  return 0;
}
