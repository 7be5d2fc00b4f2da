// Uploaded files as the HTTP edge meets them: the name and media type an uploader declares are
// checked (rejected, not silently repaired, so that a bad request gets a clear answer), and the
// Content-Disposition a download is served with. Pure functions, no I/O.
#pragma once

#include <string>
#include <string_view>

#include "qx/core/result.h"

namespace qx::domain {

inline constexpr std::size_t kMaxFileNameBytes = 200;

// The one rule for the name of an uploaded file (assessment evidence and incident attachments):
// the name as given, when it is one a person can be shown and a browser can save: not empty, at
// most 200 bytes of valid UTF-8, no path separators, quotes or ';', no control characters (C0, DEL,
// C1) nor invisible direction marks and overrides (U+200E/F, U+202A-E, U+2066-9, which can make
// "x<U+202E>fdp.exe" show as "xexe.pdf"), not starting with '.' or a space. kInvalidArgument
// naming the problem otherwise: a bad name is refused, never silently repaired, so that what is
// stored and shown is exactly what the uploader chose.
Result<std::string> CheckFileName(std::string_view name);

// A declared media type "type/subtype" (parameters such as "; charset=utf-8" dropped), lowercased;
// application/octet-stream when nothing was declared. kInvalidArgument when it is not of that form.
// It is only shown: downloads are always served as application/octet-stream.
Result<std::string> NormaliseMediaType(std::string_view declared);

// The Content-Disposition of every file download (evidence and incident attachments), per RFC 6266
// and RFC 5987: `attachment; filename="<ASCII fallback>"; filename*=UTF-8''<percent-encoded>`.
// The browser saves the file and never renders it. Safe for any bytes, not only names that passed
// CheckFileName: what could end the parameter or the header line is replaced by '_'.
std::string AttachmentDisposition(std::string_view name);

}  // namespace qx::domain
