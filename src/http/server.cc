#include "qx/http/server.h"

#include <boost/asio.hpp>
#include <boost/asio/experimental/awaitable_operators.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>
#include <boost/json.hpp>
#include <spdlog/spdlog.h>

#include <array>
#include <atomic>
#include <mutex>
#include <thread>
#include <unordered_map>

#include "qx/http/target.h"

namespace qx::http {
namespace {

namespace net = boost::asio;
namespace beast = boost::beast;
namespace bhttp = beast::http;
using tcp = net::ip::tcp;
using beast::error_code;
constexpr auto kTuple = net::as_tuple(net::use_awaitable);

// What Stop() needs to reach a connection: whether it is between requests, and how to close it.
// Touched only on the connection's own io_context thread.
struct ConnState {
  beast::tcp_stream* stream = nullptr;
  bool busy = false;
  bool alive = true;
};

Request ToRequest(bhttp::request<bhttp::string_body>& raw, Target target, std::string remote,
                  bool tls) {
  Request req;
  req.method = ParseMethod(std::string_view(raw.method_string()));
  req.target = std::string(raw.target());
  req.path = std::move(target.path);
  req.query = std::move(target.query);
  req.headers.reserve(8);
  for (const auto& field : raw) {
    req.headers.emplace_back(std::string(field.name_string()), std::string(field.value()));
  }
  req.body = std::move(raw.body());
  req.remote = std::move(remote);
  req.tls = tls;
  return req;
}

void AddSecurityHeaders(bhttp::response<bhttp::string_body>& out, bool tls) {
  out.set(bhttp::field::server, "qalxan");
  out.set("X-Content-Type-Options", "nosniff");
  out.set("X-Frame-Options", "DENY");
  out.set("Referrer-Policy", "no-referrer");
  // A handler's stricter policy (a download's "default-src 'none'; sandbox") stands.
  if (out.find("Content-Security-Policy") == out.end()) {
    out.set("Content-Security-Policy",
            "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; "
            "frame-ancestors 'none'");
  }
  if (tls) out.set("Strict-Transport-Security", "max-age=31536000");
}

std::string AccessLine(const Request& req, int status, std::size_t bytes, double seconds) {
  boost::json::object line{{"remote", req.remote},
                           {"method", Name(req.method)},
                           {"path", req.path},  // never the query: it may carry filters of a user
                           {"route", req.route},
                           {"status", status},
                           {"bytes", bytes},
                           {"us", static_cast<std::int64_t>(seconds * 1e6)}};
  if (!req.actor.empty()) line["actor"] = req.actor;
  return boost::json::serialize(line);
}

}  // namespace

class Server::Impl {
 public:
  Impl(ServerOptions options, Dispatcher dispatch)
      : options_(std::move(options)), dispatch_(std::move(dispatch)) {
    const int n = options_.threads > 0 ? options_.threads
                                       : std::max(1u, std::thread::hardware_concurrency());
    for (int i = 0; i < n; ++i) {
      contexts_.push_back(std::make_unique<net::io_context>(1));
      guards_.emplace_back(net::make_work_guard(*contexts_.back()));
    }
    acceptor_.emplace(*contexts_[0]);
  }

  Status Bind() {
    error_code ec;
    const auto address = net::ip::make_address(options_.address, ec);
    if (ec) return MakeError(ErrorCode::kInvalidArgument, "bad listen address " + options_.address);
    const tcp::endpoint endpoint(address, options_.port);
    acceptor_->open(endpoint.protocol(), ec);
    if (!ec) acceptor_->set_option(net::socket_base::reuse_address(true), ec);
    if (!ec) acceptor_->bind(endpoint, ec);
    if (!ec) acceptor_->listen(net::socket_base::max_listen_connections, ec);
    if (ec) {
      return MakeError(ErrorCode::kUnavailable,
                       "cannot listen on " + options_.address + ":" +
                           std::to_string(options_.port) + ": " + ec.message());
    }
    port_ = acceptor_->local_endpoint().port();
    if (options_.tls_cert_file.empty() != options_.tls_key_file.empty()) {
      return MakeError(ErrorCode::kInvalidArgument, "TLS needs both a certificate and a key");
    }
    if (!options_.tls_cert_file.empty()) {
      ssl_.emplace(net::ssl::context::tls_server);
      ssl_->set_options(net::ssl::context::default_workarounds | net::ssl::context::no_sslv2 |
                        net::ssl::context::no_sslv3 | net::ssl::context::no_tlsv1 |
                        net::ssl::context::no_tlsv1_1);
      ssl_->use_certificate_chain_file(options_.tls_cert_file, ec);
      if (!ec) ssl_->use_private_key_file(options_.tls_key_file, net::ssl::context::pem, ec);
      if (ec) return MakeError(ErrorCode::kInvalidArgument, "TLS certificate or key: " + ec.message());
    }
    return Ok();
  }

