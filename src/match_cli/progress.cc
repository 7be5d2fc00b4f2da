#include "progress.h"

#include <fmt/format.h>

#include <chrono>
#include <cstdio>

namespace qx::match_cli {
namespace {

double Now() {
  return std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch()).count();
}

}  // namespace

std::string FormatBytes(double b) {
  const char* units[] = {"B", "kB", "MB", "GB", "TB"};
  int u = 0;
  while (b >= 1000 && u < 4) b /= 1000, ++u;
  return fmt::format("{:.1f} {}", b, units[u]);
}

std::string FormatDuration(double s) {
  const long t = static_cast<long>(s + 0.5);
  return t >= 3600 ? fmt::format("{}h{:02}m", t / 3600, t / 60 % 60) : fmt::format("{}m{:02}s", t / 60, t % 60);
}

std::string ProgressLine(const std::string& name, size_t done, size_t total, double seconds) {
  const double rate = seconds > 0 ? done / seconds : 0;
  std::string line = name + "  " + FormatBytes(done);
  if (total > 0) line += " / " + FormatBytes(total);
  line += "  " + FormatBytes(rate) + "/s";
  if (total > 0 && rate > 0 && done <= total) line += "  " + FormatDuration((total - done) / rate) + " left";
  return line;
}

Progress::Progress(bool enabled) : enabled_(enabled) {
  if (enabled_) thread_ = std::thread([this] { Run(); });
}

Progress::~Progress() {
  if (!enabled_) return;
  {
    std::lock_guard lock(mu_);
    stop_ = true;
  }
  cv_.notify_all();
  thread_.join();
  std::fputs("\r\033[K", stderr);
}

void Progress::StartFile(const std::string& name, size_t total) {
  if (!enabled_) return;
  std::lock_guard lock(mu_);
  name_ = name;
  total_ = total;
  started_ = Now();
  done_ = 0;
}

void Progress::EndFile() {
  if (!enabled_) return;
  std::lock_guard lock(mu_);
  name_.clear();
}

void Progress::Run() {
  std::unique_lock lock(mu_);
  while (!stop_) {
    cv_.wait_for(lock, std::chrono::milliseconds(250));
    if (stop_ || name_.empty()) continue;
    const std::string line = ProgressLine(name_, done_.load(), total_, Now() - started_);
    std::fprintf(stderr, "\r\033[K%s", line.c_str());
    std::fflush(stderr);
  }
}

}  // namespace qx::match_cli
