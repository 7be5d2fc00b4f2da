#include "input.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>

namespace qx::match_cli {
namespace {

class FileSource : public ByteSource {
 public:
  FileSource(int fd, size_t size) : fd_(fd), size_(size) {
    ::posix_fadvise(fd_, 0, 0, POSIX_FADV_SEQUENTIAL);
  }
  ~FileSource() override { ::close(fd_); }
  Result<size_t> Read(char* buf, size_t n) override {
    size_t got = 0;
    while (got < n) {
      const ssize_t r = ::read(fd_, buf + got, n - got);
      if (r < 0) {
        if (errno == EINTR) continue;
        return MakeError(ErrorCode::kUnavailable, std::string("read: ") + std::strerror(errno));
      }
      if (r == 0) break;
      got += static_cast<size_t>(r);
    }
    consumed_ += got;
    return got;
  }
  size_t consumed() const override { return consumed_; }
  size_t total() const override { return size_; }

 private:
  int fd_;
  size_t size_;
  size_t consumed_ = 0;
};

class GzipSource : public ByteSource {
 public:
  GzipSource(int fd, size_t size) : size_(size), raw_fd_(fd) { gz_ = ::gzdopen(fd, "rb"); }
  ~GzipSource() override {
    if (gz_) ::gzclose(gz_);
  }
  Result<size_t> Read(char* buf, size_t n) override {
    if (!gz_) return MakeError(ErrorCode::kUnavailable, "cannot open the gzip stream");
    size_t got = 0;
    while (got < n) {
      const unsigned want = static_cast<unsigned>(std::min<size_t>(n - got, 1u << 30));
      const int r = ::gzread(gz_, buf + got, want);
      if (r < 0) {
        int err = 0;
        const char* msg = ::gzerror(gz_, &err);
        return MakeError(ErrorCode::kInvalidArgument, std::string("gzip: ") + (msg ? msg : "error"));
      }
      if (r == 0) {
        int err = 0;
        const char* msg = ::gzerror(gz_, &err);
        // zlib reports a stream cut short as Z_BUF_ERROR at the end.
        if (err != Z_OK && err != Z_STREAM_END) {
          return MakeError(ErrorCode::kInvalidArgument, std::string("gzip: ") + (msg ? msg : "truncated"));
        }
        break;
      }
      got += static_cast<size_t>(r);
    }
    return got;
  }
  size_t consumed() const override {
    const off_t pos = ::lseek(raw_fd_, 0, SEEK_CUR);
    return pos < 0 ? 0 : static_cast<size_t>(pos);
  }
  size_t total() const override { return size_; }

 private:
  gzFile gz_ = nullptr;
  size_t size_;
  int raw_fd_;
};

}  // namespace

Result<std::unique_ptr<ByteSource>> OpenInput(const std::string& path) {
  if (path == "-") {
    const int fd = ::dup(0);
    if (fd < 0) return MakeError(ErrorCode::kUnavailable, "cannot read stdin");
    // zlib reads plain data through unchanged ("transparent" mode).
    return std::unique_ptr<ByteSource>(std::make_unique<GzipSource>(fd, 0));
  }
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    return MakeError(errno == ENOENT ? ErrorCode::kNotFound : ErrorCode::kUnavailable,
                     path + ": " + std::strerror(errno));
  }
  struct stat st {};
  if (::fstat(fd, &st) != 0 || S_ISDIR(st.st_mode)) {
    ::close(fd);
    return MakeError(ErrorCode::kInvalidArgument, path + ": not a readable file");
  }
  unsigned char magic[2] = {0, 0};
  const bool gz = ::pread(fd, magic, 2, 0) == 2 && magic[0] == 0x1f && magic[1] == 0x8b;
  const size_t size = S_ISREG(st.st_mode) ? static_cast<size_t>(st.st_size) : 0;
  if (gz) return std::unique_ptr<ByteSource>(std::make_unique<GzipSource>(fd, size));
  return std::unique_ptr<ByteSource>(std::make_unique<FileSource>(fd, size));
}

Result<std::vector<std::string>> ExpandInputs(const std::vector<std::string>& paths) {
  namespace fs = std::filesystem;
  std::vector<std::string> out;
  for (const auto& p : paths) {
    if (p == "-") {
      out.push_back(p);
      continue;
    }
    std::error_code ec;
    const auto status = fs::status(p, ec);
    if (ec || !fs::exists(status)) return MakeError(ErrorCode::kNotFound, p + ": no such file or directory");
    if (!fs::is_directory(status)) {
      out.push_back(p);
      continue;
    }
    std::vector<std::string> found;
    for (auto it = fs::recursive_directory_iterator(p, fs::directory_options::skip_permission_denied, ec);
         !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
      std::error_code e2;
      if (it->is_regular_file(e2)) found.push_back(it->path().string());
    }
    std::sort(found.begin(), found.end());
    out.insert(out.end(), found.begin(), found.end());
  }
  return out;
}

}  // namespace qx::match_cli
