#include "taxii_client.h"

#include <curl/curl.h>

#include <boost/json.hpp>

#include <algorithm>
#include <mutex>
#include <thread>

#include "qx/match/bundle_reader.h"

namespace qx::match_cli {
namespace {

constexpr const char* kTaxiiType = "application/taxii+json;version=2.1";

void GlobalInit() {
  static std::once_flag once;
  std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}

std::string Escape(const std::string& s) {
  std::string out;
  for (const unsigned char c : s) {
    if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~') {
      out.push_back(static_cast<char>(c));
    } else {
      static const char* hex = "0123456789ABCDEF";
      out += '%';
      out += hex[c >> 4];
      out += hex[c & 15];
    }
  }
  return out;
}

size_t WriteBody(char* data, size_t size, size_t n, void* user) {
  auto* body = static_cast<std::string*>(user);
  if (body->size() + size * n > (size_t{1} << 31)) return 0;  // refuse absurd pages
  body->append(data, size * n);
  return size * n;
}

size_t WriteHeader(char* data, size_t size, size_t n, void* user) {
  std::string_view line(data, size * n);
  constexpr std::string_view kName = "x-taxii-date-added-last:";
  if (line.size() > kName.size()) {
    std::string lower;
    for (char c : line.substr(0, kName.size())) lower.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
    if (lower == kName) {
      std::string_view v = line.substr(kName.size());
      while (!v.empty() && (v.front() == ' ' || v.front() == '\t')) v.remove_prefix(1);
      while (!v.empty() && (v.back() == '\r' || v.back() == '\n' || v.back() == ' ')) v.remove_suffix(1);
      *static_cast<std::string*>(user) = std::string(v);
    }
  }
  return size * n;
}

bool IsHttps(const std::string& url) {
  std::string scheme;
  for (char c : url.substr(0, url.find(':'))) scheme.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
  return scheme == "https" && url.find("://") == 5;
}

}  // namespace

std::string UserAgent() { return std::string("qalxan-match/") + QX_MATCH_VERSION; }

Result<std::pair<PostOutcome, bool>> ParseStatus(const std::string& body, std::string* id) {
  namespace json = boost::json;
  boost::system::error_code ec;
  const json::value v = json::parse(body, ec);
  const json::object* o = ec ? nullptr : v.if_object();
  const json::value* status = o ? o->if_contains("status") : nullptr;
  const json::value* sid = o ? o->if_contains("id") : nullptr;
  if (!status || !status->is_string() || !sid || !sid->is_string()) {
    return MakeError(ErrorCode::kInvalidArgument, "the TAXII server's answer to the POST is no status resource: " + body.substr(0, 200));
  }
  *id = std::string(sid->as_string());
  auto count = [&](const char* key) -> std::int64_t {
    const json::value* c = o->if_contains(key);
    return c && c->is_int64() ? c->as_int64() : 0;
  };
  PostOutcome out;
  out.successes = count("success_count");
  out.failures = count("failure_count");
  if (const json::value* f = o->if_contains("failures"); f && f->is_array()) {
    for (const auto& entry : f->as_array()) {
      if (out.failure_messages.size() >= 5) break;
      const json::object* e = entry.if_object();
      if (!e) continue;
      auto text = [&](const char* key) {
        const json::value* t = e->if_contains(key);
        return t && t->is_string() ? std::string(t->as_string()) : std::string();
      };
      out.failure_messages.push_back(text("id") + ": " + text("message"));
    }
  }
  return std::make_pair(out, status->as_string() == "complete");
}

std::string PageUrl(const std::string& objects_url, const std::string& added_after, size_t limit,
                    const std::string& next) {
  std::string url = objects_url + "?limit=" + std::to_string(limit);
  if (!added_after.empty()) url += "&added_after=" + Escape(added_after);
  if (!next.empty()) url += "&next=" + Escape(next);
  return url;
}

TaxiiClient::TaxiiClient(std::string collection_url, TaxiiAuth auth, TaxiiClientOptions options)
    : auth_(std::move(auth)), options_(options) {
  if (collection_url.empty() || collection_url.back() != '/') collection_url += '/';
  objects_url_ = collection_url + "objects/";
  // {api-root}/collections/{id}/: the status resources live under {api-root}/status/.
  const size_t at = collection_url.rfind("/collections/", collection_url.size() - 2);
  if (at != std::string::npos) api_root_ = collection_url.substr(0, at + 1);
  GlobalInit();
}

