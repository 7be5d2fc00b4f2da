// A TAXII 2.1 client over libcurl for any TAXII 2.1 server: pulls a collection's objects page by
// page (added_after, `next`, `more`, X-TAXII-Date-Added-Last) and posts objects (sightings) in
// envelopes. Credentials go in headers only, never in logs or errors.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "qx/core/result.h"

namespace qx::match_cli {

struct TaxiiAuth {
  std::string token;            // Authorization: Bearer
  std::string user, password;   // or HTTP Basic
};

class TaxiiClient {
 public:
  // collection_url: the collection resource, e.g. https://host/taxii2/api/collections/ID/
  TaxiiClient(std::string collection_url, TaxiiAuth auth);

  // Calls on_page with the body of every page of objects added after `added_after` (all when
  // empty), `limit` per page. Returns the newest X-TAXII-Date-Added-Last seen (or added_after
  // when nothing new). Errors: kUnavailable (network, 5xx), kPermissionDenied / kUnauthenticated
  // (401/403), kInvalidArgument (other 4xx, malformed envelope), or on_page's error.
  Result<std::string> PullObjects(const std::string& added_after, size_t limit,
                                  const std::function<Status(const std::string& body)>& on_page);

  // POSTs the objects (JSON texts) in one envelope to the collection's objects endpoint.
  Status PostObjects(const std::vector<std::string>& objects);

 private:
  struct Response {
    long status = 0;
    std::string body;
    std::string date_added_last;
  };
  Result<Response> Request(const std::string& url, const std::string* post_body);

  std::string objects_url_;
  TaxiiAuth auth_;
};

// The objects URL for a page: base + "?added_after=...&limit=N[&next=...]" (values escaped).
std::string PageUrl(const std::string& objects_url, const std::string& added_after, size_t limit,
                    const std::string& next);

}  // namespace qx::match_cli
