// The agent's client of the Qalxan server (libcurl): enrol with a one-time token, fetch the
// policy, post a signed bundle. Speaks JSON over HTTP(S); TLS peers are verified (the system
// trust store, or ca_file). Never links server or database code.
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "qx/core/result.h"

namespace qx::agent_cli {

struct HttpReply {
  long status = 0;
  std::string body;
  std::vector<std::pair<std::string, std::string>> headers;  // of the final answer, as received

  // The first header of that name (case-insensitive), or "".
  std::string Header(std::string_view name) const;
};

class ServerClient {
 public:
  // base: "https://host[:port]" (a trailing slash is ignored). ca_file: "" for the system store.
  ServerClient(std::string base, std::string ca_file);

  // kUnavailable when the server cannot be reached; any HTTP status is returned as is.
  // headers: more request header lines ("Name: value"), none with a line break.
  Result<HttpReply> Get(std::string_view path, std::string_view bearer,
                        const std::vector<std::string>& headers = {}) const;
  Result<HttpReply> Post(std::string_view path, std::string_view bearer, std::string_view json) const;

 private:
  Result<HttpReply> Call(const char* method, std::string_view path, std::string_view bearer,
                         std::string_view body, const std::vector<std::string>& headers) const;
  std::string base_;
  std::string ca_file_;
};

// "status: message" of an error reply ({"error":{"code","message"}}), for the operator.
std::string DescribeError(const HttpReply& reply);

}  // namespace qx::agent_cli
