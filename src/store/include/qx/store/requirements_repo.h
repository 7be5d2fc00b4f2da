// Store interface for requirement catalogs and profiles, their versions, translations and the
// per-version index of requirements used for browsing and filtering.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "qx/core/result.h"
#include "qx/domain/requirements.h"
#include "qx/store/page.h"

namespace qx::store {

using domain::CatalogRecord;
using domain::CatalogVersion;
using domain::RequirementRow;

struct RequirementFilter {
  std::optional<std::string> sector;    // rows for every sector match too
  std::optional<int> category;          // rows for every category match too
  std::optional<std::string> text;      // case-insensitive substring of id, title or prose
  std::optional<std::string> machine_check;  // only rows referencing it ("*": any)
};

// Translations of one version: language tag -> overlay JSON.
using Translations = std::map<std::string, std::string>;

class RequirementsRepo {
 public:
  virtual ~RequirementsRepo() = default;
  // kAlreadyExists when the name is taken.
  virtual Result<std::int64_t> InsertCatalog(const CatalogRecord& catalog) = 0;
  virtual Result<CatalogRecord> GetCatalog(std::int64_t id) = 0;
  virtual Result<CatalogRecord> FindCatalogByName(const std::string& name) = 0;
  // kind: only catalogs or only profiles; nullopt: both.
  virtual Result<Page<CatalogRecord>> ListCatalogs(std::optional<domain::CatalogKind> kind,
                                                   const PageRequest& page) = 0;
  virtual Status SetCatalogTitle(std::int64_t id, const std::string& title) = 0;

  // Inserts a version with its index rows and translations.
  virtual Result<std::int64_t> InsertVersion(const CatalogVersion& version,
                                             const std::vector<RequirementRow>& index,
                                             const Translations& translations) = 0;
  // Removes a draft with its index rows and translations (kConflict for a published version).
  virtual Status DeleteDraft(std::int64_t version_id) = 0;
  // Versions of a catalog by seq, without their documents (document and resolved left empty).
  virtual Result<std::vector<CatalogVersion>> ListVersions(std::int64_t catalog_id) = 0;
  virtual Result<CatalogVersion> GetVersion(std::int64_t catalog_id, int seq) = 0;
  // The highest seq with that status (any status when nullopt); nullopt when there is none.
  virtual Result<std::optional<CatalogVersion>> LatestVersion(
      std::int64_t catalog_id, std::optional<domain::VersionStatus> status) = 0;
  // Draft -> published with its seal; the previously published version becomes superseded.
  virtual Status Publish(const CatalogVersion& sealed) = 0;

  virtual Result<Translations> GetTranslations(std::int64_t version_id) = 0;
  // Index rows of a version matching filter, by ordinal, after page.after (an ordinal).
  virtual Result<Page<RequirementRow>> ListRequirements(std::int64_t version_id,
                                                        const RequirementFilter& filter,
                                                        const PageRequest& page) = 0;
};

}  // namespace qx::store
