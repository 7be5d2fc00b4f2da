#include "follow_command.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <boost/json.hpp>

#include <cerrno>
#include <chrono>
#include <csignal>
#include <cstring>
#include <fstream>
#include <iostream>
#include <map>
#include <memory>
#include <sstream>
#include <thread>

#include "common_options.h"
#include "input.h"
#include "output.h"
#include "qx/core/clock.h"
#include "scan_command.h"
#include "scan_engine.h"
#include "taxii_cache.h"

namespace qx::match_cli {
namespace {

volatile std::sig_atomic_t g_stop = 0;
void OnSignal(int) { g_stop = 1; }

struct FollowArgs {
  IndicatorSources sources;
  AuthOptions auth;
  SightingOptions sightings;
  std::vector<std::string> paths;
  std::string checkpoint;
  bool json = false;
  bool from_end = false;
  int poll_ms = 1000;
  int max_polls = 0;  // 0: until SIGINT / SIGTERM
};

struct Position {
  uint64_t inode = 0;
  uint64_t offset = 0;
  uint64_t line = 1;  // number of the line starting at offset
};

// Bytes [begin, end) of an open file.
class RangeSource : public ByteSource {
 public:
  RangeSource(int fd, uint64_t begin, uint64_t end) : fd_(fd), pos_(begin), end_(end) {}
  Result<size_t> Read(char* buf, size_t n) override {
    const size_t want = static_cast<size_t>(std::min<uint64_t>(n, end_ - pos_));
    size_t got = 0;
    while (got < want) {
      const ssize_t r = ::pread(fd_, buf + got, want - got, static_cast<off_t>(pos_ + got));
      if (r < 0 && errno == EINTR) continue;
      if (r < 0) return MakeError(ErrorCode::kUnavailable, std::strerror(errno));
      if (r == 0) break;
      got += static_cast<size_t>(r);
    }
    pos_ += got;
    return got;
  }
  size_t consumed() const override { return pos_; }
  size_t total() const override { return end_; }

 private:
  int fd_;
  uint64_t pos_, end_;
};

// Newlines in the first `size` bytes of a file (line numbers when starting at its end).
uint64_t CountNewlines(const std::string& path, uint64_t size) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return 0;
  std::vector<char> buf(1 << 20);
  uint64_t n = 0, pos = 0;
  while (pos < size) {
    const ssize_t r = ::pread(fd, buf.data(), std::min<uint64_t>(buf.size(), size - pos), static_cast<off_t>(pos));
    if (r <= 0) break;
    for (ssize_t i = 0; i < r; ++i) n += buf[static_cast<size_t>(i)] == '\n';
    pos += static_cast<uint64_t>(r);
  }
  ::close(fd);
  return n;
}

std::map<std::string, Position> LoadCheckpoint(const std::string& path) {
  std::map<std::string, Position> out;
  std::ifstream f(path);
  if (!f) return out;
  std::stringstream ss;
  ss << f.rdbuf();
  boost::system::error_code ec;
  const auto v = boost::json::parse(ss.str(), ec);
  if (ec || !v.is_object()) {
    std::cerr << "qalxan-match: warning: checkpoint " << path << " is unreadable; starting over\n";
    return out;
  }
  const auto* files = v.as_object().if_contains("files");
  if (!files || !files->is_object()) return out;
  for (const auto& [name, pos] : files->as_object()) {
    if (!pos.is_object()) continue;
    Position p;
    const boost::json::object& fields = pos.as_object();
    const auto num = [&fields](const char* k) -> uint64_t {
      const auto* x = fields.if_contains(k);
      return x && x->is_int64() && x->as_int64() >= 0 ? static_cast<uint64_t>(x->as_int64()) : 0;
    };
    p.inode = num("inode");
    p.offset = num("offset");
    p.line = std::max<uint64_t>(1, num("line"));
    out[std::string(name)] = p;
  }
  return out;
}

Status SaveCheckpoint(const std::string& path, const std::map<std::string, Position>& positions) {
  boost::json::object files;
  for (const auto& [name, p] : positions) {
    files[name] = boost::json::object{{"inode", static_cast<int64_t>(p.inode)},
                                      {"offset", static_cast<int64_t>(p.offset)},
                                      {"line", static_cast<int64_t>(p.line)}};
  }
  boost::json::object root;
  root["files"] = std::move(files);
  return WriteFileAtomically(path, boost::json::serialize(root));
}

class Follower {
 public:
  Follower(const FollowArgs& a, const match::IndicatorSet& set, ScanOptions options)
      : a_(a), set_(set), options_(options) {}

