// HTTP conditional requests (RFC 9110 section 13): a strong entity tag naming a representation,
// and the If-None-Match precondition by which a GET is answered 304 Not Modified. Pure logic on
// header values; the handler decides what the representation is.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "qx/http/message.h"

namespace qx::http {

// A strong entity tag (RFC 9110 8.8.3) for these exact bytes: their SHA-256 in hex, quoted. Any
// change of a byte changes it.
std::string StrongEtag(std::string_view representation);

// An If-None-Match field value (RFC 9110 13.1.2): "*" or a list of entity-tags.
struct IfNoneMatch {
  bool any = false;                      // "*": any current representation
  std::vector<std::string> opaque_tags;  // as sent, quotes included, a "W/" prefix dropped
};

// nullopt when the value is neither "*" nor a comma-separated list of entity-tags (empty list
// elements and whitespace around them are allowed, RFC 9110 5.6.1).
std::optional<IfNoneMatch> ParseIfNoneMatch(std::string_view value);

// True when the request carries an If-None-Match field, well-formed or not.
bool HasIfNoneMatch(const Request& req);

// True when the request's If-None-Match condition is false for a current representation with
// this entity tag: the field is "*" or names the tag by the weak comparison (W/"x" matches "x"),
// so a GET is answered 304. False when the field is absent or names other tags; a malformed field
// is ignored as if absent (the client gets the full answer). Several If-None-Match lines count as
// one list (RFC 9110 5.3); one malformed line makes the whole field malformed.
bool IfNoneMatchNames(const Request& req, std::string_view etag);

// 304 Not Modified (RFC 9110 15.4.5): the entity tag, no content.
Response NotModified(std::string etag);

}  // namespace qx::http
