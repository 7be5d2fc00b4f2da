// IntelService: the STIX object store behind the TAXII 2.1 API — collections per audience, TLP
// decided on every read (in the store query, so counts and `more` tell nothing), validated
// ingest with a per-request status, large requests processed off the request thread. Thread-safe.
#pragma once

#include <boost/json/value.hpp>
#include <condition_variable>
#include <deque>
#include <functional>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "qx/core/clock.h"
#include "qx/identity/principal.h"
#include "qx/store/database.h"

namespace qx::intel {

struct IntelOptions {
  int max_page = 1000;           // the most objects one page returns
  std::size_t async_threshold = 500;  // POSTs with more objects are processed in the background
  // Objects waiting for the background worker, at most: beyond it a large POST is refused
  // (kTooManyRequests, retry later) instead of holding without limit. One POST is always taken
  // when nothing waits, however large.
  std::size_t max_queued_objects = 100'000;
  bool start_worker = true;  // tests set false and call StartWorker() to hold the queue
};

struct CollectionView {
  domain::IntelCollection collection;
  domain::CollectionAccess access;
};

// The sightings of one indicator, as one viewer may know them: only those posted to collections
// the viewer may read (TAXII can_read) count; of these, the CERT and the indicator's producer
// count every sighting, others only those TLP lets them read. Who sighted it is told only for
// sightings whose TLP lets the viewer read them.
struct IndicatorSightings {
  std::string indicator_ref;
  int organisations = 0;
  int anonymous_organisations = 0;  // counted, but not named to this viewer
  std::int64_t sightings = 0;
  std::int64_t count = 0;
  std::optional<std::int64_t> first_seen_ms;
  std::optional<std::int64_t> last_seen_ms;
  std::vector<store::SightingTotals> by_organisation;  // the named ones
  struct Day {
    std::int64_t day = 0;  // days since 1970-01-01 (UTC)
    std::int64_t sightings = 0;
    std::int64_t count = 0;
  };
  std::vector<Day> per_day;  // oldest first; filled when one indicator is asked for
};

class IntelService {
 public:
  IntelService(store::Database& db, const Clock& clock, IntelOptions options);
  ~IntelService();  // finishes queued ingests, then stops the worker
  void StartWorker();  // once; the constructor calls it unless options.start_worker is false

  // Creates the shared collections (national, CERT inbox, one per sector) when missing.
  Status SeedCollections();

  // The collections the principal may read or write (its private one is created on first use).
  Result<std::vector<CollectionView>> Collections(const identity::Principal& p);
  // kNotFound for an unknown collection or one the principal may neither read nor write.
  Result<CollectionView> Collection(const identity::Principal& p, const std::string& id);

  // Objects readable under TLP that match query (collection and viewer are set here).
  Result<store::Page<store::StoredObject>> Objects(const identity::Principal& p,
                                                   const std::string& collection_id,
                                                   store::ObjectQuery query);

  // Validates and stores each object; the status lists successes and failures with reasons.
  // More than async_threshold objects: the status is returned pending and completes later.
  Result<store::StatusRecord> Add(const identity::Principal& p, const std::string& collection_id,
                                  std::vector<boost::json::value> objects);
  Result<store::StatusRecord> GetStatus(const identity::Principal& p, const std::string& status_id);

  // The latest readable objects of a collection containing text (in any property), newest first.
  Result<store::Page<store::StoredObject>> Search(const identity::Principal& p,
                                                  const std::string& collection_id,
                                                  const std::string& text, const std::string& type,
                                                  const store::PageRequest& page);

  // Sightings per indicator (of indicator_ref, or of all when empty), most sighted first; for
  // one indicator also per day.
  Result<std::vector<IndicatorSightings>> Sightings(const identity::Principal& p,
                                                    const std::string& indicator_ref);

  // Deletes the matching versions of an object, which the principal's organisation produced, from
  // a collection it may both read and write (TAXII 2.1 section 5.7); kPermissionDenied otherwise.
  Result<int> Delete(const identity::Principal& p, const std::string& collection_id,
                     const std::string& object_id, const store::VersionMatch& versions);

 private:
  // Stores the objects and completes the status. When the store fails, marks every object
  // failed in the status (still complete) and returns the error. producer_reads: the producer
  // may read the collection (not so in the CERT inbox, write-only for all but the CERT).
  Status Ingest(const std::string& status_id, const std::string& collection_id,
                domain::OrgId producer, bool producer_reads, std::int64_t request_us,
                std::vector<boost::json::value> objects);
  void Work();

  store::Database& db_;
  const Clock& clock_;
  IntelOptions options_;
  std::mutex mu_;
  std::condition_variable cv_;
  struct Job {
    std::size_t objects = 0;
    std::function<void()> run;
  };
  std::deque<Job> queue_;
  std::size_t queued_objects_ = 0;  // in queue_ and in the job running now
  bool stopping_ = false;
  std::thread worker_;
};

}  // namespace qx::intel
