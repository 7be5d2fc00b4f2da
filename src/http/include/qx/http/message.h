// Request and Response as the application sees them: plain values, independent of Beast, so that
// handlers and tests neither include nor depend on the transport.
#pragma once

#include <boost/json/value.hpp>
#include <map>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "qx/core/result.h"

namespace qx::http {

enum class Method { kGet, kHead, kPost, kPut, kPatch, kDelete, kOptions, kOther };

std::string_view Name(Method m);
Method ParseMethod(std::string_view name);
// POST, PUT, PATCH, DELETE and unknown methods change state; they need CSRF protection.
bool ChangesState(Method m);

using Headers = std::vector<std::pair<std::string, std::string>>;

struct Request {
  Method method = Method::kGet;
  std::string target;  // as received: path and query
  std::string path;    // percent-decoded path, without the query
  std::multimap<std::string, std::string> query;  // percent-decoded
  Headers headers;
  std::string body;
  std::string remote;  // peer address
  bool tls = false;

  // Filled by the router.
  std::map<std::string, std::string, std::less<>> params;
  std::string route;  // the matched pattern, e.g. "/api/v1/orgs/{id}": a bounded metrics label
  // Filled by handlers: who acted ("user:12"), for the access log.
  std::string actor;

  // The first header of that name (case-insensitive), or "".
  std::string_view Header(std::string_view name) const;
  // The first query value of that name, or nullptr.
  const std::string* Query(std::string_view name) const;
  // A route parameter; asserts the route declared it.
  const std::string& Param(std::string_view name) const;
};

struct Response {
  int status = 200;
  Headers headers;
  std::string body;

  void SetHeader(std::string name, std::string value);
  std::string_view Header(std::string_view name) const;
};

Response JsonResponse(int status, const boost::json::value& body);
Response NoContent();

// The one mapping from ErrorCode to HTTP status.
int HttpStatus(ErrorCode code);
// {"error": {"code": ..., "message": ...}} with the mapped status.
Response ErrorResponse(const Error& error);
Response ErrorResponse(int status, std::string_view code, std::string_view message);

}  // namespace qx::http
