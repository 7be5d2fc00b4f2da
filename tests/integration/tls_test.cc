// HTTPS when a certificate and key are configured: a real TLS handshake on 127.0.0.1, HSTS, and
// the session cookie marked Secure.
#include <boost/asio.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>

#include "test_server.h"

namespace qx::testing {
namespace {

namespace net = boost::asio;
namespace beast = boost::beast;
namespace bhttp = beast::http;

struct TlsAnswer {
  int status = 0;
  std::string hsts;
  std::string cookie;
};

TlsAnswer HttpsRequest(std::uint16_t port, const std::string& method, const std::string& target,
                       const std::string& body) {
  net::io_context io;
  net::ssl::context ctx(net::ssl::context::tls_client);
  ctx.set_verify_mode(net::ssl::verify_none);  // a throwaway self-signed certificate
  beast::ssl_stream<beast::tcp_stream> stream(io, ctx);
  beast::get_lowest_layer(stream).connect(
      net::ip::tcp::endpoint(net::ip::make_address("127.0.0.1"), port));
  stream.handshake(net::ssl::stream_base::client);
  bhttp::request<bhttp::string_body> req{bhttp::string_to_verb(method), target, 11};
  req.set(bhttp::field::host, "localhost");
  if (!body.empty()) req.set(bhttp::field::content_type, "application/json");
  req.body() = body;
  req.prepare_payload();
  bhttp::write(stream, req);
  beast::flat_buffer buffer;
  bhttp::response<bhttp::string_body> res;
  bhttp::read(stream, buffer, res);
  return {static_cast<int>(res.result_int()), std::string(res["Strict-Transport-Security"]),
          std::string(res[bhttp::field::set_cookie])};
}

TEST(TlsTest, ServesHttpsWithSecureCookies) {
  const auto dir = std::filesystem::temp_directory_path() / ("qx-tls-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  const std::string cert = (dir / "cert.pem").string(), key = (dir / "key.pem").string();
  const std::string make_cert =
      "openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 1"
      " -subj /CN=localhost -keyout " + key + " -out " + cert + " >/dev/null 2>&1";
  ASSERT_EQ(std::system(make_cert.c_str()), 0) << "openssl could not make a test certificate";

  TestServer server(1 << 20, "", [&](app::Config& c) {
    c.tls_cert = cert;
    c.tls_key = key;
  });
  const TlsAnswer health = HttpsRequest(server.port(), "GET", "/healthz", "");
  EXPECT_EQ(health.status, 200);
  EXPECT_NE(health.hsts.find("max-age="), std::string::npos);
  const TlsAnswer login = HttpsRequest(
      server.port(), "POST", "/api/v1/session",
      R"({"username":"regulator.admin","password":"bootstrap-password-1"})");
  EXPECT_EQ(login.status, 200);
  EXPECT_NE(login.cookie.find("; Secure"), std::string::npos) << login.cookie;
  std::filesystem::remove_all(dir);
}

TEST(TlsTest, AMissingKeyIsAClearStartupError) {
  EXPECT_THROW(TestServer(1 << 20, "", [](app::Config& c) { c.tls_cert = "/nonexistent.pem"; }),
               std::runtime_error);
}

}  // namespace
}  // namespace qx::testing
