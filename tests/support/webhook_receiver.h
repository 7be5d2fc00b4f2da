// A webhook receiver for tests: an HTTP server on 127.0.0.1:0 that checks each POST's
// X-Qalxan-Signature (sha256=<hex HMAC-SHA256 of the body> under the shared secret, computed
// here with OpenSSL, independently of the server's code) and counts what it accepted. It can be
// told to fail the first requests (HTTP 500) to exercise retries.
#pragma once

#include <boost/json.hpp>
#include <chrono>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

namespace qx::testing {

class WebhookReceiver {
 public:
  explicit WebhookReceiver(std::string secret, int fail_first = 0);
  ~WebhookReceiver();

  std::uint16_t port() const;
  std::string url() const { return "http://127.0.0.1:" + std::to_string(port()) + "/hook"; }

  // Deliveries with a valid signature, in arrival order (their JSON bodies).
  std::vector<boost::json::object> Accepted() const;
  int BadSignatures() const;
  int Failed() const;  // requests answered 500 on purpose
  // Waits until at least n deliveries were accepted; false on timeout.
  bool WaitFor(std::size_t n, std::chrono::milliseconds timeout) const;
  // The accepted deliveries whose event and stage match.
  int Count(const std::string& event, const std::string& stage) const;

 private:
  struct State;
  std::shared_ptr<State> state_;
};

}  // namespace qx::testing
