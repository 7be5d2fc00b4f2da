// TAXII 2.1 protocol details that are pure: media types and content negotiation, timestamps with
// microseconds, the error shape, and the opaque paging cursor. No sockets, no store.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "qx/core/result.h"
#include "qx/http/message.h"

namespace qx::taxii {

inline constexpr std::string_view kTaxiiMediaType = "application/taxii+json;version=2.1";
inline constexpr std::string_view kStixMediaType = "application/stix+json;version=2.1";

// True when an Accept header admits TAXII 2.1 JSON: the exact media type, application/taxii+json
// without a version, or a wildcard. An absent header is taken as */*.
bool AcceptsTaxii(std::string_view accept);
// True when a Content-Type is TAXII 2.1 JSON (parameters in any order, spaces allowed).
bool IsTaxiiContentType(std::string_view content_type);

// "2026-11-27T21:10:04.123456Z".
std::string FormatTimestamp(std::int64_t micros);
// A STIX/TAXII timestamp (RFC 3339, UTC "Z", up to microseconds) as microseconds.
Result<std::int64_t> ParseTimestamp(std::string_view text);

// The TAXII error message: {"title", "description", "http_status"} with the TAXII media type.
http::Response ErrorResponse(int http_status, std::string_view title, std::string_view description);
http::Response ErrorResponse(const Error& error);

// The opaque `next` of a page: an encoded store key, valid on any replica and after restarts.
std::string EncodeCursor(std::int64_t seq);
Result<std::int64_t> DecodeCursor(std::string_view cursor);

// A JSON answer with the TAXII media type.
http::Response TaxiiJson(int status, const boost::json::value& body);

}  // namespace qx::taxii
