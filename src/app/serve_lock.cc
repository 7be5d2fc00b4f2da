#include "serve_lock.h"

#include <fcntl.h>
#include <fmt/format.h>
#include <sys/file.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>

#include "qx/store_pg/pg_database.h"

namespace qx::app {
namespace fs = std::filesystem;
namespace {

constexpr char kLockFile[] = "serve.lock";

// The pid the holder wrote, or 0 when unreadable (it may be between its flock and its write).
long HolderPid(int fd) {
  char buf[32] = {};
  const ssize_t n = ::pread(fd, buf, sizeof buf - 1, 0);
  if (n <= 0) return 0;
  char* end = nullptr;
  const long pid = std::strtol(buf, &end, 10);
  return end != buf && pid > 0 ? pid : 0;
}

// True when both name one directory (made absolute and normalised first): one lock file, which
// this process must not lock twice.
bool SameDirectory(const std::string& a, const std::string& b) {
  std::error_code ec;
  return fs::weakly_canonical(fs::absolute(a), ec) == fs::weakly_canonical(fs::absolute(b), ec);
}

}  // namespace

Result<std::unique_ptr<DirectoryLock>> DirectoryLock::Acquire(const std::string& dir) {
  std::error_code ec;
  fs::create_directories(dir, ec);
  if (ec) return MakeError(ErrorCode::kUnavailable, "cannot create " + dir + ": " + ec.message());
  const std::string path = (fs::path(dir) / kLockFile).string();
  const int fd = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0600);
  if (fd < 0) {
    return MakeError(ErrorCode::kUnavailable, fmt::format("cannot open {}: {}", path, std::strerror(errno)));
  }
  std::unique_ptr<DirectoryLock> lock(new DirectoryLock(fd));  // closes fd on every return below
  int rc;
  do rc = ::flock(fd, LOCK_EX | LOCK_NB);
  while (rc != 0 && errno == EINTR);
  if (rc != 0) {
    if (errno != EWOULDBLOCK) {
      return MakeError(ErrorCode::kUnavailable, fmt::format("cannot lock {}: {}", path, std::strerror(errno)));
    }
    const long pid = HolderPid(fd);
    return MakeError(ErrorCode::kUnavailable,
                     fmt::format("another qalxan server is using {}{}: with SQLite one server at a time "
                                 "may use a data directory (stop it, or give this one another --data)",
                                 dir, pid > 0 ? fmt::format(" (pid {})", pid) : ""));
  }
  const std::string pid = fmt::format("{}\n", ::getpid());
  // The pid is only for the message of a server refused: a failure to write it is not fatal.
  if (::ftruncate(fd, 0) == 0) (void)!::pwrite(fd, pid.data(), pid.size(), 0);
  return lock;
}

DirectoryLock::~DirectoryLock() {
  if (fd_ >= 0) ::close(fd_);
}

Result<std::vector<std::unique_ptr<DirectoryLock>>> LockForServing(const Config& config) {
  std::vector<std::unique_ptr<DirectoryLock>> locks;
  if (store::pg::IsPostgresUrl(config.database)) return locks;  // replicas share by design
  QX_ASSIGN_OR_RETURN(auto data, DirectoryLock::Acquire(config.data_dir));
  locks.push_back(std::move(data));
  // The evidence directory is what the sweep walks, wherever it is: another server whose
  // evidence_dir points into this one's data directory must be refused too.
  const std::string evidence = EvidenceDirOf(config);
  if (!SameDirectory(evidence, config.data_dir)) {
    QX_ASSIGN_OR_RETURN(auto files, DirectoryLock::Acquire(evidence));
    locks.push_back(std::move(files));
  }
  return locks;
}

}  // namespace qx::app
