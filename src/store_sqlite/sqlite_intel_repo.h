// The SQLite repository of TAXII collections, STIX objects and request status.
#pragma once

#include "qx/store/intel_repo.h"
#include "sqlite_conn.h"

namespace qx::store::sqlite {

class SqliteIntelRepo final : public IntelRepo {
 public:
  explicit SqliteIntelRepo(Connection& c) : c_(c) {}
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
  Connection& c_;
};

}  // namespace qx::store::sqlite
