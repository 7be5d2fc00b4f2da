#include "taxii_cache.h"

#include <fcntl.h>
#include <unistd.h>

#include <boost/json.hpp>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "indicator_file.h"

namespace qx::match_cli {
namespace fs = std::filesystem;

Status WriteFileAtomically(const std::string& path, const std::string& content) {
  const std::string tmp = path + ".tmp";
  const int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  if (fd < 0) return MakeError(ErrorCode::kUnavailable, tmp + ": " + std::strerror(errno));
  size_t done = 0;
  while (done < content.size()) {
    const ssize_t w = ::write(fd, content.data() + done, content.size() - done);
    if (w < 0) {
      if (errno == EINTR) continue;
      ::close(fd);
      return MakeError(ErrorCode::kUnavailable, tmp + ": " + std::strerror(errno));
    }
    done += static_cast<size_t>(w);
  }
  if (::fsync(fd) != 0 || ::close(fd) != 0 || ::rename(tmp.c_str(), path.c_str()) != 0) {
    return MakeError(ErrorCode::kUnavailable, path + ": " + std::strerror(errno));
  }
  return Ok();
}

Result<TaxiiCache> TaxiiCache::Open(const std::string& dir) {
  std::error_code ec;
  fs::create_directories(fs::path(dir) / "pages", ec);
  if (ec) return MakeError(ErrorCode::kUnavailable, dir + ": " + ec.message());
  TaxiiCache c;
  c.dir_ = dir;
  std::ifstream state(fs::path(dir) / "state.json");
  if (state) {
    std::stringstream ss;
    ss << state.rdbuf();
    boost::system::error_code jec;
    const auto v = boost::json::parse(ss.str(), jec);
    if (jec || !v.is_object()) return MakeError(ErrorCode::kInvalidArgument, dir + "/state.json is corrupt");
    if (const auto* a = v.as_object().if_contains("added_after"); a && a->is_string()) {
      c.added_after_ = std::string(a->as_string());
    }
  }
  c.next_page_ = c.PageFiles().size() + 1;
  return c;
}

std::vector<std::string> TaxiiCache::PageFiles() const {
  std::vector<std::string> out;
  std::error_code ec;
  for (const auto& e : fs::directory_iterator(fs::path(dir_) / "pages", ec)) {
    if (e.path().extension() == ".json") out.push_back(e.path().string());
  }
  std::sort(out.begin(), out.end());
  return out;
}

Status TaxiiCache::AddPage(const std::string& body) {
  char name[32];
  std::snprintf(name, sizeof name, "%010zu.json", next_page_);
  QX_RETURN_IF_ERROR(WriteFileAtomically((fs::path(dir_) / "pages" / name).string(), body));
  ++next_page_;
  return Ok();
}

Status TaxiiCache::SetAddedAfter(const std::string& ts) {
  boost::json::object o;
  o["added_after"] = ts;
  QX_RETURN_IF_ERROR(WriteFileAtomically((fs::path(dir_) / "state.json").string(), boost::json::serialize(o)));
  added_after_ = ts;
  return Ok();
}

Status TaxiiCache::LoadInto(match::IndicatorCollector* collector) const {
  for (const auto& page : PageFiles()) QX_RETURN_IF_ERROR(ReadBundleFile(page, collector));
  return Ok();
}

}  // namespace qx::match_cli