  int Run() {
    positions_ = LoadCheckpoint(a_.checkpoint);
    for (int poll = 0; !g_stop && (a_.max_polls == 0 || poll < a_.max_polls); ++poll) {
      for (const auto& path : a_.paths) Poll(path);
      std::fwrite(out_.data(), 1, out_.size(), stdout);
      std::fflush(stdout);
      out_.clear();
      auto flushed = FlushSightings(a_.sightings, a_.auth, &sightings_);
      if (!flushed && flushed.error().code == ErrorCode::kConflict) {
        // Posted, and some refused: reading the lines again would post the accepted ones twice.
        // Go on, and end with a failure.
        std::cerr << "qalxan-match: " << flushed.error().message << "\n";
        refused_ = true;
      }
      if (!flushed && flushed.error().code != ErrorCode::kConflict) {
        // Not flushed: keep the checkpoint where it was, so these lines are read again.
        std::cerr << "qalxan-match: " << flushed.error().message << "\n";
        positions_ = LoadCheckpoint(a_.checkpoint);
      } else if (auto st2 = SaveCheckpoint(a_.checkpoint, positions_); !st2) {
        return Fail(st2.error());
      }
      if (a_.max_polls == 0 || poll + 1 < a_.max_polls) {
        std::this_thread::sleep_for(std::chrono::milliseconds(a_.poll_ms));
      }
    }
    return refused_ ? 2 : 0;
  }

 private:
  // Scans complete lines of fd from p.offset up to `limit` (or to the end, last partial line
  // included, when `all`), advancing p.
  void ScanRange(const std::string& path, int fd, Position& p, uint64_t size, bool all) {
    if (size <= p.offset) return;
    uint64_t end = size;
    if (!all) {
      // Only up to the last newline: a line still being written waits for the next poll.
      std::vector<char> tail(65536);
      end = p.offset;
      for (uint64_t hi = size; hi > p.offset;) {
        const uint64_t lo = hi - std::min<uint64_t>(hi - p.offset, tail.size());
        const ssize_t r = ::pread(fd, tail.data(), hi - lo, static_cast<off_t>(lo));
        if (r <= 0) return;
        const void* nl = memrchr(tail.data(), '\n', static_cast<size_t>(r));
        if (nl) {
          end = lo + static_cast<uint64_t>(static_cast<const char*>(nl) - tail.data()) + 1;
          break;
        }
        hi = lo;
      }
      if (end == p.offset) return;
    }
    RangeSource source(fd, p.offset, end);
    ScanOptions o = options_;
    o.first_line = p.line;
    ScanTotals totals;
    const MatchSink sink = [&](const FileMatch& m) {
      sightings_.Add(set_.indicator_id(m.indicator), *m.file, m.field, SystemClock().Now(),
                     set_.indicator_tlp(m.indicator));
      if (!a_.sightings.file.empty() || !a_.sightings.post_url.empty()) {
        if (!a_.sightings.dry_run && !a_.json) return;
      }
      out_ += a_.json ? MatchJson(m, set_) : MatchText(m, set_);
    };
    if (auto st = ScanInput(source, path, set_, o, sink, &totals); !st) {
      std::cerr << "qalxan-match: warning: " << path << ": " << st.error().message << "\n";
      return;
    }
    p.offset = end;
    p.line += totals.lines;
  }

