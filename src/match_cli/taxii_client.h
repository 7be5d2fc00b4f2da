// A TAXII 2.1 client over libcurl for any TAXII 2.1 server: pulls a collection's objects page by
// page (added_after, `next`, `more`, X-TAXII-Date-Added-Last) and posts objects (sightings) in
// envelopes, following the status resource until it completes. HTTPS only (TAXII 2.1 8.5.1)
// unless told otherwise; User-Agent qalxan-match/<version> (8.4.1). Credentials go in headers
// only, never in logs or errors.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "qx/core/result.h"

namespace qx::match_cli {

struct TaxiiAuth {
  std::string token;            // Authorization: Bearer
  std::string user, password;   // or HTTP Basic
};

struct TaxiiClientOptions {
  bool insecure_http = false;  // also allow http:// (tests on 127.0.0.1); TAXII 2.1 requires HTTPS
  // How long PostObjects follows a pending status before giving up, in all.
  std::chrono::milliseconds status_timeout{std::chrono::minutes(5)};
  std::chrono::milliseconds first_poll{500};  // then doubling, at most max_poll apart
  std::chrono::milliseconds max_poll{std::chrono::seconds(10)};
};

// What the server's status resource said about one POST, once complete.
struct PostOutcome {
  std::int64_t successes = 0, failures = 0;
  std::vector<std::string> failure_messages;  // "id: message", the first few
  // Set when the server took the objects (it answered a status) but what became of them could not
  // be learned: the status stayed pending past the timeout, or a poll failed. They are posted;
  // sending them again would count them twice.
  std::string unsettled;  // why, for the message; empty when the outcome is known
};

// The User-Agent the client sends: "qalxan-match/<version>".
std::string UserAgent();

class TaxiiClient {
 public:
  // collection_url: the collection resource, e.g. https://host/taxii2/api/collections/ID/
  TaxiiClient(std::string collection_url, TaxiiAuth auth, TaxiiClientOptions options = {});

  // Calls on_page with the body of every page of objects added after `added_after` (all when
  // empty), `limit` per page. Returns the newest X-TAXII-Date-Added-Last seen (or added_after
  // when nothing new). Errors: kUnavailable (network, 5xx), kPermissionDenied / kUnauthenticated
  // (401/403), kInvalidArgument (other 4xx, malformed envelope), or on_page's error.
  Result<std::string> PullObjects(const std::string& added_after, size_t limit,
                                  const std::function<Status(const std::string& body)>& on_page);

  // POSTs the objects (JSON texts) in one envelope to the collection's objects endpoint and
  // reads the status resource answered; while it is pending, polls {api-root}/status/{id}/ with
  // backoff for at most options.status_timeout. Errors: as PullObjects; kInvalidArgument for an
  // answer that is no status resource; kUnavailable when the status is still pending at the end.
  // Objects the server refused are counted in the outcome, not an error here.
  Result<PostOutcome> PostObjects(const std::vector<std::string>& objects);

 private:
  struct Response {
    long status = 0;
    std::string body;
    std::string date_added_last;
  };
  Result<Response> Request(const std::string& url, const std::string* post_body);

  std::string objects_url_;
  std::string api_root_;  // empty when the collection URL has no /collections/ID/ form
  TaxiiAuth auth_;
  TaxiiClientOptions options_;
};

// The status resource (TAXII 2.1 4.3) as an outcome, and whether it is complete. kInvalidArgument
// when the body is not one.
Result<std::pair<PostOutcome, bool>> ParseStatus(const std::string& body, std::string* id);

// The objects URL for a page: base + "?added_after=...&limit=N[&next=...]" (values escaped).
std::string PageUrl(const std::string& objects_url, const std::string& added_after, size_t limit,
                    const std::string& next);

}  // namespace qx::match_cli
