// Store interface for shared threat intelligence: TAXII collections, the STIX objects in them
// (every version, with who may read it), and the status of POST requests.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "qx/core/result.h"
#include "qx/domain/intel.h"
#include "qx/store/page.h"

namespace qx::store {

struct StoredObject {
  std::int64_t seq = 0;  // assigned on insert; the paging key
  std::string collection_id;
  std::string object_id;
  std::string type;
  std::string spec_version;
  std::string version;            // the TAXII version string (the object's `modified`, or `created`)
  std::int64_t version_us = 0;    // the version as microseconds since the epoch
  std::int64_t date_added_us = 0; // strictly increasing per installation
  domain::OrgId producer_org = 0;
  std::string tlp;                // "clear", "green", "amber", "amber+strict", "red"
  std::vector<domain::OrgId> recipients;  // named organisations (AMBER, RED)
  bool revoked = false;
  std::optional<std::int64_t> valid_until_ms;
  std::string json;
};

// Which versions of each object a query returns (TAXII match[version], OR-ed).
struct VersionMatch {
  bool last = true;
  bool first = false;
  bool all = false;
  std::vector<std::int64_t> versions_us;
};

struct ObjectQuery {
  std::string collection_id;
  domain::OrgId viewer_org = 0;  // TLP: what this organisation may read
  std::optional<std::int64_t> added_after_us;
  std::vector<std::string> ids;    // empty: any
  std::vector<std::string> types;  // empty: any
  std::vector<std::string> spec_versions;
  VersionMatch versions;
  std::optional<std::int64_t> valid_at_ms;  // only objects not revoked and valid at this time
  std::int64_t after_seq = 0;
  int limit = 100;
};

struct StatusRecord {
  std::string id;
  std::string collection_id;
  domain::OrgId owner_org = 0;
  std::string status = "pending";  // "pending" or "complete"
  std::int64_t request_us = 0;
  int total = 0;
  std::string detail_json;  // {"successes": [...], "failures": [...], "pendings": [...]}
};

// The latest version of one STIX sighting in one collection, kept for aggregation per indicator.
struct SightingRecord {
  std::string collection_id;  // where it was posted: who may count it is who may read that
  std::string sighting_id;
  std::int64_t version_us = 0;
  std::string indicator_ref;  // sighting_of_ref
  domain::OrgId producer_org = 0;
  std::string tlp;
  std::vector<domain::OrgId> recipients;
  std::int64_t count = 1;
  std::optional<std::int64_t> first_seen_ms;
  std::optional<std::int64_t> last_seen_ms;
};

// Sightings of one indicator by one organisation, summed.
struct SightingTotals {
  std::string indicator_ref;
  domain::OrgId producer_org = 0;
  bool visible = false;  // the viewer may read at least one of these sightings (TLP)
  std::int64_t sightings = 0;
  std::int64_t count = 0;
  std::optional<std::int64_t> first_seen_ms;
  std::optional<std::int64_t> last_seen_ms;
};

// Sightings of one indicator on one UTC day (of last_seen, else first_seen, else the sighting's
// version), split by whether the viewer may read them.
struct SightingDay {
  std::int64_t day = 0;  // days since 1970-01-01
  bool visible = false;
  std::int64_t sightings = 0;
  std::int64_t count = 0;
};

class IntelRepo {
 public:
  virtual ~IntelRepo() = default;
  virtual Status InsertCollection(const domain::IntelCollection& c) = 0;
  virtual Result<std::vector<domain::IntelCollection>> ListCollections() = 0;
  virtual Result<domain::IntelCollection> GetCollection(const std::string& id) = 0;

  // kAlreadyExists when this version of the object is already in the collection.
  virtual Result<std::int64_t> InsertObject(const StoredObject& o) = 0;
  // Inserts objects in order (in as few round trips as the backend can); returns, for each, its
  // seq, or 0 when that version of the object is already in the collection (or earlier in the
  // batch). Callers give each object a date_added_us greater than the one before.
  virtual Result<std::vector<std::int64_t>> InsertObjects(
      const std::vector<StoredObject>& objects) = 0;
  // For each of object_ids already in the collection, the organisation that produced its earliest
  // stored version (its creator, who alone may version it); ids not in the collection are absent.
  // One statement for the whole list. Other collections are not looked at.
  virtual Result<std::map<std::string, domain::OrgId>> CreatorsOf(
      const std::string& collection_id, const std::vector<std::string>& object_ids) = 0;
  // For each of object_ids stored anywhere, the organisation whose copy arrived first (the least
  // date_added, which the server assigns: a later copy cannot claim to be earlier by its
  // `modified`). That organisation is the object's producer for the sighting counts; ids stored
  // nowhere are absent. All collections are looked at, whoever may read them.
  virtual Result<std::map<std::string, domain::OrgId>> FirstProducersOf(
      const std::vector<std::string>& object_ids) = 0;
  // The greatest date_added_us so far (0 when empty), to keep date_added strictly increasing.
  virtual Result<std::int64_t> LastDateAdded() = 0;
  // Objects matching query in seq order; `next` is the last seq when there are more.
  virtual Result<Page<StoredObject>> QueryObjects(const ObjectQuery& query) = 0;
  // The latest versions readable by viewer_org whose JSON contains text (case-insensitive for
  // ASCII), optionally of one type, newest first; page.after is a seq (0: from the newest).
  virtual Result<Page<StoredObject>> SearchObjects(const std::string& collection_id,
                                                   domain::OrgId viewer_org, const std::string& text,
                                                   const std::string& type,
                                                   const PageRequest& page) = 0;
  // Removes the matching versions of one object; returns how many were removed. A sighting none
  // of whose versions is left in the collection stops counting there.
  virtual Result<int> DeleteObject(const std::string& collection_id, const std::string& object_id,
                                   const VersionMatch& versions) = 0;

  // Keeps the sighting in its collection unless a newer version of it is already kept there.
  virtual Status UpsertSighting(const SightingRecord& s) = 0;
  // Per indicator and sighting organisation, over the sightings kept in `collections` only (the
  // ones the viewer may read; a sighting kept in several of them counts once, at its latest
  // version), with visibility for viewer_org under TLP; for one indicator, or for all when
  // indicator_ref is empty. No collections: nothing.
  virtual Result<std::vector<SightingTotals>> SightingTotalsFor(
      const std::string& indicator_ref, const std::vector<std::string>& collections,
      domain::OrgId viewer_org) = 0;
  // The sightings of one indicator per day, oldest first, under the same rule.
  virtual Result<std::vector<SightingDay>> SightingDaysFor(const std::string& indicator_ref,
                                                          const std::vector<std::string>& collections,
                                                          domain::OrgId viewer_org) = 0;

  virtual Status PutStatus(const StatusRecord& s) = 0;  // insert or replace
  virtual Result<StatusRecord> GetStatus(const std::string& id) = 0;
};

}  // namespace qx::store
