// The lock `qalxan serve` holds on its data directory when the database is SQLite. With SQLite the
// sweep of uploaded files has no age guard: only the mutex of this process orders an upload (bytes
// stored, then the row) against the removal of bytes no row names (StoredFiles). A second server
// on the same directory would sweep the partial uploads and not yet named bytes of the first, so
// it is refused instead. PostgreSQL replicas share a directory by design (their guard is the age)
// and take no lock; the other commands open the database only and never write or sweep uploaded
// files, so they run beside a server.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "config.h"
#include "qx/core/result.h"

namespace qx::app {

// An exclusive flock(2) on <dir>/serve.lock, held until destroyed (or the process ends: the kernel
// drops it with the descriptor, so a crashed server leaves no stale lock). The file keeps the pid
// of the holder, for the message of the one refused.
class DirectoryLock {
 public:
  // Creates dir when missing. kUnavailable "another qalxan server is using DIR (pid N)" when
  // another open description of the file holds the lock (another process, or another server of
  // this one); it never waits.
  static Result<std::unique_ptr<DirectoryLock>> Acquire(const std::string& dir);
  ~DirectoryLock();
  DirectoryLock(const DirectoryLock&) = delete;
  DirectoryLock& operator=(const DirectoryLock&) = delete;

 private:
  explicit DirectoryLock(int fd) : fd_(fd) {}
  int fd_;
};

// The locks a server of this configuration takes: none on PostgreSQL; on SQLite the data
// directory's and the evidence directory's (the directory the sweep walks is what must not be
// shared, wherever evidence_dir puts it).
Result<std::vector<std::unique_ptr<DirectoryLock>>> LockForServing(const Config& config);

}  // namespace qx::app
