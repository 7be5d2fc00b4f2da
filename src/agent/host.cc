#include "qx/agent/host.h"

#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <sys/utsname.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <sstream>

extern char** environ;

namespace qx::agent {
namespace {

FileStat FromStat(const struct stat& st) {
  FileStat f;
  f.dev = st.st_dev;
  f.ino = st.st_ino;
  f.mode = st.st_mode;
  f.uid = st.st_uid;
  f.gid = st.st_gid;
  f.size = st.st_size;
  f.atime = st.st_atim.tv_sec;
  f.mtime = st.st_mtim.tv_sec;
  f.ctime = st.st_ctim.tv_sec;
  return f;
}

Error ErrnoError(int err, std::string_view path) {
  ErrorCode code = ErrorCode::kUnavailable;
  if (err == ENOENT || err == ENOTDIR) code = ErrorCode::kNotFound;
  if (err == EACCES || err == EPERM) code = ErrorCode::kPermissionDenied;
  return Error{code, std::string(path) + ": " + std::strerror(err)};
}

// Mount points are written with octal escapes (\040 for a space) in /proc/self/mounts.
std::string UnescapeMountField(std::string_view s) {
  std::string out;
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '\\' && i + 3 < s.size() && s[i + 1] >= '0' && s[i + 1] <= '3') {
      out += static_cast<char>((s[i + 1] - '0') * 64 + (s[i + 2] - '0') * 8 + (s[i + 3] - '0'));
      i += 3;
    } else {
      out += s[i];
    }
  }
  return out;
}

}  // namespace

bool FileStat::IsDir() const { return S_ISDIR(mode); }
bool FileStat::IsRegular() const { return S_ISREG(mode); }
bool FileStat::IsSymlink() const { return S_ISLNK(mode); }

std::string JoinPath(std::string_view dir, std::string_view name) {
  std::string out(dir);
  if (out.empty() || out.back() != '/') out += '/';
  size_t start = 0;
  while (start < name.size() && name[start] == '/') ++start;
  out += name.substr(start);
  return out;
}

std::string DirName(std::string_view path) {
  const size_t slash = path.rfind('/');
  if (slash == std::string_view::npos) return ".";
  if (slash == 0) return "/";
  return std::string(path.substr(0, slash));
}

std::string BaseName(std::string_view path) {
  const size_t slash = path.rfind('/');
  return std::string(slash == std::string_view::npos ? path : path.substr(slash + 1));
}

Result<std::vector<MountEntry>> Host::Mounts() const {
  QX_ASSIGN_OR_RETURN(std::string text, ReadFile("/proc/self/mounts", 16u << 20));
  std::vector<MountEntry> out;
  std::istringstream in(text);
  std::string line;
  while (std::getline(in, line)) {
    std::istringstream fields(line);
    std::string dev, mp, type, opts;
    if (!(fields >> dev >> mp >> type >> opts)) continue;
    MountEntry m{UnescapeMountField(dev), UnescapeMountField(mp), type, {}};
    std::istringstream os(opts);
    std::string o;
    while (std::getline(os, o, ',')) m.options.push_back(o);
    out.push_back(std::move(m));
  }
  return out;
}

bool Host::InContainer() const {
  for (const char* marker : {"/.dockerenv", "/run/.containerenv"}) {
    auto st = Lstat(marker);
    if (st && *st) return true;
  }
  auto env = ReadFile("/proc/1/environ", 1u << 20);
  return env && env->find("container=") != std::string::npos;
}

bool Host::SystemdRunning() const {
  auto st = Lstat("/run/systemd/system");
  return st && *st && (*st)->IsDir();
}

RootedHost::RootedHost(RootedHostOptions options) : options_(std::move(options)) {
  while (options_.root.size() > 1 && options_.root.back() == '/') options_.root.pop_back();
}

std::string RootedHost::Real(std::string_view path) const {
  if (options_.root == "/") return std::string(path);
  return JoinPath(options_.root, path);
}

