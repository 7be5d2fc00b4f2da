// The one answer to a download of an uploaded file (assessment evidence, incident attachments).
#pragma once

#include <string>
#include <string_view>

#include "qx/http/message.h"

namespace qx::api {

// The bytes as application/octet-stream, saved under the stored name (RFC 6266, whatever bytes the
// name holds), never rendered, sniffed or cached by the browser, whatever the bytes are.
http::Response FileDownload(std::string bytes, std::string_view filename);

}  // namespace qx::api
