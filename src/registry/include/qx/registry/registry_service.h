// RegistryService: the CII registry — operators' objects with dependencies and OT architecture,
// the categorisation questionnaire against the regulator's thresholds with its history and the
// regulator's decision, providers' declarations and the public provider list, CSV bulk import.
// Every call is authorised through Actor; every change is audited in its transaction. Thread-safe.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "qx/core/clock.h"
#include "qx/domain/registry.h"
#include "qx/identity/principal.h"
#include "qx/registry/object_csv.h"
#include "qx/store/database.h"

namespace qx::registry {

inline constexpr char kThresholdsSetting[] = "categorisation.thresholds";

struct ObjectView {
  domain::CiiObject object;
  domain::OtArchitecture ot;
  std::vector<domain::ObjectId> dependents;  // objects (of any owner) that depend on this one
  std::optional<domain::Categorisation> categorisation;  // the latest
};

struct ThresholdsView {
  domain::Thresholds thresholds;
  std::int64_t seq = 0;  // 0: the built-in defaults
  std::string set_by;
  UnixMillis set_at = 0;
};

// The regulator's decision on an object's latest categorisation.
struct Decision {
  bool override = false;         // false: confirm the computed category
  std::optional<int> category;   // the override (nullopt: "none")
  std::string reason;            // required for an override
};

struct PublicProvider {
  domain::Organisation org;
  domain::ProviderDeclaration declaration;
  domain::Conformity conformity = domain::Conformity::kNotAssessed;
  std::optional<double> score;
  std::optional<std::int64_t> assessment_id;
  std::optional<UnixMillis> assessed_at;
};

struct ImportReport {
  bool imported = false;  // false: nothing was written
  int created = 0;
  CsvImportPlan plan;
  std::vector<domain::ObjectId> ids;  // of the created objects, in row order
};

class RegistryService {
 public:
  RegistryService(store::Database& db, const Clock& clock) : db_(db), clock_(clock) {}

  // owner_org 0: the actor's organisation (an operator); sector "": the owner's. Dependencies must
  // be objects the actor may read: its own, or (for the regulator) any.
  Result<domain::CiiObject> CreateObject(const identity::Actor& actor, domain::CiiObject o);
  Result<domain::CiiObject> UpdateObject(const identity::Actor& actor, domain::CiiObject o);
  Result<ObjectView> GetObject(const identity::Actor& actor, domain::ObjectId id);
  // An operator sees its own; the regulator any (filter.owner_org narrows).
  Result<store::Page<domain::CiiObject>> ListObjects(const identity::Actor& actor,
                                                     store::ObjectFilter filter,
                                                     const store::PageRequest& page);
  Result<domain::OtArchitecture> SetOtArchitecture(const identity::Actor& actor,
                                                   domain::ObjectId id, domain::OtArchitecture ot);

  Result<ThresholdsView> Thresholds();
  // Every value the regulator has set, newest first (categorisations name the seq they used).
  Result<std::vector<ThresholdsView>> ThresholdsHistory();
  Result<ThresholdsView> SetThresholds(const identity::Actor& actor, const domain::Thresholds& t);

  // Files a questionnaire: the computed category becomes the object's, "proposed".
  Result<domain::Categorisation> Categorise(const identity::Actor& actor, domain::ObjectId id,
                                            const domain::Answers& answers);
  Result<std::vector<domain::Categorisation>> CategorisationHistory(const identity::Actor& actor,
                                                                    domain::ObjectId id);
  // Decides the object's latest categorisation (kConflict when it is not the latest).
  Result<domain::Categorisation> Decide(const identity::Actor& actor, domain::ObjectId id,
                                        std::int64_t categorisation_id, const Decision& d);

  // A provider's declaration (org_id 0: the actor's organisation, which must be a provider).
  Result<domain::ProviderDeclaration> Declare(const identity::Actor& actor,
                                              domain::ProviderDeclaration d);
  // The public list: declared providers with their conformity. No authorisation: it is public.
  Result<store::Page<PublicProvider>> PublicProviders(const store::PageRequest& page);
  Result<PublicProvider> GetPublicProvider(domain::OrgId org);

  // Validates every row of csv; when all are valid (and not dry_run) creates every object in one
  // transaction. owner_org 0: the actor's organisation.
  Result<ImportReport> ImportCsv(const identity::Actor& actor, domain::OrgId owner_org,
                                 std::string_view csv, bool dry_run);

 private:
  Result<domain::OrgId> OwnerFor(const identity::Actor& actor, domain::OrgId requested) const;
  Status CheckDependencies(const identity::Actor& actor, store::Tx& tx, const domain::CiiObject& o);
  Result<PublicProvider> Describe(store::Tx& tx, domain::ProviderDeclaration d);

  store::Database& db_;
  const Clock& clock_;
};

}  // namespace qx::registry
