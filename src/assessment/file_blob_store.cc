#include <fcntl.h>
#include <fmt/format.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>

#include "qx/assessment/blob_store.h"
#include "qx/crypto/digest.h"
#include "qx/crypto/secrets.h"

namespace qx::assessment {
namespace fs = std::filesystem;
namespace {

Error IoError(std::string_view what, const std::string& path, int err) {
  return Error{ErrorCode::kUnavailable, fmt::format("{} {}: {}", what, path, std::strerror(err))};
}

// Closes the descriptor when it goes out of scope.
class Fd {
 public:
  explicit Fd(int fd) : fd_(fd) {}
  ~Fd() {
    if (fd_ >= 0) ::close(fd_);
  }
  Fd(const Fd&) = delete;
  Fd& operator=(const Fd&) = delete;
  int get() const { return fd_; }
  int release() { return std::exchange(fd_, -1); }

 private:
  int fd_;
};

Status FsyncDir(const std::string& dir) {
  Fd fd(::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
  if (fd.get() < 0) return tl::unexpected(IoError("cannot open", dir, errno));
  if (::fsync(fd.get()) != 0) return tl::unexpected(IoError("cannot fsync", dir, errno));
  return Ok();
}

Status WriteAll(int fd, std::string_view data, const std::string& path) {
  while (!data.empty()) {
    const ssize_t n = ::write(fd, data.data(), data.size());
    if (n < 0) {
      if (errno == EINTR) continue;
      return tl::unexpected(IoError("cannot write", path, errno));
    }
    data.remove_prefix(static_cast<size_t>(n));
  }
  return Ok();
}

bool OlderThan(const fs::directory_entry& e, std::chrono::seconds min_age) {
  std::error_code ec;
  const auto written = e.last_write_time(ec);
  if (ec) return false;
  return fs::file_time_type::clock::now() - written >= min_age;
}

}  // namespace

using crypto::IsSha256Hex;

Result<std::unique_ptr<FileBlobStore>> FileBlobStore::Open(const std::string& dir) {
  for (const fs::path p : {fs::path(dir), fs::path(dir) / "objects", fs::path(dir) / "tmp"}) {
    std::error_code ec;
    fs::create_directories(p, ec);
    if (ec) return MakeError(ErrorCode::kUnavailable, "cannot create " + p.string() + ": " + ec.message());
    fs::permissions(p, fs::perms::owner_all, fs::perm_options::replace, ec);
  }
  return std::unique_ptr<FileBlobStore>(new FileBlobStore(dir));
}

std::string FileBlobStore::PathOf(const std::string& sha256) const {
  return (fs::path(dir_) / "objects" / sha256.substr(0, 2) / sha256).string();
}

Result<std::string> FileBlobStore::Put(std::string_view content) {
  const std::string digest = crypto::Sha256Hex(content);
  const std::string final_path = PathOf(digest);
  std::error_code ec;
  if (fs::exists(final_path, ec)) {
    // The same bytes are already stored: made young again, so that no sweep or removal on another
    // replica takes them before this upload's row names them.
    if (::utimensat(AT_FDCWD, final_path.c_str(), nullptr, 0) == 0) return digest;
    if (errno != ENOENT) return tl::unexpected(IoError("cannot touch", final_path, errno));
    // Removed meanwhile: stored anew below.
  }
  const std::string tmp_path =
      (fs::path(dir_) / "tmp" / (crypto::RandomToken("", 16) + ".part")).string();
  {
    Fd fd(::open(tmp_path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600));
    if (fd.get() < 0) return tl::unexpected(IoError("cannot create", tmp_path, errno));
    Status written = WriteAll(fd.get(), content, tmp_path);
    if (written && ::fsync(fd.get()) != 0) written = tl::unexpected(IoError("cannot fsync", tmp_path, errno));
    if (written && ::close(fd.release()) != 0) written = tl::unexpected(IoError("cannot close", tmp_path, errno));
    if (!written) {
      ::unlink(tmp_path.c_str());
      return tl::unexpected(written.error());
    }
  }
  const std::string parent = fs::path(final_path).parent_path().string();
  fs::create_directories(parent, ec);
  if (ec || ::rename(tmp_path.c_str(), final_path.c_str()) != 0) {
    const int err = ec ? ec.value() : errno;
    ::unlink(tmp_path.c_str());
    return tl::unexpected(IoError("cannot store", final_path, err));
  }
  QX_RETURN_IF_ERROR(FsyncDir(parent));
  return digest;
}

Result<std::string> FileBlobStore::Get(const std::string& sha256) {
  if (!IsSha256Hex(sha256)) return MakeError(ErrorCode::kNotFound, "no such blob");
  const std::string path = PathOf(sha256);
  Fd fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC));
  if (fd.get() < 0) {
    if (errno == ENOENT) return MakeError(ErrorCode::kNotFound, "the evidence file is missing");
    return tl::unexpected(IoError("cannot open", path, errno));
  }
  std::string out;
  char buf[1 << 16];
  for (;;) {
    const ssize_t n = ::read(fd.get(), buf, sizeof buf);
    if (n < 0) {
      if (errno == EINTR) continue;
      return tl::unexpected(IoError("cannot read", path, errno));
    }
    if (n == 0) break;
    out.append(buf, static_cast<size_t>(n));
  }
  if (crypto::Sha256Hex(out) != sha256) {
    return MakeError(ErrorCode::kInternal, "the evidence file no longer matches its digest");
  }
  return out;
}

