// The port through which every check reads the host: a filesystem root (under which /proc,
// /etc/passwd, /var/lib/dpkg/status and the systemd unit directories are found), uname, the
// environment and whether systemd is running. RootedHost serves both the real machine (root "/")
// and fixture trees in tests. Read-only: nothing here writes.
#pragma once

#include <sys/types.h>

#include <array>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "qx/core/result.h"

namespace qx::agent {

struct FileStat {
  dev_t dev = 0;
  ino_t ino = 0;
  mode_t mode = 0;  // type and permission bits, from lstat
  uid_t uid = 0;
  gid_t gid = 0;
  int64_t size = 0;
  int64_t atime = 0, mtime = 0, ctime = 0;
  bool IsDir() const;
  bool IsRegular() const;
  bool IsSymlink() const;
};

struct DirEntry {
  std::string name;
  FileStat stat;
};

struct UnameInfo {
  std::string sysname, nodename, release, version, machine;
};

struct MountEntry {
  std::string device, mount_point, fs_type;
  std::vector<std::string> options;
};

class Host {
 public:
  virtual ~Host() = default;
  // Contents of a regular file, at most max_bytes (kPayloadTooLarge beyond: never a partial read
  // taken for the whole). kNotFound when absent, kPermissionDenied when unreadable.
  virtual Result<std::string> ReadFile(std::string_view path, size_t max_bytes) const = 0;
  // lstat (the link itself for symbolic links); nullopt when the path does not exist.
  virtual Result<std::optional<FileStat>> Lstat(std::string_view path) const = 0;
  // stat, following symbolic links.
  virtual Result<std::optional<FileStat>> Stat(std::string_view path) const = 0;
  // Entries of a directory (no "." or ".."), each with its lstat.
  virtual Result<std::vector<DirEntry>> ListDir(std::string_view path) const = 0;
  virtual Result<std::string> ReadLink(std::string_view path) const = 0;
  virtual UnameInfo Uname() const = 0;
  virtual std::map<std::string, std::string> Environment() const = 0;
  // Mounted filesystems (from /proc/self/mounts under the root).
  virtual Result<std::vector<MountEntry>> Mounts() const;
  // Space figures of a mounted filesystem, in bytes (total, used, available).
  virtual std::optional<std::array<int64_t, 3>> Space(std::string_view mount_point) const = 0;
  // True inside a container (/.dockerenv, /run/.containerenv, or container= in PID 1's env).
  virtual bool InContainer() const;
  // True when systemd is the running init (/run/systemd/system exists).
  virtual bool SystemdRunning() const;
};

struct RootedHostOptions {
  std::string root = "/";
  // Tests pin these; on the real machine they come from uname(2) and the process environment.
  std::optional<UnameInfo> uname;
  std::optional<std::map<std::string, std::string>> environment;
};

class RootedHost final : public Host {
 public:
  explicit RootedHost(RootedHostOptions options);
  Result<std::string> ReadFile(std::string_view path, size_t max_bytes) const override;
  Result<std::optional<FileStat>> Lstat(std::string_view path) const override;
  Result<std::optional<FileStat>> Stat(std::string_view path) const override;
  Result<std::vector<DirEntry>> ListDir(std::string_view path) const override;
  Result<std::string> ReadLink(std::string_view path) const override;
  UnameInfo Uname() const override;
  std::map<std::string, std::string> Environment() const override;
  std::optional<std::array<int64_t, 3>> Space(std::string_view mount_point) const override;

 private:
  std::string Real(std::string_view path) const;
  RootedHostOptions options_;
};

// Splits "a/b//c" style paths; joins a directory and a name with exactly one '/'.
std::string JoinPath(std::string_view dir, std::string_view name);
std::string DirName(std::string_view path);
std::string BaseName(std::string_view path);

}  // namespace qx::agent