Result<TaxiiClient::Response> TaxiiClient::Request(const std::string& url, const std::string* post_body) {
  // TAXII 2.1 8.5.1: clients initiate requests over HTTPS.
  if (!options_.insecure_http && !IsHttps(url)) {
    return MakeError(ErrorCode::kInvalidArgument,
                     "the TAXII URL must be https:// (TAXII 2.1 requires HTTPS); --insecure-http allows http:// for tests");
  }
  CURL* curl = curl_easy_init();
  if (!curl) return MakeError(ErrorCode::kInternal, "curl_easy_init failed");
  Response r;
  curl_slist* headers = nullptr;
  headers = curl_slist_append(headers, (std::string("Accept: ") + kTaxiiType).c_str());
  if (post_body) headers = curl_slist_append(headers, (std::string("Content-Type: ") + kTaxiiType).c_str());
  if (!auth_.token.empty()) headers = curl_slist_append(headers, ("Authorization: Bearer " + auth_.token).c_str());
  curl_easy_setopt(curl, CURLOPT_URL, url.c_str());
  curl_easy_setopt(curl, CURLOPT_HTTPHEADER, headers);
  curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, &WriteBody);
  curl_easy_setopt(curl, CURLOPT_WRITEDATA, &r.body);
  curl_easy_setopt(curl, CURLOPT_HEADERFUNCTION, &WriteHeader);
  curl_easy_setopt(curl, CURLOPT_HEADERDATA, &r.date_added_last);
  curl_easy_setopt(curl, CURLOPT_CONNECTTIMEOUT, 15L);
  curl_easy_setopt(curl, CURLOPT_TIMEOUT, 300L);
  curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(curl, CURLOPT_PROTOCOLS_STR, options_.insecure_http ? "http,https" : "https");
  curl_easy_setopt(curl, CURLOPT_REDIR_PROTOCOLS_STR, options_.insecure_http ? "http,https" : "https");
  const std::string user_agent = UserAgent();
  curl_easy_setopt(curl, CURLOPT_USERAGENT, user_agent.c_str());
  if (!auth_.user.empty()) {
    curl_easy_setopt(curl, CURLOPT_USERNAME, auth_.user.c_str());
    curl_easy_setopt(curl, CURLOPT_PASSWORD, auth_.password.c_str());
  }
  if (post_body) {
    curl_easy_setopt(curl, CURLOPT_POSTFIELDS, post_body->data());
    curl_easy_setopt(curl, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(post_body->size()));
  }
  const CURLcode rc = curl_easy_perform(curl);
  curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &r.status);
  curl_slist_free_all(headers);
  curl_easy_cleanup(curl);
  if (rc != CURLE_OK) return MakeError(ErrorCode::kUnavailable, std::string("TAXII request failed: ") + curl_easy_strerror(rc));
  if (r.status == 401) return MakeError(ErrorCode::kUnauthenticated, "TAXII server: 401 (check the token)");
  if (r.status == 403) return MakeError(ErrorCode::kPermissionDenied, "TAXII server: 403 (no access to the collection)");
  if (r.status >= 500) return MakeError(ErrorCode::kUnavailable, "TAXII server: HTTP " + std::to_string(r.status));
  if (r.status >= 400 || r.status < 200) {
    return MakeError(ErrorCode::kInvalidArgument, "TAXII server: HTTP " + std::to_string(r.status) + ": " + r.body.substr(0, 300));
  }
  return r;
}

Result<std::string> TaxiiClient::PullObjects(const std::string& added_after, size_t limit,
                                             const std::function<Status(const std::string&)>& on_page) {
  std::string newest = added_after;
  std::string next;
  std::string after = added_after;
  for (int page = 0; page < 1000000; ++page) {
    QX_ASSIGN_OR_RETURN(auto r, Request(PageUrl(objects_url_, after, limit, next), nullptr));
    // Read `more` and `next` (the objects are the caller's business).
    match::BundleReader reader([](match::StixRecord&&) {});
    const bool empty = r.status == 204 || r.body.empty();
    if (!empty) {
      QX_RETURN_IF_ERROR(reader.Feed(r.body.data(), r.body.size()));
      auto st = reader.Finish();
      // An envelope may leave out "objects" when it has none; anything else malformed is an error.
      if (!st && st.error().message != "the document has no 'objects' list") return tl::unexpected(st.error());
      if (reader.objects() > 0) QX_RETURN_IF_ERROR(on_page(r.body));
    }
    if (!r.date_added_last.empty()) newest = r.date_added_last;
    if (empty || !reader.more()) break;
    if (!reader.next().empty()) {
      next = reader.next();
    } else if (!r.date_added_last.empty() && r.date_added_last != after) {
      after = r.date_added_last;  // servers without `next`: continue after the last object
      next.clear();
    } else {
      break;
    }
  }
  return newest;
}

Result<PostOutcome> TaxiiClient::PostObjects(const std::vector<std::string>& objects) {
  std::string body = "{\"objects\": [";
  for (size_t i = 0; i < objects.size(); ++i) {
    if (i) body += ",";
    body += objects[i];
  }
  body += "]}";
  QX_ASSIGN_OR_RETURN(auto r, Request(objects_url_, &body));
  std::string id;
  QX_ASSIGN_OR_RETURN(auto status, ParseStatus(r.body, &id));
  if (status.second) return status.first;
  // Pending: follow the status resource, with backoff, for a bounded time.
  if (api_root_.empty()) {
    return MakeError(ErrorCode::kInvalidArgument,
                     "the TAXII server is still processing the sightings, and the collection URL has no "
                     "/collections/ID/ form to find its status from");
  }
  const std::string status_url = api_root_ + "status/" + Escape(id) + "/";
  const auto deadline = std::chrono::steady_clock::now() + options_.status_timeout;
  auto wait = options_.first_poll;
  // From here on the server has the objects: a failure is an unknown outcome, not an unsent post.
  PostOutcome unsettled = status.first;
  for (;;) {
    const auto now = std::chrono::steady_clock::now();
    if (now >= deadline) break;
    std::this_thread::sleep_for(std::min<std::chrono::steady_clock::duration>(wait, deadline - now));
    wait = std::min(wait * 2, options_.max_poll);
    auto polled = Request(status_url, nullptr);
    if (!polled) {
      unsettled.unsettled = "its status " + id + " could not be read: " + polled.error().message;
      return unsettled;
    }
    std::string polled_id;
    auto parsed = ParseStatus(polled->body, &polled_id);
    if (!parsed) {
      unsettled.unsettled = "its status " + id + " could not be read: " + parsed.error().message;
      return unsettled;
    }
    if (parsed->second) return parsed->first;
  }
  unsettled.unsettled = "it is still processing them (status " + id + ") after " +
                        std::to_string(options_.status_timeout.count() / 1000) + " s";
  return unsettled;
}

}  // namespace qx::match_cli
