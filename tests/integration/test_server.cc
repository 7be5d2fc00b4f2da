#include "test_server.h"

#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>
#include <gtest/gtest.h>
#include <strings.h>
#include <fmt/format.h>

#include <algorithm>
#include <cctype>

#include <atomic>
#include <cstdio>
#include <filesystem>
#include <sqlite3.h>

#include "pg_test_db.h"

namespace qx::testing {
namespace net = boost::asio;
namespace beast = boost::beast;
namespace bhttp = beast::http;

std::string HttpResult::Header(std::string_view name) const {
  for (const auto& [k, v] : headers) {
    if (k.size() == name.size() && strncasecmp(k.data(), name.data(), k.size()) == 0) return v;
  }
  return "";
}

boost::json::value HttpResult::Json() const {
  boost::system::error_code ec;
  auto v = boost::json::parse(body, ec);
  return ec ? boost::json::value() : v;
}

TestServer::TestServer(std::int64_t body_limit, const std::string& catalogs_dir,
                       const std::function<void(app::Config&)>& configure) {
  static std::atomic<int> counter{0};
  config_.data_dir = (std::filesystem::temp_directory_path() /
                      ("qx-it-" + std::to_string(::getpid()) + "-" + std::to_string(++counter)))
                         .string();
  std::filesystem::remove_all(config_.data_dir);
  config_.listen = "127.0.0.1:0";
  config_.web_root = "/nonexistent";
  config_.catalogs_dir = catalogs_dir.empty() ? "/nonexistent" : catalogs_dir;
  config_.threads = 2;
  config_.body_limit = body_limit;
  config_.read_timeout_seconds = 2;
  config_.password_cost = "minimal";
  config_.bootstrap_password = kBootstrapPassword;
  const char* backend = std::getenv("QX_TEST_BACKEND");
  backend_ = backend && *backend ? backend : "sqlite";
  if (backend_ == "postgresql") config_.database = FreshPgDatabaseUrl();
  if (configure) configure(config_);
  auto app = app::ServerApp::Create(config_);
  if (!app) throw std::runtime_error(app.error().message);
  app_ = std::move(*app);
  port_ = app_->port();
  thread_ = std::thread([this] { app_->Run(false); });
}

TestServer::~TestServer() {
  Stop();
  std::filesystem::remove_all(config_.data_dir);
}

void TestServer::Stop() {
  if (!thread_.joinable()) return;
  app_->Stop();
  thread_.join();
  app_.reset();
}

HttpResult TestServer::Request(const std::string& method, const std::string& target,
                               const std::string& body,
                               const std::vector<std::pair<std::string, std::string>>& headers) const {
  return HttpRequest(port(), method, target, body, headers, !config_.tls_cert.empty());
}

namespace {

template <typename Stream>
HttpResult Exchange(Stream& stream, const std::string& method, const std::string& target, const std::string& body,
                    const std::vector<std::pair<std::string, std::string>>& headers) {
  bhttp::request<bhttp::string_body> req{bhttp::string_to_verb(method), target, 11};
  req.set(bhttp::field::host, "127.0.0.1");
  bool has_type = false;
  for (const auto& [k, v] : headers) {
    req.set(k, v);
    has_type |= strcasecmp(k.c_str(), "Content-Type") == 0;
  }
  if (!body.empty() && !has_type) req.set(bhttp::field::content_type, "application/json");
  req.body() = body;
  req.prepare_payload();
  bhttp::write(stream, req);
  beast::flat_buffer buffer;
  bhttp::response_parser<bhttp::string_body> parser;
  parser.body_limit(64 << 20);
  parser.skip(req.method() == bhttp::verb::head);  // a HEAD's answer has no body, whatever its length
  bhttp::read(stream, buffer, parser);
  HttpResult out;
  out.status = static_cast<int>(parser.get().result_int());
  for (const auto& f : parser.get()) out.headers.emplace_back(f.name_string(), f.value());
  out.body = parser.get().body();
  return out;
}

}  // namespace

HttpResult HttpRequest(std::uint16_t port, const std::string& method, const std::string& target,
                       const std::string& body,
                       const std::vector<std::pair<std::string, std::string>>& headers, bool tls) {
  net::io_context io;
  const net::ip::tcp::endpoint endpoint(net::ip::make_address("127.0.0.1"), port);
  if (!tls) {
    beast::tcp_stream stream(io);
    stream.connect(endpoint);
    return Exchange(stream, method, target, body, headers);
  }
  net::ssl::context ctx(net::ssl::context::tls_client);
  ctx.set_verify_mode(net::ssl::verify_none);  // the tests' own throwaway certificate
  beast::ssl_stream<beast::tcp_stream> stream(io, ctx);
  beast::get_lowest_layer(stream).connect(endpoint);
  stream.handshake(net::ssl::stream_base::client);
  return Exchange(stream, method, target, body, headers);
}

std::string TestServer::Raw(const std::string& bytes) const {
  net::io_context io;
  net::ip::tcp::socket socket(io);
  socket.connect(net::ip::tcp::endpoint(net::ip::make_address("127.0.0.1"), port()));
  net::write(socket, net::buffer(bytes));
  std::string out;
  boost::system::error_code ec;
  char buf[4096];
  for (;;) {
    const size_t n = socket.read_some(net::buffer(buf), ec);
    out.append(buf, n);
    if (ec) break;
  }
  return out;
}

void TestServer::Sql(const std::string& sql) const {
  if (backend_ == "postgresql") {
    ExecPg(config_.database, sql);
    return;
  }
  sqlite3* db = nullptr;
  const std::string path = config_.data_dir + "/qalxan.db";
  if (sqlite3_open(path.c_str(), &db) != SQLITE_OK) throw std::runtime_error("cannot open " + path);
  char* error = nullptr;
  const int rc = sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &error);
  const std::string message = error ? error : "";
  sqlite3_free(error);
  sqlite3_close(db);
  if (rc != SQLITE_OK) throw std::runtime_error(sql + ": " + message);
}