Result<Removal> FileBlobStore::Remove(const std::string& sha256, std::chrono::seconds min_age) {
  if (!IsSha256Hex(sha256)) return Removal::kAbsent;
  const std::string path = PathOf(sha256);
  std::error_code ec;
  if (!OlderThan(fs::directory_entry(path, ec), min_age)) {
    return fs::exists(path, ec) ? Removal::kTooYoung : Removal::kAbsent;
  }
  if (::unlink(path.c_str()) == 0) return Removal::kRemoved;
  if (errno == ENOENT) return Removal::kAbsent;
  return tl::unexpected(IoError("cannot remove", path, errno));
}

// The walks below step with increment(ec): a directory iterator's ++ throws, and the periodic sweep
// runs on a thread of its own.
// Each asks stop before every entry, before anything else is done with it (see BlobStore).
Result<int> FileBlobStore::RemovePartial(std::chrono::seconds min_age, const StopWalk& stop) {
  const fs::path tmp = fs::path(dir_) / "tmp";
  int removed = 0;
  std::error_code ec;
  for (fs::directory_iterator it(tmp, ec), end; !ec && it != end; it.increment(ec)) {
    if (stop && stop()) return removed;
    std::error_code remove_ec;
    if (OlderThan(*it, min_age) && fs::remove(it->path(), remove_ec)) ++removed;
  }
  if (ec) return MakeError(ErrorCode::kUnavailable, "cannot list " + tmp.string() + ": " + ec.message());
  return removed;
}

Status FileBlobStore::ForEachBlob(std::chrono::seconds min_age,
                                  const std::function<Status(const std::string& sha256)>& visit,
                                  const StopWalk& stop) {
  const fs::path objects = fs::path(dir_) / "objects";
  std::error_code ec;
  for (fs::recursive_directory_iterator it(objects, ec), end; !ec && it != end; it.increment(ec)) {
    if (stop && stop()) return Ok();
    std::error_code type_ec;
    if (!it->is_regular_file(type_ec)) continue;
    const std::string name = it->path().filename().string();
    if (!IsSha256Hex(name) || !OlderThan(*it, min_age)) continue;
    QX_RETURN_IF_ERROR(visit(name));
  }
  if (ec) return MakeError(ErrorCode::kUnavailable, "cannot list " + objects.string() + ": " + ec.message());
  return Ok();
}

}  // namespace qx::assessment
