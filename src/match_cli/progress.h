// A progress line on a terminal (bytes, rate, time left), redrawn a few times a second from a
// background thread; does nothing when stderr is not a terminal.
#pragma once

#include <atomic>
#include <condition_variable>
#include <cstddef>
#include <mutex>
#include <string>
#include <thread>

namespace qx::match_cli {

// "12.3 MB" style sizes and "1m05s" style durations, for the progress line.
std::string FormatBytes(double bytes);
std::string FormatDuration(double seconds);
// "name  1.2 GB / 3.4 GB  1.5 GB/s  0m02s left"
std::string ProgressLine(const std::string& name, size_t done, size_t total, double seconds);

class Progress {
 public:
  explicit Progress(bool enabled);
  ~Progress();
  void StartFile(const std::string& name, size_t total);
  void EndFile();
  // Advanced by the scanner with the bytes consumed from the current file; null when disabled.
  std::atomic<size_t>* counter() { return enabled_ ? &done_ : nullptr; }

 private:
  void Run();
  bool enabled_;
  std::atomic<size_t> done_{0};
  std::mutex mu_;
  std::condition_variable cv_;
  bool stop_ = false;
  std::string name_;
  size_t total_ = 0;
  double started_ = 0;
  std::thread thread_;
};

}  // namespace qx::match_cli
