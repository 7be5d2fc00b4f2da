// The PostgreSQL repository of requirement catalogs and profiles.
#pragma once

#include "qx/store/requirements_repo.h"
#include "pg_conn.h"

namespace qx::store::pg {

class PgRequirementsRepo final : public RequirementsRepo {
 public:
  explicit PgRequirementsRepo(Connection& c) : c_(c) {}
  Result<std::int64_t> InsertCatalog(const CatalogRecord& catalog) override;
  Result<CatalogRecord> GetCatalog(std::int64_t id) override;
  Result<CatalogRecord> FindCatalogByName(const std::string& name) override;
  Result<Page<CatalogRecord>> ListCatalogs(std::optional<domain::CatalogKind> kind,
                                           const PageRequest& page) override;
  Status SetCatalogTitle(std::int64_t id, const std::string& title) override;
  Result<std::int64_t> InsertVersion(const CatalogVersion& version,
                                     const std::vector<RequirementRow>& index,
                                     const Translations& translations) override;
  Status DeleteDraft(std::int64_t version_id) override;
  Result<std::vector<CatalogVersion>> ListVersions(std::int64_t catalog_id) override;
  Result<CatalogVersion> GetVersion(std::int64_t catalog_id, int seq) override;
  Result<std::optional<CatalogVersion>> LatestVersion(
      std::int64_t catalog_id, std::optional<domain::VersionStatus> status) override;
  Status Publish(const CatalogVersion& sealed) override;
  Result<Translations> GetTranslations(std::int64_t version_id) override;
  Result<Page<RequirementRow>> ListRequirements(std::int64_t version_id,
                                                const RequirementFilter& filter,
                                                const PageRequest& page) override;

 private:
  Connection& c_;
};

}  // namespace qx::store::pg