std::string TestServer::SqlText(std::string_view bytes) const {
  std::string hex;
  for (char c : bytes) hex += fmt::format("{:02x}", static_cast<unsigned char>(c));
  return backend_ == "postgresql" ? fmt::format("convert_from('\\x{}'::bytea, 'UTF8')", hex)
                                  : fmt::format("CAST(X'{}' AS TEXT)", hex);
}

std::vector<HostileName> HostileStoredNames(const std::string& backend) {
  std::vector<HostileName> names = {
      {"a\"b\\c.txt", "a\"b_c.txt"},
      {"a\r\nSet-Cookie: qx=stolen\r\nX-Injected: 1", "a__Set-Cookie: qx=stolen__X-Injected: 1"},
      {"../../etc/passwd", ".._.._etc_passwd"},
      {"\"; filename=evil.html", "\"; filename=evil.html"},
  };
  if (backend == "sqlite") {
    names.push_back({std::string("a\0b.txt", 7), "a_b.txt"});
    names.push_back({"\xC3(.txt", "_(.txt"});
  }
  return names;
}

std::string UrlEncode(std::string_view s) {
  std::string out;
  for (char c : s) {
    if (std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '.' || c == '_' || c == '~') {
      out.push_back(c);
    } else {
      out += fmt::format("%{:02X}", static_cast<unsigned char>(c));
    }
  }
  return out;
}

std::pair<int, std::string> TestServer::Cli(const std::string& args) const {
  // The CLI opens the same database as the server: the data directory, and the URL if any.
  const std::string env = config_.database.empty() ? "" : "QALXAN_DATABASE='" + config_.database + "' ";
  const std::string command =
      env + std::string(QALXAN_BINARY) + " " + args + " --data " + config_.data_dir + " 2>&1";
  FILE* pipe = ::popen(command.c_str(), "r");
  std::string out;
  char buf[4096];
  while (size_t n = std::fread(buf, 1, sizeof buf, pipe)) out.append(buf, n);
  const int status = ::pclose(pipe);
  return {WEXITSTATUS(status), out};
}

std::pair<std::string, std::string> TestServer::Login(const std::string& username,
                                                      const std::string& password) const {
  const boost::json::object body{{"username", username}, {"password", password}};
  const HttpResult r = Request("POST", "/api/v1/session", boost::json::serialize(body));
  EXPECT_EQ(r.status, 200) << r.body;
  const std::string cookie = r.Header("Set-Cookie");
  const std::string pair = cookie.substr(0, cookie.find(';'));
  const auto json = r.Json();
  return {pair, json.is_object() ? std::string(json.at("csrf_token").as_string()) : ""};
}

}  // namespace qx::testing
