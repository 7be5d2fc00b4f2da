// Store interface for the CII registry: objects with their dependencies and OT architecture,
// categorisation history, the regulator's settings (kept with their history), and providers'
// declarations. Errors: kNotFound, kAlreadyExists, kUnavailable.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "qx/core/result.h"
#include "qx/domain/registry.h"
#include "qx/store/page.h"

namespace qx::store {

struct ObjectFilter {
  std::optional<domain::OrgId> owner_org;
  std::optional<std::string> sector;
  std::optional<int> category;  // 0: uncategorised (or category "none")
};

// A regulator's setting as JSON text, with who set it when; seq grows per key.
struct SettingRecord {
  std::string key;
  std::int64_t seq = 0;
  std::string value_json;
  std::string set_by;
  UnixMillis set_at = 0;
};

class RegistryRepo {
 public:
  virtual ~RegistryRepo() = default;

  // Inserts the object and its dependencies. kAlreadyExists when its owner has one of that name.
  virtual Result<domain::ObjectId> InsertObject(const domain::CiiObject& o) = 0;
  // Updates the descriptive fields and replaces the dependencies (not the category).
  virtual Status UpdateObject(const domain::CiiObject& o) = 0;
  virtual Result<domain::CiiObject> GetObject(domain::ObjectId id) = 0;
  // Objects in id order with their dependencies.
  virtual Result<Page<domain::CiiObject>> ListObjects(const ObjectFilter& filter,
                                                      const PageRequest& page) = 0;
  // The ids of the objects that depend on this one.
  virtual Result<std::vector<domain::ObjectId>> ListDependents(domain::ObjectId id) = 0;
  // Which of ids exist; used to validate dependencies.
  virtual Result<std::vector<domain::CiiObject>> GetObjects(const std::vector<domain::ObjectId>& ids) = 0;
  virtual Status SetCategory(domain::ObjectId id, std::optional<int> category,
                             const std::string& status, UnixMillis at) = 0;

  virtual Status ReplaceOtArchitecture(domain::ObjectId id, const domain::OtArchitecture& ot) = 0;
  virtual Result<domain::OtArchitecture> GetOtArchitecture(domain::ObjectId id) = 0;

  virtual Result<std::int64_t> InsertCategorisation(const domain::Categorisation& c) = 0;
  virtual Result<domain::Categorisation> GetCategorisation(std::int64_t id) = 0;
  // An object's categorisations, newest first.
  virtual Result<std::vector<domain::Categorisation>> ListCategorisations(domain::ObjectId id) = 0;
  // Records the regulator's decision on a categorisation.
  virtual Status DecideCategorisation(const domain::Categorisation& c) = 0;

  // Appends a new value of key; returns its seq.
  virtual Result<std::int64_t> PutSetting(const SettingRecord& s) = 0;
  // The latest value of key, nullopt when never set.
  virtual Result<std::optional<SettingRecord>> LatestSetting(const std::string& key) = 0;
  virtual Result<std::vector<SettingRecord>> SettingHistory(const std::string& key) = 0;

  // Inserts or replaces the declaration of a provider (declared_at is kept on replace).
  virtual Status PutDeclaration(const domain::ProviderDeclaration& d) = 0;
  virtual Result<domain::ProviderDeclaration> GetDeclaration(domain::OrgId org) = 0;
  // Declarations by org id.
  virtual Result<Page<domain::ProviderDeclaration>> ListDeclarations(const PageRequest& page) = 0;
};

}  // namespace qx::store