  void Run(bool handle_signals) {
    net::signal_set signals(*contexts_[0]);
    if (handle_signals) {
      signals.add(SIGINT);
      signals.add(SIGTERM);
      signals.async_wait([this](error_code ec, int) {
        if (!ec) Stop();
      });
    }
    net::co_spawn(*contexts_[0], Accept(), net::detached);
    std::vector<std::thread> threads;
    for (size_t i = 1; i < contexts_.size(); ++i) {
      threads.emplace_back([ctx = contexts_[i].get()] { ctx->run(); });
    }
    contexts_[0]->run();
    for (auto& t : threads) t.join();
  }

  void Stop() {
    net::post(*contexts_[0], [this] {
      if (stopping_.exchange(true)) return;
      error_code ignored;
      acceptor_->close(ignored);
      {
        std::lock_guard<std::mutex> lock(conns_mu_);
        for (auto& [id, conn] : conns_) {
          net::post(conn.first, [state = conn.second] {
            if (state->alive && !state->busy && state->stream) state->stream->cancel();
          });
        }
      }
      net::co_spawn(*contexts_[0], Drain(), net::detached);
    });
  }

  std::uint16_t port() const { return port_; }
  bool tls() const { return ssl_.has_value(); }

 private:
  net::awaitable<void> Drain() {
    net::steady_timer timer(*contexts_[0]);
    const auto deadline = std::chrono::steady_clock::now() + options_.drain_timeout;
    while (active_.load() > 0 && std::chrono::steady_clock::now() < deadline) {
      timer.expires_after(std::chrono::milliseconds(20));
      co_await timer.async_wait(kTuple);
    }
    for (auto& g : guards_) g.reset();
    for (auto& ctx : contexts_) ctx->stop();
  }

  net::awaitable<void> Accept() {
    size_t next = 0;
    while (!stopping_) {
      auto& ctx = *contexts_[next++ % contexts_.size()];
      auto [ec, socket] = co_await acceptor_->async_accept(ctx, kTuple);
      if (ec) {
        if (stopping_ || ec == net::error::operation_aborted) co_return;
        spdlog::warn("accept: {}", ec.message());
        continue;
      }
      socket.set_option(tcp::no_delay(true), ec);
      net::co_spawn(ctx, Connection(std::move(socket)), net::detached);
    }
  }

  net::awaitable<void> Connection(tcp::socket socket) {
    error_code ec;
    const auto peer = socket.remote_endpoint(ec);
    const std::string remote = ec ? "" : peer.address().to_string();
    const std::uint64_t id = next_conn_id_++;
    auto state = std::make_shared<ConnState>();
    {
      std::lock_guard<std::mutex> lock(conns_mu_);
      conns_.emplace(id, std::make_pair(socket.get_executor(), state));
    }
    ++active_;
    try {
      if (ssl_) {
        beast::ssl_stream<beast::tcp_stream> stream(beast::tcp_stream(std::move(socket)), *ssl_);
        state->stream = &beast::get_lowest_layer(stream);
        beast::get_lowest_layer(stream).expires_after(options_.read_timeout);
        auto [hec] = co_await stream.async_handshake(net::ssl::stream_base::server, kTuple);
        if (!hec && co_await Serve(stream, remote, true, *state)) {
          beast::get_lowest_layer(stream).expires_after(std::chrono::seconds(2));
          co_await stream.async_shutdown(kTuple);
        }
      } else {
        beast::tcp_stream stream(std::move(socket));
        state->stream = &stream;
        if (co_await Serve(stream, remote, false, *state)) {
          stream.socket().shutdown(tcp::socket::shutdown_send, ec);
        }
      }
    } catch (const std::exception& e) {
      spdlog::warn("connection from {}: {}", remote, e.what());
    }
    state->alive = false;
    state->stream = nullptr;
    {
      std::lock_guard<std::mutex> lock(conns_mu_);
      conns_.erase(id);
    }
    --active_;
  }

