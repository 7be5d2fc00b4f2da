#include "qx/taxii/protocol.h"

#include <boost/json.hpp>
#include <fmt/format.h>

#include <charconv>

#include "qx/core/clock.h"

namespace qx::taxii {
namespace {

std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

// Splits "type/subtype; a=b; c=d" into the type and its version parameter ("" when absent).
std::pair<std::string, std::string> MediaType(std::string_view item) {
  const size_t semi = item.find(';');
  std::string type = Lower(Trim(item.substr(0, semi)));
  std::string version;
  std::string_view params = semi == std::string_view::npos ? "" : item.substr(semi + 1);
  while (!params.empty()) {
    const size_t next = params.find(';');
    const std::string_view p = Trim(params.substr(0, next));
    params = next == std::string_view::npos ? "" : params.substr(next + 1);
    const size_t eq = p.find('=');
    if (eq != std::string_view::npos && Lower(Trim(p.substr(0, eq))) == "version") {
      version = std::string(Trim(p.substr(eq + 1)));
    }
  }
  return {type, version};
}

}  // namespace

bool AcceptsTaxii(std::string_view accept) {
  if (Trim(accept).empty()) return true;
  while (!accept.empty()) {
    const size_t comma = accept.find(',');
    const auto [type, version] = MediaType(accept.substr(0, comma));
    accept = comma == std::string_view::npos ? "" : accept.substr(comma + 1);
    if (type == "*/*" || type == "application/*") return true;
    if (type == "application/taxii+json" && (version.empty() || version == "2.1")) return true;
  }
  return false;
}

bool IsTaxiiContentType(std::string_view content_type) {
  const auto [type, version] = MediaType(content_type);
  return type == "application/taxii+json" && version == "2.1";
}

std::string FormatTimestamp(std::int64_t micros) {
  const std::int64_t ms = micros >= 0 ? micros / 1000 : (micros - 999) / 1000;
  std::string text = FormatRfc3339(ms);  // "...SS.mmmZ"
  text.pop_back();
  text += fmt::format("{:03d}Z", static_cast<int>(micros - ms * 1000));
  return text;
}

Result<std::int64_t> ParseTimestamp(std::string_view text) {
  auto invalid = [&] {
    return MakeError(ErrorCode::kInvalidArgument,
                     fmt::format("'{}' is not a TAXII timestamp (RFC 3339, UTC, ending in Z)", text));
  };
  if (text.size() < 20 || (text.back() != 'Z' && text.back() != 'z')) return invalid();
  auto ms = ParseRfc3339(text);
  if (!ms) return invalid();
  // Microseconds beyond the milliseconds ParseRfc3339 keeps.
  int extra = 0;
  const size_t dot = text.find('.');
  if (dot != std::string_view::npos) {
    const std::string_view frac = text.substr(dot + 1, text.size() - dot - 2);
    for (size_t i = 3; i < 6; ++i) extra = extra * 10 + (i < frac.size() ? frac[i] - '0' : 0);
  }
  return *ms * 1000 + extra;
}

http::Response TaxiiJson(int status, const boost::json::value& body) {
  http::Response r = http::JsonResponse(status, body);
  r.SetHeader("Content-Type", std::string(kTaxiiMediaType));
  return r;
}

http::Response ErrorResponse(int http_status, std::string_view title, std::string_view description) {
  return TaxiiJson(http_status, boost::json::object{{"title", title},
                                                     {"description", description},
                                                     {"http_status", std::to_string(http_status)}});
}

http::Response ErrorResponse(const Error& error) {
  const int status = http::HttpStatus(error.code);
  const bool internal = error.code == ErrorCode::kInternal;
  http::Response r = ErrorResponse(status, ErrorCodeName(error.code),
                                   internal ? "internal error" : error.message);
  if (status == 401) r.SetHeader("WWW-Authenticate", "Basic realm=\"qalxan-taxii\"");
  return r;
}

std::string EncodeCursor(std::int64_t seq) { return fmt::format("q1.{}", seq); }

Result<std::int64_t> DecodeCursor(std::string_view cursor) {
  std::int64_t seq = 0;
  if (cursor.substr(0, 3) != "q1.") {
    return MakeError(ErrorCode::kInvalidArgument, "next is not a cursor this server gave out");
  }
  const std::string_view digits = cursor.substr(3);
  auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), seq);
  if (ec != std::errc() || end != digits.data() + digits.size() || seq < 0) {
    return MakeError(ErrorCode::kInvalidArgument, "next is not a cursor this server gave out");
  }
  return seq;
}

}  // namespace qx::taxii
