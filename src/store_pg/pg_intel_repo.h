// The PostgreSQL repository of TAXII collections, STIX objects and request status.
#pragma once

#include "pg_conn.h"
#include "qx/store/intel_repo.h"

namespace qx::store::pg {

// Inserts lock the one-row stix_head (until the transaction ends) before they take a seq, so
// that seq and date_added grow in commit order across replicas: a reader paging by seq never
// finds a smaller seq committed after it read past it.
class PgIntelRepo final : public IntelRepo {
 public:
  PgIntelRepo(Connection& c, bool writable) : c_(c), writable_(writable) {}
  Status InsertCollection(const domain::IntelCollection& c) override;
  Result<std::vector<domain::IntelCollection>> ListCollections() override;
  Result<domain::IntelCollection> GetCollection(const std::string& id) override;
  Result<std::int64_t> InsertObject(const StoredObject& o) override;
  Result<std::vector<std::int64_t>> InsertObjects(
      const std::vector<StoredObject>& objects) override;
  Result<std::map<std::string, domain::OrgId>> CreatorsOf(
      const std::string& collection_id, const std::vector<std::string>& object_ids) override;
  Result<std::map<std::string, domain::OrgId>> FirstProducersOf(
      const std::vector<std::string>& object_ids) override;
  Result<std::int64_t> LastDateAdded() override;
  Result<Page<StoredObject>> QueryObjects(const ObjectQuery& query) override;
  Result<Page<StoredObject>> SearchObjects(const std::string& collection_id,
                                           domain::OrgId viewer_org, const std::string& text,
                                           const std::string& type,
                                           const PageRequest& page) override;
  Result<int> DeleteObject(const std::string& collection_id, const std::string& object_id,
                           const VersionMatch& versions) override;
  Status UpsertSighting(const SightingRecord& s) override;
  Result<std::vector<SightingTotals>> SightingTotalsFor(const std::string& indicator_ref,
                                                       const std::vector<std::string>& collections,
                                                       domain::OrgId viewer_org) override;
  Result<std::vector<SightingDay>> SightingDaysFor(const std::string& indicator_ref,
                                                  const std::vector<std::string>& collections,
                                                  domain::OrgId viewer_org) override;
  Status PutStatus(const StatusRecord& s) override;
  Result<StatusRecord> GetStatus(const std::string& id) override;

 private:
  // Takes the stix_head row lock once per transaction.
  Status LockHead();
  // Refreshes the planner's statistics of stix_objects after it grew a lot (inserted: rows this
  // transaction added, which the statistics do not count yet).
  Status AnalyzeIfStale(std::int64_t inserted);

  Connection& c_;
  bool writable_;
  bool head_locked_ = false;
};

}  // namespace qx::store::pg
