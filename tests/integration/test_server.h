// A real server on 127.0.0.1:0 in a temporary data directory, and a small blocking HTTP client
// that talks to it over a real socket.
#pragma once

#include <boost/json.hpp>
#include <functional>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "config.h"
#include "server_app.h"
#include "disposition_name.h"  // DispositionName(), for the download tests

namespace qx::testing {

inline constexpr char kBootstrapPassword[] = "bootstrap-password-1";

struct HttpResult {
  int status = 0;
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;
  std::string Header(std::string_view name) const;
  boost::json::value Json() const;
};

// Sends one request to 127.0.0.1:port on a new connection (over TLS, certificate unchecked, when
// tls is set).
HttpResult HttpRequest(std::uint16_t port, const std::string& method, const std::string& target,
                       const std::string& body = "",
                       const std::vector<std::pair<std::string, std::string>>& headers = {}, bool tls = false);

// Percent-encodes every byte but unreserved ASCII (for names sent in a query string).
std::string UrlEncode(std::string_view s);

// Stored file names a download must still serve as one safe Content-Disposition line, with the
// name DispositionName() then reads back; NUL and invalid UTF-8 only on a backend that can hold
// them (SQLite: PostgreSQL text cannot).
struct HostileName {
  std::string stored, shown;
};
std::vector<HostileName> HostileStoredNames(const std::string& backend);

class TestServer {
 public:
  // Starts a server on a fresh data directory (seeded, minimal password cost), seeding the
  // requirement catalogs of catalogs_dir when it is not empty.
  explicit TestServer(std::int64_t body_limit = 1 << 20, const std::string& catalogs_dir = "",
                      const std::function<void(app::Config&)>& configure = {});
  ~TestServer();

  std::uint16_t port() const { return port_; }
  const std::string& data_dir() const { return config_.data_dir; }
  const app::Config& config() const { return config_; }
  // "sqlite" or "postgresql": QX_TEST_BACKEND chooses (CTest registers every integration test
  // once for each); PostgreSQL servers get a fresh database on the test cluster.
  const std::string& backend() const { return backend_; }
  // Runs SQL directly on this server's database (to tamper with it behind the server's back).
  void Sql(const std::string& sql) const;
  // An SQL expression of this backend for the text holding exactly these bytes.
  std::string SqlText(std::string_view bytes) const;

  // Sends one request on a new connection (HTTPS when the server has a certificate).
  HttpResult Request(const std::string& method, const std::string& target,
                     const std::string& body = "",
                     const std::vector<std::pair<std::string, std::string>>& headers = {}) const;
  // Sends raw bytes and returns the raw answer (for malformed requests).
  std::string Raw(const std::string& bytes) const;

  // Logs in and returns {cookie header value, csrf token}.
  std::pair<std::string, std::string> Login(const std::string& username,
                                            const std::string& password = kBootstrapPassword) const;

  // Stops the server and closes it, as its process ending would: a server may then start on the
  // same data directory (on SQLite one server at a time holds it: serve_lock.h).
  void Stop();

  // Runs the qalxan CLI with args (and --data of this server); returns exit code and output.
  std::pair<int, std::string> Cli(const std::string& args) const;

 private:
  std::string backend_;
  app::Config config_;
  std::unique_ptr<app::ServerApp> app_;
  std::uint16_t port_ = 0;
  std::thread thread_;
};

}  // namespace qx::testing
