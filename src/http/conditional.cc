#include "qx/http/conditional.h"

#include <strings.h>

#include "qx/crypto/digest.h"

namespace qx::http {
namespace {

bool IsOws(char c) { return c == ' ' || c == '\t'; }

// etagc = %x21 / %x23-7E / obs-text (%x80-FF): any visible character but the double quote.
bool IsEtagc(char c) {
  const auto u = static_cast<unsigned char>(c);
  return u == 0x21 || (u >= 0x23 && u <= 0x7E) || u >= 0x80;
}

std::string_view TrimOws(std::string_view s) {
  while (!s.empty() && IsOws(s.front())) s.remove_prefix(1);
  while (!s.empty() && IsOws(s.back())) s.remove_suffix(1);
  return s;
}

// The weak comparison (RFC 9110 8.8.3.2): the opaque-tags match, whatever either's W/ says.
std::string_view OpaqueTag(std::string_view etag) {
  if (etag.size() >= 2 && etag[0] == 'W' && etag[1] == '/') etag.remove_prefix(2);
  return etag;
}

}  // namespace

std::string StrongEtag(std::string_view representation) {
  std::string tag = "\"";
  tag += crypto::Sha256Hex(representation);
  tag += '"';
  return tag;
}

std::optional<IfNoneMatch> ParseIfNoneMatch(std::string_view value) {
  IfNoneMatch out;
  if (TrimOws(value) == "*") {
    out.any = true;
    return out;
  }
  // #entity-tag: elements separated by commas with optional whitespace; an opaque-tag may itself
  // hold a comma, so the value is read tag by tag, not split at commas.
  size_t i = 0;
  const size_t n = value.size();
  while (true) {
    while (i < n && (IsOws(value[i]) || value[i] == ',')) ++i;  // empty elements are allowed
    if (i == n) return out;
    if (value.compare(i, 2, "W/") == 0) i += 2;  // "W/" is case-sensitive (%s"W/")
    if (i == n || value[i] != '"') return std::nullopt;
    const size_t open = i++;
    while (i < n && IsEtagc(value[i])) ++i;
    if (i == n || value[i] != '"') return std::nullopt;
    ++i;
    out.opaque_tags.emplace_back(value.substr(open, i - open));
    while (i < n && IsOws(value[i])) ++i;
    if (i < n && value[i] != ',') return std::nullopt;  // one tag per element
  }
}

bool HasIfNoneMatch(const Request& req) {
  for (const auto& [name, value] : req.headers) {
    if (strcasecmp(name.c_str(), "If-None-Match") == 0) return true;
  }
  return false;
}

bool IfNoneMatchNames(const Request& req, std::string_view etag) {
  // Several lines are one field: their values joined by commas (RFC 9110 5.3).
  std::string field;
  bool present = false;
  for (const auto& [name, value] : req.headers) {
    if (strcasecmp(name.c_str(), "If-None-Match") != 0) continue;
    if (present) field += ", ";
    field += value;
    present = true;
  }
  if (!present) return false;
  const auto parsed = ParseIfNoneMatch(field);
  if (!parsed) return false;  // malformed: ignored, as if absent
  if (parsed->any) return true;
  const std::string_view wanted = OpaqueTag(etag);
  for (const std::string& tag : parsed->opaque_tags) {
    if (tag == wanted) return true;
  }
  return false;
}

Response NotModified(std::string etag) {
  Response r;
  r.status = 304;
  r.SetHeader("ETag", std::move(etag));
  return r;
}

}  // namespace qx::http
