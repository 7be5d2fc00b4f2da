#include "file_download.h"

#include "qx/domain/attachment.h"

namespace qx::api {

http::Response FileDownload(std::string bytes, std::string_view filename) {
  http::Response r;
  r.body = std::move(bytes);
  r.SetHeader("Content-Type", "application/octet-stream");
  r.SetHeader("Content-Disposition", domain::AttachmentDisposition(filename));
  r.SetHeader("X-Content-Type-Options", "nosniff");
  r.SetHeader("Content-Security-Policy", "default-src 'none'; sandbox");
  r.SetHeader("Cache-Control", "private, no-store");
  return r;
}

}  // namespace qx::api