Result<std::string> RootedHost::ReadFile(std::string_view path, size_t max_bytes) const {
  const std::string real = Real(path);
  const int fd = ::open(real.c_str(), O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
  if (fd < 0) return tl::unexpected(ErrnoError(errno, path));
  struct stat st {};
  if (::fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
    const int err = errno;
    ::close(fd);
    if (!S_ISREG(st.st_mode)) return MakeError(ErrorCode::kInvalidArgument, std::string(path) + ": not a regular file");
    return tl::unexpected(ErrnoError(err, path));
  }
  std::string out;
  if (st.st_size > 0 && static_cast<size_t>(st.st_size) <= max_bytes) out.reserve(static_cast<size_t>(st.st_size));
  char buf[65536];
  while (true) {
    const ssize_t n = ::read(fd, buf, sizeof buf);
    if (n < 0) {
      if (errno == EINTR) continue;
      const int err = errno;
      ::close(fd);
      return tl::unexpected(ErrnoError(err, path));
    }
    if (n == 0) break;
    if (out.size() + static_cast<size_t>(n) > max_bytes) {
      ::close(fd);
      return MakeError(ErrorCode::kPayloadTooLarge,
                       std::string(path) + ": larger than " + std::to_string(max_bytes) + " bytes");
    }
    out.append(buf, static_cast<size_t>(n));
  }
  ::close(fd);
  return out;
}

Result<std::optional<FileStat>> RootedHost::Lstat(std::string_view path) const {
  struct stat st {};
  if (::lstat(Real(path).c_str(), &st) != 0) {
    if (errno == ENOENT || errno == ENOTDIR) return std::optional<FileStat>();
    return tl::unexpected(ErrnoError(errno, path));
  }
  return std::optional<FileStat>(FromStat(st));
}

Result<std::optional<FileStat>> RootedHost::Stat(std::string_view path) const {
  struct stat st {};
  if (::stat(Real(path).c_str(), &st) != 0) {
    if (errno == ENOENT || errno == ENOTDIR || errno == ELOOP) return std::optional<FileStat>();
    return tl::unexpected(ErrnoError(errno, path));
  }
  return std::optional<FileStat>(FromStat(st));
}

Result<std::vector<DirEntry>> RootedHost::ListDir(std::string_view path) const {
  const int fd = ::open(Real(path).c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC | O_NOFOLLOW);
  if (fd < 0) return tl::unexpected(ErrnoError(errno, path));
  DIR* dir = ::fdopendir(fd);
  if (dir == nullptr) {
    const int err = errno;
    ::close(fd);
    return tl::unexpected(ErrnoError(err, path));
  }
  std::vector<DirEntry> out;
  while (struct dirent* e = ::readdir(dir)) {
    if (std::strcmp(e->d_name, ".") == 0 || std::strcmp(e->d_name, "..") == 0) continue;
    struct stat st {};
    if (::fstatat(fd, e->d_name, &st, AT_SYMLINK_NOFOLLOW) != 0) continue;  // vanished meanwhile
    out.push_back(DirEntry{e->d_name, FromStat(st)});
  }
  ::closedir(dir);
  return out;
}

Result<std::string> RootedHost::ReadLink(std::string_view path) const {
  char buf[4096];
  const ssize_t n = ::readlink(Real(path).c_str(), buf, sizeof buf);
  if (n < 0) return tl::unexpected(ErrnoError(errno, path));
  return std::string(buf, static_cast<size_t>(n));
}

UnameInfo RootedHost::Uname() const {
  if (options_.uname) return *options_.uname;
  struct utsname u {};
  ::uname(&u);
  return UnameInfo{u.sysname, u.nodename, u.release, u.version, u.machine};
}

std::map<std::string, std::string> RootedHost::Environment() const {
  if (options_.environment) return *options_.environment;
  std::map<std::string, std::string> out;
  for (char** e = environ; e && *e; ++e) {
    std::string_view kv(*e);
    const size_t eq = kv.find('=');
    if (eq != std::string_view::npos) out.emplace(kv.substr(0, eq), kv.substr(eq + 1));
  }
  return out;
}

std::optional<std::array<int64_t, 3>> RootedHost::Space(std::string_view mount_point) const {
  struct statvfs sv {};
  if (::statvfs(Real(mount_point).c_str(), &sv) != 0) return std::nullopt;
  const int64_t bs = static_cast<int64_t>(sv.f_frsize);
  const int64_t total = static_cast<int64_t>(sv.f_blocks) * bs;
  const int64_t avail = static_cast<int64_t>(sv.f_bavail) * bs;
  const int64_t used = total - static_cast<int64_t>(sv.f_bfree) * bs;
  return std::array<int64_t, 3>{total, used, avail};
}

}  // namespace qx::agent