  // Serves requests on one connection; true when it ended cleanly (so a shutdown is polite).
  template <typename Stream>
  net::awaitable<bool> Serve(Stream& stream, const std::string& remote, bool tls,
                             ConnState& state) {
    beast::flat_buffer buffer;
    for (;;) {
      bhttp::request_parser<bhttp::string_body> parser;
      parser.header_limit(16 * 1024);
      parser.body_limit(options_.body_limit);
      state.busy = false;
      if (stopping_) co_return true;
      beast::get_lowest_layer(stream).expires_after(options_.read_timeout);
      auto [ec, n] = co_await bhttp::async_read_header(stream, buffer, parser, kTuple);
      state.busy = true;
      if (!ec && parser.get()[bhttp::field::expect] == "100-continue") {
        bhttp::response<bhttp::empty_body> go_on{bhttp::status::continue_, 11};
        std::tie(ec, n) = co_await bhttp::async_write(stream, go_on, kTuple);
      }
      if (!ec && !parser.is_done()) {
        std::tie(ec, n) = co_await bhttp::async_read(stream, buffer, parser, kTuple);
      }
      if (ec) {
        // The start line is parsed before any limit is hit (a Content-Length over the body limit
        // fails the header), so the target is known for every error but a malformed start line.
        const std::string target(parser.get().target());
        if (ec == bhttp::error::body_limit) {
          co_await WriteError(stream, target, 413, "payload_too_large", "request body too large", tls);
          if (!tls) co_await DrainBeforeClose(beast::get_lowest_layer(stream));
        } else if (ec == bhttp::error::header_limit) {
          co_await WriteError(stream, target, 431, "invalid_argument", "request headers too large", tls);
        } else if (ec.category() == bhttp::make_error_code(bhttp::error::end_of_stream).category() &&
                   ec != bhttp::error::end_of_stream && ec != bhttp::error::partial_message) {
          co_await WriteError(stream, target, 400, "invalid_argument", "malformed HTTP request", tls);
        }
        co_return ec == bhttp::error::end_of_stream;
      }
      auto& raw = parser.get();
      const bool keep_alive = raw.keep_alive() && !stopping_;
      const auto start = std::chrono::steady_clock::now();
      auto target = ParseTarget(std::string_view(raw.target()));
      Request req;
      Response res;
      if (!target) {
        req.method = ParseMethod(std::string_view(raw.method_string()));
        req.route = "(bad target)";
        req.remote = remote;
        res = ErrorResponse(target.error());
      } else {
        req = ToRequest(raw, std::move(*target), remote, tls);
        res = dispatch_(req);
      }
      const double seconds =
          std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
      if (options_.metrics) options_.metrics->ObserveRequest(Name(req.method), req.route, res.status, seconds);
      if (options_.access_log) {
        options_.access_log->info(AccessLine(req, res.status, res.body.size(), seconds));
      }

      bhttp::response<bhttp::string_body> out{static_cast<bhttp::status>(res.status), raw.version()};
      for (auto& [name, value] : res.headers) out.set(name, value);
      AddSecurityHeaders(out, tls);
      out.keep_alive(keep_alive);
      out.body() = std::move(res.body);
      out.prepare_payload();
      // A 204 or 304 carries no content: no Content-Length (RFC 9110 8.6 forbids it on a 204 and
      // allows on a 304 only the 200's).
      if (res.status == 204 || res.status == 304) out.erase(bhttp::field::content_length);
      if (req.method == Method::kHead) out.body().clear();
      auto [wec, wn] = co_await bhttp::async_write(stream, out, kTuple);
      if (wec) co_return false;
      if (!keep_alive) co_return true;
    }
  }

  template <typename Stream>
  net::awaitable<void> WriteError(Stream& stream, const std::string& target, int status,
                                  std::string_view code, std::string_view message, bool tls) {
    Response res = options_.render_error ? options_.render_error(target, status, code, message)
                                         : ErrorResponse(status, code, message);
    bhttp::response<bhttp::string_body> out{static_cast<bhttp::status>(status), 11};
    for (auto& [name, value] : res.headers) out.set(name, value);
    AddSecurityHeaders(out, tls);
    out.keep_alive(false);
    out.body() = std::move(res.body);
    out.prepare_payload();
    beast::get_lowest_layer(stream).expires_after(std::chrono::seconds(5));
    co_await bhttp::async_write(stream, out, kTuple);
  }

  // A lingering close after an early answer: closing a socket with unread request bytes makes
  // the kernel send a reset, and a client still sending its body then loses the 413 it has not
  // read yet. So stop sending, and read and discard until the client closes, for a few seconds
  // and a bounded number of bytes at most.
  net::awaitable<void> DrainBeforeClose(beast::tcp_stream& stream) {
    constexpr std::size_t kMaxDrained = 64 << 20;
    boost::system::error_code ec;
    stream.socket().shutdown(tcp::socket::shutdown_send, ec);
    stream.expires_after(std::chrono::seconds(3));
    std::array<char, 64 * 1024> sink;
    for (std::size_t drained = 0; !ec && drained < kMaxDrained;) {
      std::size_t n = 0;
      std::tie(ec, n) = co_await stream.async_read_some(net::buffer(sink), kTuple);
      drained += n;
    }
  }

  ServerOptions options_;
  Dispatcher dispatch_;
  std::vector<std::unique_ptr<net::io_context>> contexts_;
  std::vector<net::executor_work_guard<net::io_context::executor_type>> guards_;
  std::optional<tcp::acceptor> acceptor_;
  std::optional<net::ssl::context> ssl_;
  std::uint16_t port_ = 0;
  std::atomic<bool> stopping_{false};
  std::atomic<int> active_{0};
  std::atomic<std::uint64_t> next_conn_id_{0};
  std::mutex conns_mu_;
  std::unordered_map<std::uint64_t, std::pair<net::any_io_executor, std::shared_ptr<ConnState>>>
      conns_;
};

Result<std::unique_ptr<Server>> Server::Create(ServerOptions options, Dispatcher dispatch) {
  auto impl = std::make_unique<Impl>(std::move(options), std::move(dispatch));
  QX_RETURN_IF_ERROR(impl->Bind());
  return std::unique_ptr<Server>(new Server(std::move(impl)));
}

Server::Server(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Server::~Server() = default;
std::uint16_t Server::port() const { return impl_->port(); }
bool Server::tls() const { return impl_->tls(); }
void Server::Run(bool handle_signals) { impl_->Run(handle_signals); }
void Server::Stop() { impl_->Stop(); }

}  // namespace qx::http
