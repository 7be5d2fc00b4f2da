#include "server_client.h"

#include <curl/curl.h>

#include <boost/json.hpp>
#include <memory>
#include <strings.h>

namespace qx::agent_cli {
namespace {

constexpr std::size_t kMaxReply = 64u << 20;  // a policy (SCAP data streams are large) or a reply

size_t Collect(char* data, size_t size, size_t n, void* user) {
  auto* out = static_cast<std::string*>(user);
  if (out->size() + size * n > kMaxReply) return 0;  // aborts the transfer
  out->append(data, size * n);
  return size * n;
}

// One header line of the answer. A status line starts a new answer (after a 100 Continue, say):
// only the final answer's headers are kept.
size_t CollectHeader(char* data, size_t size, size_t n, void* user) {
  auto* out = static_cast<std::vector<std::pair<std::string, std::string>>*>(user);
  std::string_view line(data, size * n);
  while (!line.empty() && (line.back() == '\n' || line.back() == '\r')) line.remove_suffix(1);
  if (line.rfind("HTTP/", 0) == 0) {
    out->clear();
  } else if (const size_t colon = line.find(':'); colon != std::string_view::npos && out->size() < 200) {
    std::string_view value = line.substr(colon + 1);
    while (!value.empty() && (value.front() == ' ' || value.front() == '\t')) value.remove_prefix(1);
    while (!value.empty() && (value.back() == ' ' || value.back() == '\t')) value.remove_suffix(1);
    out->emplace_back(std::string(line.substr(0, colon)), std::string(value));
  }
  return size * n;
}

struct CurlDeleter {
  void operator()(CURL* c) const { curl_easy_cleanup(c); }
};
struct ListDeleter {
  void operator()(curl_slist* l) const { curl_slist_free_all(l); }
};

}  // namespace

ServerClient::ServerClient(std::string base, std::string ca_file) : base_(std::move(base)), ca_file_(std::move(ca_file)) {
  while (!base_.empty() && base_.back() == '/') base_.pop_back();
}

std::string HttpReply::Header(std::string_view name) const {
  for (const auto& [k, v] : headers) {
    if (k.size() == name.size() && strncasecmp(k.data(), name.data(), k.size()) == 0) return v;
  }
  return "";
}

Result<HttpReply> ServerClient::Get(std::string_view path, std::string_view bearer,
                                    const std::vector<std::string>& headers) const {
  return Call("GET", path, bearer, "", headers);
}

Result<HttpReply> ServerClient::Post(std::string_view path, std::string_view bearer, std::string_view json) const {
  return Call("POST", path, bearer, json, {});
}

Result<HttpReply> ServerClient::Call(const char* method, std::string_view path, std::string_view bearer,
                                     std::string_view body, const std::vector<std::string>& extra) const {
  if (base_.rfind("http://", 0) != 0 && base_.rfind("https://", 0) != 0) {
    return MakeError(ErrorCode::kInvalidArgument, "--server must be an http:// or https:// URL");
  }
  std::unique_ptr<CURL, CurlDeleter> curl(curl_easy_init());
  if (!curl) return MakeError(ErrorCode::kUnavailable, "libcurl failed to initialise");
  const std::string url = base_ + std::string(path);
  HttpReply reply;
  curl_slist* raw = nullptr;
  raw = curl_slist_append(raw, "Accept: application/json");
  if (std::string(method) == "POST") raw = curl_slist_append(raw, "Content-Type: application/json");
  std::string auth;
  if (!bearer.empty()) {
    auth = "Authorization: Bearer " + std::string(bearer);
    raw = curl_slist_append(raw, auth.c_str());
  }
  for (const std::string& h : extra) {
    if (h.find_first_of("\r\n") != std::string::npos) {
      curl_slist_free_all(raw);
      return MakeError(ErrorCode::kInvalidArgument, "a request header may not hold a line break");
    }
    raw = curl_slist_append(raw, h.c_str());
  }
  std::unique_ptr<curl_slist, ListDeleter> headers(raw);
  CURL* c = curl.get();
  curl_easy_setopt(c, CURLOPT_URL, url.c_str());
  curl_easy_setopt(c, CURLOPT_HTTPHEADER, headers.get());
  curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, Collect);
  curl_easy_setopt(c, CURLOPT_WRITEDATA, &reply.body);
  curl_easy_setopt(c, CURLOPT_HEADERFUNCTION, CollectHeader);
  curl_easy_setopt(c, CURLOPT_HEADERDATA, &reply.headers);
  curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT, 30L);
  curl_easy_setopt(c, CURLOPT_TIMEOUT, 300L);
  curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "http,https");
  curl_easy_setopt(c, CURLOPT_FOLLOWLOCATION, 0L);  // a redirect could carry the credential elsewhere
  if (!ca_file_.empty()) curl_easy_setopt(c, CURLOPT_CAINFO, ca_file_.c_str());
  if (std::string(method) == "POST") {
    curl_easy_setopt(c, CURLOPT_POST, 1L);
    curl_easy_setopt(c, CURLOPT_POSTFIELDS, body.data());
    curl_easy_setopt(c, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(body.size()));
  }
  const CURLcode rc = curl_easy_perform(c);
  if (rc != CURLE_OK) {
    return MakeError(ErrorCode::kUnavailable, base_ + ": " + curl_easy_strerror(rc));
  }
  curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &reply.status);
  return reply;
}

std::string DescribeError(const HttpReply& reply) {
  boost::system::error_code ec;
  boost::json::value v = boost::json::parse(reply.body, ec);
  std::string message;
  if (!ec && v.is_object()) {
    if (const auto* e = v.as_object().if_contains("error"); e && e->is_object()) {
      if (const auto* m = e->as_object().if_contains("message"); m && m->is_string()) message = m->as_string();
    }
  }
  return "HTTP " + std::to_string(reply.status) + (message.empty() ? "" : ": " + message);
}

}  // namespace qx::agent_cli
