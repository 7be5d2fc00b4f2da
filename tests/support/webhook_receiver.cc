#include "webhook_receiver.h"

#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <atomic>
#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <condition_variable>
#include <thread>

namespace qx::testing {
namespace net = boost::asio;
namespace beast = boost::beast;
namespace bhttp = beast::http;

namespace {

std::string Hmac(const std::string& key, const std::string& body) {
  unsigned char mac[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  HMAC(EVP_sha256(), key.data(), static_cast<int>(key.size()), reinterpret_cast<const unsigned char*>(body.data()),
       body.size(), mac, &len);
  static const char* hex = "0123456789abcdef";
  std::string out;
  for (unsigned int i = 0; i < len; ++i) {
    out += hex[mac[i] >> 4];
    out += hex[mac[i] & 15];
  }
  return out;
}

}  // namespace

struct WebhookReceiver::State {
  std::string secret;
  int fail_first = 0;
  net::io_context io;
  net::ip::tcp::acceptor acceptor{io};
  std::thread thread;
  mutable std::mutex mu;
  mutable std::condition_variable cv;
  std::vector<boost::json::object> accepted;
  int bad = 0;
  int failed = 0;
  int seen = 0;
  std::uint16_t port = 0;
  std::atomic<bool> stopping{false};

  void Serve(net::ip::tcp::socket socket) {
    beast::flat_buffer buffer;
    bhttp::request<bhttp::string_body> req;
    beast::error_code ec;
    bhttp::read(socket, buffer, req, ec);
    if (ec) return;
    bhttp::status status = bhttp::status::ok;
    {
      std::lock_guard<std::mutex> lock(mu);
      const std::string expected = "sha256=" + Hmac(secret, req.body());
      if (std::string(req["X-Qalxan-Signature"]) != expected) {
        ++bad;
        status = bhttp::status::unauthorized;
      } else if (seen++ < fail_first) {
        ++failed;
        status = bhttp::status::internal_server_error;
      } else {
        auto v = boost::json::parse(req.body(), ec);
        if (!ec && v.is_object()) accepted.push_back(v.as_object());
      }
    }
    cv.notify_all();
    bhttp::response<bhttp::string_body> res{status, req.version()};
    res.body() = "{}";
    res.prepare_payload();
    res.keep_alive(false);
    bhttp::write(socket, res, ec);
  }
};

WebhookReceiver::WebhookReceiver(std::string secret, int fail_first) : state_(std::make_shared<State>()) {
  state_->secret = std::move(secret);
  state_->fail_first = fail_first;
  net::ip::tcp::endpoint ep(net::ip::make_address("127.0.0.1"), 0);
  state_->acceptor.open(ep.protocol());
  state_->acceptor.bind(ep);
  state_->acceptor.listen();
  state_->port = state_->acceptor.local_endpoint().port();
  state_->thread = std::thread([s = state_] {
    for (;;) {
      beast::error_code ec;
      net::ip::tcp::socket socket(s->io);
      s->acceptor.accept(socket, ec);
      if (ec || s->stopping) return;
      s->Serve(std::move(socket));
    }
  });
}

WebhookReceiver::~WebhookReceiver() {
  // A blocking accept is not woken reliably by closing the acceptor from another thread: mark
  // it closed, then connect once so that the accept returns and sees it.
  state_->stopping = true;
  beast::error_code ec;
  net::io_context io;
  net::ip::tcp::socket poke(io);
  poke.connect({net::ip::make_address("127.0.0.1"), state_->port}, ec);
  if (state_->thread.joinable()) state_->thread.join();
}

std::uint16_t WebhookReceiver::port() const { return state_->port; }

std::vector<boost::json::object> WebhookReceiver::Accepted() const {
  std::lock_guard<std::mutex> lock(state_->mu);
  return state_->accepted;
}

int WebhookReceiver::BadSignatures() const {
  std::lock_guard<std::mutex> lock(state_->mu);
  return state_->bad;
}

int WebhookReceiver::Failed() const {
  std::lock_guard<std::mutex> lock(state_->mu);
  return state_->failed;
}

bool WebhookReceiver::WaitFor(std::size_t n, std::chrono::milliseconds timeout) const {
  std::unique_lock<std::mutex> lock(state_->mu);
  return state_->cv.wait_for(lock, timeout, [&] { return state_->accepted.size() >= n; });
}

int WebhookReceiver::Count(const std::string& event, const std::string& stage) const {
  std::lock_guard<std::mutex> lock(state_->mu);
  int n = 0;
  for (const auto& m : state_->accepted) {
    if (m.contains("event") && m.at("event") == event.c_str() && m.contains("stage") && m.at("stage") == stage.c_str()) ++n;
  }
  return n;
}

}  // namespace qx::testing
