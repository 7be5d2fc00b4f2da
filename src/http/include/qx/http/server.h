// Server: HTTP/1.1 (and HTTPS when a certificate is configured) on Boost.Beast with C++20
// coroutines, one io_context per thread. Keep-alive, a body limit (413), a read timeout for slow
// clients, and a graceful stop that lets requests in flight finish.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>

#include "qx/http/message.h"
#include "qx/http/metrics.h"

namespace spdlog {
class logger;
}

namespace qx::http {

// Renders an error the transport detects itself (413, 431, 400) for the request target, so that
// protocols with their own error shape (TAXII) keep it.
using TransportErrorRenderer =
    std::function<Response(std::string_view target, int status, std::string_view code,
                           std::string_view message)>;

struct ServerOptions {
  std::string address = "127.0.0.1";
  std::uint16_t port = 8080;  // 0 picks a free port; see Server::port()
  int threads = 0;            // 0: one per core
  std::size_t body_limit = 1 << 20;
  std::chrono::milliseconds read_timeout = std::chrono::seconds(30);
  std::chrono::milliseconds drain_timeout = std::chrono::seconds(10);
  std::string tls_cert_file;  // PEM chain; TLS is on when both files are set
  std::string tls_key_file;
  std::shared_ptr<spdlog::logger> access_log;  // one JSON line per request; may be null
  Metrics* metrics = nullptr;                  // may be null
  TransportErrorRenderer render_error;         // may be empty: the API's error shape
};

// Answers one request; called on a server thread, concurrently with other calls.
using Dispatcher = std::function<Response(Request&)>;


class Server {
 public:
  // Binds the listening socket (so port() is known) and loads the TLS files.
  static Result<std::unique_ptr<Server>> Create(ServerOptions options, Dispatcher dispatch);
  ~Server();

  std::uint16_t port() const;
  bool tls() const;

  // Serves until Stop() or, when handle_signals, SIGINT or SIGTERM. Blocks the calling thread.
  void Run(bool handle_signals);
  // Stops accepting, closes idle connections, waits for requests in flight (at most the drain
  // timeout), then makes Run() return. Thread-safe; idempotent.
  void Stop();

 private:
  class Impl;
  explicit Server(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace qx::http
