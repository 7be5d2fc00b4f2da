// Fuzzes what the server does with untrusted request bytes: Beast's parser with our limits, then
// target and cookie parsing, then routing with path parameters.
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

#include <cstddef>
#include <cstdint>

#include "qx/http/router.h"
#include "qx/http/target.h"

namespace {

qx::http::Router& TestRouter() {
  static qx::http::Router* router = [] {
    auto* r = new qx::http::Router();
    auto echo = [](qx::http::Request& req) {
      qx::http::Response res;
      for (const auto& [k, v] : req.params) res.body += k + "=" + v + ";";
      return res;
    };
    r->Add(qx::http::Method::kGet, "/api/v1/orgs", echo);
    r->Add(qx::http::Method::kGet, "/api/v1/orgs/{id}/users", echo);
    r->Add(qx::http::Method::kPost, "/api/v1/orgs/{id}/tokens", echo);
    r->Add(qx::http::Method::kDelete, "/api/v1/tokens/{id}", echo);
    return r;
  }();
  return *router;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  namespace bhttp = boost::beast::http;
  bhttp::request_parser<bhttp::string_body> parser;
  parser.header_limit(16 * 1024);
  parser.body_limit(64 * 1024);
  parser.eager(true);
  boost::beast::error_code ec;
  parser.put(boost::asio::buffer(data, size), ec);
  if (ec || !parser.is_header_done()) return 0;
  const auto& raw = parser.get();
  auto target = qx::http::ParseTarget(std::string_view(raw.target()));
  (void)qx::http::CookieValue(std::string_view(raw[bhttp::field::cookie]), "qx_session");
  if (!target) return 0;
  qx::http::Request req;
  req.method = qx::http::ParseMethod(std::string_view(raw.method_string()));
  req.path = target->path;
  req.query = target->query;
  (void)TestRouter().Dispatch(req);
  return 0;
}
