#include "qx/http/static_files.h"

#include <filesystem>
#include <fstream>
#include <sstream>

#include "qx/crypto/digest.h"
#include "qx/http/conditional.h"

namespace qx::http {
namespace fs = std::filesystem;

std::string_view ContentTypeFor(std::string_view name) {
  static constexpr std::pair<std::string_view, std::string_view> kTypes[] = {
      {".html", "text/html; charset=utf-8"},
      {".js", "text/javascript; charset=utf-8"},
      {".mjs", "text/javascript; charset=utf-8"},
      {".css", "text/css; charset=utf-8"},
      {".json", "application/json"},
      {".svg", "image/svg+xml"},
      {".png", "image/png"},
      {".ico", "image/x-icon"},
      {".woff2", "font/woff2"},
      {".txt", "text/plain; charset=utf-8"},
      {".map", "application/json"},
  };
  for (const auto& [ext, type] : kTypes) {
    if (name.size() >= ext.size() && name.substr(name.size() - ext.size()) == ext) return type;
  }
  return "application/octet-stream";
}

Result<std::unique_ptr<StaticFiles>> StaticFiles::Load(const std::string& root) {
  std::error_code ec;
  if (!fs::is_regular_file(fs::path(root) / "index.html", ec)) {
    return MakeError(ErrorCode::kNotFound, "no index.html in web root " + root);
  }
  auto out = std::unique_ptr<StaticFiles>(new StaticFiles());
  for (auto it = fs::recursive_directory_iterator(root, ec);
       !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
    if (!it->is_regular_file(ec) || it->is_symlink(ec)) continue;
    std::ifstream in(it->path(), std::ios::binary);
    std::ostringstream content;
    content << in.rdbuf();
    const std::string rel = "/" + fs::relative(it->path(), root, ec).generic_string();
    File f{content.str(), std::string(ContentTypeFor(rel)), "", rel.rfind("/assets/", 0) == 0};
    f.etag = "\"" + crypto::Sha256Hex(f.content).substr(0, 32) + "\"";
    out->files_.emplace(rel, std::move(f));
  }
  if (ec) return MakeError(ErrorCode::kUnavailable, "cannot read web root: " + ec.message());
  return out;
}

Response StaticFiles::Serve(const Request& req) const {
  if (req.method != Method::kGet && req.method != Method::kHead) {
    return ErrorResponse(405, "method_not_allowed", "method not allowed for this path");
  }
  std::string_view path = req.path == "/" ? std::string_view("/index.html") : req.path;
  auto it = files_.find(path);
  if (it == files_.end()) {
    const size_t slash = path.rfind('/');
    const bool looks_like_file = path.find('.', slash) != std::string_view::npos;
    const bool api = path.rfind("/api/", 0) == 0;
    if (looks_like_file || api) return ErrorResponse(404, "not_found", "no such resource");
    it = files_.find("/index.html");
  }
  const File& f = it->second;
  Response r;
  r.SetHeader("ETag", f.etag);
  r.SetHeader("Cache-Control", f.immutable ? "public, max-age=31536000, immutable" : "no-cache");
  if (IfNoneMatchNames(req, f.etag)) {
    r.status = 304;
    return r;
  }
  r.SetHeader("Content-Type", f.content_type);
  r.body = f.content;
  return r;
}

}  // namespace qx::http
