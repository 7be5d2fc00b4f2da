// Incident notifications: the scheduler pass that finds stages gone due soon or overdue, and the
// outbox worker that claims notification jobs (one claimant across replicas), sends them over
// their channel, records each attempt in the delivery log, and retries failures with doubling
// delays. Tick() does one pass of both; Start() runs ticks on a thread.
#pragma once

#include <boost/json.hpp>
#include <chrono>
#include <memory>
#include <string>

#include "qx/core/periodic_worker.h"
#include "qx/incident/incident_service.h"

namespace qx::incident {

// Where a notification goes. Implementations are thread-compatible (one worker uses one).
class NotificationSender {
 public:
  virtual ~NotificationSender() = default;
  // channel "webhook" or "email"; message is the JSON the receiver gets.
  virtual Status Send(const std::string& channel, const boost::json::object& message) = 0;
};

struct SenderOptions {
  std::string webhook_url;
  std::string webhook_secret;
  std::string smtp_url;
  std::string mail_from;
  std::string cert_mail_to;
  std::chrono::seconds timeout{10};
};

// Webhooks as JSON POSTs signed "X-Qalxan-Signature: sha256=<hex HMAC-SHA256 of the body>",
// e-mail over SMTP (libcurl).
std::unique_ptr<NotificationSender> MakeCurlSender(SenderOptions options);
// The channels SenderOptions can serve: "webhook" with a URL, "email" with SMTP, sender and CERT
// address.
std::vector<std::string> ChannelsOf(const SenderOptions& options);
// The hex HMAC-SHA256 of body under key.
std::string HmacSha256Hex(std::string_view key, std::string_view body);

struct NotifierOptions {
  std::chrono::milliseconds tick{30000};
  std::chrono::seconds retry{60};  // the first retry's delay; doubles per attempt, at most a day
  int max_attempts = 10;           // then the job is given up (its last error stays in the log)
  std::string worker_id;           // unique per process
};

class IncidentNotifier {
 public:
  IncidentNotifier(store::Database& db, const Clock& clock, IncidentService& incidents,
                   NotificationSender& sender, NotifierOptions options);
  ~IncidentNotifier();  // stops the thread

  // One pass: schedules what became due soon or overdue, then sends the jobs due now. Returns
  // the notifications delivered by this pass.
  Result<int> Tick();
  // Ticks on a thread of its own, the first time at once, then one tick after each ends.
  void Start() { worker_.Start(); }
  // Wakes the thread at once, lets a tick under way end and joins it.
  void Stop() { worker_.Stop(); }

 private:
  Result<boost::json::object> MessageOf(const boost::json::object& payload, UnixMillis now);

  store::Database& db_;
  const Clock& clock_;
  IncidentService& incidents_;
  NotificationSender& sender_;
  NotifierOptions options_;
  PeriodicWorker worker_;  // last: its thread stops before what a tick uses goes
};

}  // namespace qx::incident