  void Poll(const std::string& path) {
    struct stat st {};
    const bool exists = ::stat(path.c_str(), &st) == 0 && S_ISREG(st.st_mode);
    auto it = positions_.find(path);
    if (it != positions_.end() && (!exists || st.st_ino != it->second.inode)) {
      // Rotated: finish the old file (still open, or found as path.1 / path.0) first.
      DrainRotated(path, it->second);
      if (!exists) return;
      it->second = Position{static_cast<uint64_t>(st.st_ino), 0, 1};
    }
    if (!exists) return;
    if (it == positions_.end()) {
      Position p;
      p.inode = st.st_ino;
      if (a_.from_end) {
        p.offset = static_cast<uint64_t>(st.st_size);
        p.line = 1 + CountNewlines(path, p.offset);
      }
      it = positions_.emplace(path, p).first;
    }
    Position& p = it->second;
    if (static_cast<uint64_t>(st.st_size) < p.offset) p = Position{p.inode, 0, 1};  // copytruncate
    const int fd = OpenFor(path, p.inode);
    if (fd < 0) return;
    ScanRange(path, fd, p, static_cast<uint64_t>(st.st_size), false);
  }

  void DrainRotated(const std::string& path, Position& p) {
    int fd = -1;
    if (auto f = fds_.find(path); f != fds_.end() && f->second.first == p.inode) {
      fd = f->second.second;
    } else {
      for (const char* suffix : {".1", ".0"}) {
        struct stat st {};
        const std::string old = path + suffix;
        if (::stat(old.c_str(), &st) == 0 && st.st_ino == p.inode) {
          fd = OpenFor(old, p.inode);
          break;
        }
      }
    }
    if (fd < 0) return;
    struct stat st {};
    if (::fstat(fd, &st) == 0) ScanRange(path, fd, p, static_cast<uint64_t>(st.st_size), true);
    CloseFor(path);
  }

  int OpenFor(const std::string& path, uint64_t inode) {
    auto f = fds_.find(path);
    if (f != fds_.end() && f->second.first == inode) return f->second.second;
    CloseFor(path);
    const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) return -1;
    struct stat st {};
    if (::fstat(fd, &st) != 0 || st.st_ino != inode) {
      ::close(fd);
      return -1;
    }
    fds_[path] = {inode, fd};
    return fd;
  }
  void CloseFor(const std::string& path) {
    if (auto f = fds_.find(path); f != fds_.end()) {
      ::close(f->second.second);
      fds_.erase(f);
    }
  }

  const FollowArgs& a_;
  const match::IndicatorSet& set_;
  ScanOptions options_;
  std::map<std::string, Position> positions_;
  std::map<std::string, std::pair<uint64_t, int>> fds_;  // path -> (inode, fd)
  match::SightingAggregator sightings_;
  std::string out_;
  bool refused_ = false;  // the server refused some posted sightings
};

int RunFollow(const FollowArgs& a) {
  std::signal(SIGINT, OnSignal);
  std::signal(SIGTERM, OnSignal);
  auto set = LoadIndicators(a.sources, 1);
  if (!set) return Fail(set.error());
  ScanOptions options;
  options.threads = 1;
  options.chunk_bytes = 4 << 20;
  auto level = ParseSimdOption("");
  if (!level) return Fail(level.error());
  options.simd = *level;
  Follower f(a, **set, options);
  return f.Run();
}

}  // namespace

void AddFollowCommand(CLI::App& app, int* exit_code) {
  auto args = std::make_shared<FollowArgs>();
  auto* cmd = app.add_subcommand("follow", "Scan log files as they grow (like tail -F), with a checkpoint");
  AddIndicatorOptions(cmd, &args->sources);
  AddAuthOptions(cmd, &args->auth);
  AddSightingOptions(cmd, &args->sightings);
  cmd->add_option("--checkpoint", args->checkpoint, "checkpoint file (offsets per file)")->required();
  cmd->add_flag("--json", args->json, "print matches as JSON lines");
  cmd->add_flag("--from-end", args->from_end, "start new files at their end, as tail -F does");
  cmd->add_option("--poll-ms", args->poll_ms, "poll interval (default 1000)")->check(CLI::Range(10, 3600000));
  cmd->add_option("--max-polls", args->max_polls, "stop after this many polls (default: run until a signal)");
  cmd->add_option("paths", args->paths, "log files to follow")->required();
  cmd->callback([args, exit_code] { *exit_code = RunFollow(*args); });
}

}  // namespace qx::match_cli
