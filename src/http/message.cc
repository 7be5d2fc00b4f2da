#include "qx/http/message.h"

#include <boost/json.hpp>
#include <spdlog/spdlog.h>
#include <cassert>
#include <strings.h>

namespace qx::http {
namespace {

bool EqualsIgnoreCase(std::string_view a, std::string_view b) {
  return a.size() == b.size() && strncasecmp(a.data(), b.data(), a.size()) == 0;
}

std::string_view FindHeader(const Headers& headers, std::string_view name) {
  for (const auto& [k, v] : headers) {
    if (EqualsIgnoreCase(k, name)) return v;
  }
  return {};
}

}  // namespace

std::string_view Name(Method m) {
  switch (m) {
    case Method::kGet: return "GET";
    case Method::kHead: return "HEAD";
    case Method::kPost: return "POST";
    case Method::kPut: return "PUT";
    case Method::kPatch: return "PATCH";
    case Method::kDelete: return "DELETE";
    case Method::kOptions: return "OPTIONS";
    case Method::kOther: return "OTHER";
  }
  return "OTHER";
}

Method ParseMethod(std::string_view name) {
  for (Method m : {Method::kGet, Method::kHead, Method::kPost, Method::kPut, Method::kPatch,
                   Method::kDelete, Method::kOptions}) {
    if (Name(m) == name) return m;
  }
  return Method::kOther;
}

bool ChangesState(Method m) {
  return m != Method::kGet && m != Method::kHead && m != Method::kOptions;
}

std::string_view Request::Header(std::string_view name) const { return FindHeader(headers, name); }

const std::string* Request::Query(std::string_view name) const {
  auto it = query.find(std::string(name));
  return it == query.end() ? nullptr : &it->second;
}

const std::string& Request::Param(std::string_view name) const {
  auto it = params.find(name);
  assert(it != params.end() && "route does not declare this parameter");
  return it->second;
}

void Response::SetHeader(std::string name, std::string value) {
  for (auto& [k, v] : headers) {
    if (EqualsIgnoreCase(k, name)) {
      v = std::move(value);
      return;
    }
  }
  headers.emplace_back(std::move(name), std::move(value));
}

std::string_view Response::Header(std::string_view name) const {
  return FindHeader(headers, name);
}

Response JsonResponse(int status, const boost::json::value& body) {
  Response r;
  r.status = status;
  r.body = boost::json::serialize(body);
  r.SetHeader("Content-Type", "application/json");
  return r;
}

Response NoContent() {
  Response r;
  r.status = 204;
  return r;
}

int HttpStatus(ErrorCode code) {
  switch (code) {
    case ErrorCode::kInvalidArgument: return 400;
    case ErrorCode::kUnauthenticated: return 401;
    case ErrorCode::kPermissionDenied: return 403;
    case ErrorCode::kNotFound: return 404;
    case ErrorCode::kNotAcceptable: return 406;
    case ErrorCode::kAlreadyExists: return 409;
    case ErrorCode::kConflict: return 409;
    case ErrorCode::kPayloadTooLarge: return 413;
    case ErrorCode::kUnsupportedMediaType: return 415;
    case ErrorCode::kTooManyRequests: return 429;
    case ErrorCode::kInternal: return 500;
    case ErrorCode::kUnavailable: return 503;
  }
  return 500;
}

Response ErrorResponse(int status, std::string_view code, std::string_view message) {
  return JsonResponse(status, {{"error", {{"code", code}, {"message", message}}}});
}

Response ErrorResponse(const Error& error) {
  // Internal details stay in the server's log; the client learns only that it failed.
  const bool internal = error.code == ErrorCode::kInternal;
  if (internal || error.code == ErrorCode::kUnavailable) spdlog::error("{}", error.message);
  return ErrorResponse(HttpStatus(error.code), ErrorCodeName(error.code),
                       internal ? "internal error" : error.message);
}

}  // namespace qx::http
