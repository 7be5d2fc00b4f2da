// Notification channels over libcurl: signed webhook POSTs and SMTP e-mail.
#include <curl/curl.h>
#include <fmt/format.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <algorithm>
#include <cstring>
#include <mutex>

#include "qx/incident/notifier.h"

namespace qx::incident {
namespace {

namespace json = boost::json;

struct Upload {
  std::string data;
  std::size_t offset = 0;
};

size_t ReadUpload(char* buffer, size_t size, size_t count, void* user) {
  auto* up = static_cast<Upload*>(user);
  const size_t n = std::min(size * count, up->data.size() - up->offset);
  std::memcpy(buffer, up->data.data() + up->offset, n);
  up->offset += n;
  return n;
}

size_t Discard(char*, size_t size, size_t count, void*) { return size * count; }

// A header value or address may not carry a line break (header injection).
std::string OneLine(std::string s) {
  std::replace(s.begin(), s.end(), '\r', ' ');
  std::replace(s.begin(), s.end(), '\n', ' ');
  return s;
}

class CurlSender final : public NotificationSender {
 public:
  explicit CurlSender(SenderOptions o) : o_(std::move(o)) {}

  Status Send(const std::string& channel, const json::object& message) override {
    if (channel == "webhook" && !o_.webhook_url.empty()) return Webhook(json::serialize(message));
    if (channel == "email" && !o_.smtp_url.empty()) return Mail(message);
    return MakeError(ErrorCode::kInvalidArgument, fmt::format("channel {} is not configured", channel));
  }

 private:
  Status Webhook(const std::string& body) {
    CURL* curl = curl_easy_init();
    if (!curl) return MakeError(ErrorCode::kUnavailable, "cannot start libcurl");
    curl_slist* headers = curl_slist_append(nullptr, "Content-Type: application/json");
    const std::string signature = "X-Qalxan-Signature: sha256=" + HmacSha256Hex(o_.webhook_secret, body);
    headers = curl_slist_append(headers, signature.c_str());
    curl_easy_setopt(curl, CURLOPT_URL, o_.webhook_url.c_str());
    curl_easy_setopt(curl, CURLOPT_PROTOCOLS_STR, "http,https");
    curl_easy_setopt(curl, CURLOPT_HTTPHEADER, headers);
    curl_easy_setopt(curl, CURLOPT_POSTFIELDS, body.c_str());
    curl_easy_setopt(curl, CURLOPT_POSTFIELDSIZE, static_cast<long>(body.size()));
    curl_easy_setopt(curl, CURLOPT_TIMEOUT, static_cast<long>(o_.timeout.count()));
    curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, Discard);
    const CURLcode rc = curl_easy_perform(curl);
    long status = 0;
    curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &status);
    curl_slist_free_all(headers);
    curl_easy_cleanup(curl);
    if (rc != CURLE_OK) return MakeError(ErrorCode::kUnavailable, fmt::format("webhook: {}", curl_easy_strerror(rc)));
    if (status < 200 || status >= 300) return MakeError(ErrorCode::kUnavailable, fmt::format("webhook answered {}", status));
    return Ok();
  }

  Status Mail(const json::object& m) {
    const auto text = [&](const char* k) {
      const auto* v = m.if_contains(k);
      return v && v->is_string() ? OneLine(std::string(v->as_string())) : std::string();
    };
    Upload up;
    up.data = fmt::format(
        "From: {}\r\nTo: {}\r\nSubject: [Qalxan] incident {} {}: {} {}\r\nContent-Type: application/json\r\n\r\n{}\r\n",
        OneLine(o_.mail_from), OneLine(o_.cert_mail_to), m.at("incident_id").as_int64(), text("stage"),
        text("event"), text("title"), json::serialize(m));
    CURL* curl = curl_easy_init();
    if (!curl) return MakeError(ErrorCode::kUnavailable, "cannot start libcurl");
    curl_slist* rcpt = curl_slist_append(nullptr, OneLine(o_.cert_mail_to).c_str());
    const std::string from = OneLine(o_.mail_from);
    curl_easy_setopt(curl, CURLOPT_URL, o_.smtp_url.c_str());
    curl_easy_setopt(curl, CURLOPT_PROTOCOLS_STR, "smtp,smtps");
    curl_easy_setopt(curl, CURLOPT_MAIL_FROM, from.c_str());
    curl_easy_setopt(curl, CURLOPT_MAIL_RCPT, rcpt);
    curl_easy_setopt(curl, CURLOPT_READFUNCTION, ReadUpload);
    curl_easy_setopt(curl, CURLOPT_READDATA, &up);
    curl_easy_setopt(curl, CURLOPT_UPLOAD, 1L);
    curl_easy_setopt(curl, CURLOPT_TIMEOUT, static_cast<long>(o_.timeout.count()));
    curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
    const CURLcode rc = curl_easy_perform(curl);
    curl_slist_free_all(rcpt);
    curl_easy_cleanup(curl);
    if (rc != CURLE_OK) return MakeError(ErrorCode::kUnavailable, fmt::format("smtp: {}", curl_easy_strerror(rc)));
    return Ok();
  }

  SenderOptions o_;
};

}  // namespace

std::string HmacSha256Hex(std::string_view key, std::string_view body) {
  unsigned char mac[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  HMAC(EVP_sha256(), key.data(), static_cast<int>(key.size()), reinterpret_cast<const unsigned char*>(body.data()),
       body.size(), mac, &len);
  std::string out;
  for (unsigned int i = 0; i < len; ++i) out += fmt::format("{:02x}", mac[i]);
  return out;
}

std::vector<std::string> ChannelsOf(const SenderOptions& o) {
  std::vector<std::string> out;
  if (!o.webhook_url.empty()) out.push_back("webhook");
  if (!o.smtp_url.empty() && !o.mail_from.empty() && !o.cert_mail_to.empty()) out.push_back("email");
  return out;
}

std::unique_ptr<NotificationSender> MakeCurlSender(SenderOptions options) {
  static std::once_flag once;  // libcurl's global set-up is not thread-safe: once, here
  std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
  return std::make_unique<CurlSender>(std::move(options));
}

}  // namespace qx::incident
