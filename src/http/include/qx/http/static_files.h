// StaticFiles: the built web dashboard, read into memory once at start and served by exact path,
// so that no request path ever reaches the filesystem (no traversal to defend against).
#pragma once

#include <map>
#include <memory>
#include <string>

#include "qx/http/message.h"

namespace qx::http {

class StaticFiles {
 public:
  // Loads every regular file below root (symlinks are not followed). kNotFound without index.html.
  static Result<std::unique_ptr<StaticFiles>> Load(const std::string& root);

  // GET of a file by its path; a path without a file extension that is not a file gets
  // index.html (client-side routes). 404 otherwise; 304 when If-None-Match matches.
  Response Serve(const Request& req) const;

  size_t size() const { return files_.size(); }

 private:
  struct File {
    std::string content;
    std::string content_type;
    std::string etag;
    bool immutable;  // content-hashed build assets
  };
  std::map<std::string, File, std::less<>> files_;
};

// The Content-Type for a file name, by extension; application/octet-stream when unknown.
std::string_view ContentTypeFor(std::string_view filename);

}  // namespace qx::http
