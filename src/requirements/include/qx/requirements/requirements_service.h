// RequirementsService: the regulator's catalogs and profiles and operators' special requirements —
// import as drafts (validated OSCAL, one transaction), publish (frozen, hashed, signed), browse,
// localise, diff and export. Authorised through Actor; every change audited. Thread-safe.
#pragma once

#include <boost/json/value.hpp>
#include <string>
#include <vector>

#include "qx/core/clock.h"
#include "qx/crypto/signing.h"
#include "qx/identity/principal.h"
#include "qx/oscal/catalog_diff.h"
#include "qx/store/database.h"

namespace qx::requirements {

struct ImportRequest {
  std::string name;  // slug; the version is added to this catalog (created on first import)
  domain::CatalogScope scope = domain::CatalogScope::kGeneral;
  // Owner: for special requirements the operator; 0 means the actor's organisation. The system
  // actor must name it.
  domain::OrgId owner_org = 0;
  std::string document;                   // OSCAL catalog or profile JSON text
  std::vector<std::string> translations;  // overlay JSON texts (catalogs only)
};

struct ImportResult {
  domain::CatalogRecord catalog;
  domain::CatalogVersion version;  // the new draft (document left empty)
  std::size_t requirements = 0;
  // A profile's resolution warnings ("PATH: message"): directives it ignored, as the OSCAL
  // profile resolution specification asks. Not stored: they follow from the documents.
  std::vector<std::string> warnings;
};

struct PublishResult {
  domain::CatalogVersion version;  // the published version (documents left empty)
  std::vector<std::string> warnings;  // a profile's, resolved against the published catalogs
};

struct VersionView {
  domain::CatalogRecord catalog;
  domain::CatalogVersion version;
  std::vector<std::string> languages;  // translations available besides the document's own
};

class RequirementsService {
 public:
  RequirementsService(store::Database& db, const Clock& clock, const crypto::SigningKey& key)
      : db_(db), clock_(clock), key_(key) {}

  // A new draft version of the named catalog or profile (replacing a draft that is the latest
  // version). Profiles resolve against the latest version of each imported catalog, named by the
  // import href's file name without ".catalog.json"/".json". Nothing is written on any error.
  Result<ImportResult> Import(const identity::Actor& actor, const ImportRequest& request);

  // Publishes the latest draft: profiles re-resolve against published catalogs only; the payload
  // is canonicalised, hashed and signed; the previous published version becomes superseded.
  Result<PublishResult> Publish(const identity::Actor& actor, std::int64_t catalog_id);

  // Catalogs and/or profiles the actor may read, each with its latest version (the latest
  // published one, or the latest draft when none is published).
  struct Listed {
    domain::CatalogRecord catalog;
    std::optional<domain::CatalogVersion> latest;  // documents left empty
  };
  Result<store::Page<Listed>> ListCatalogs(const identity::Actor& actor,
                                           std::optional<domain::CatalogKind> kind,
                                           const store::PageRequest& page);
  Result<domain::CatalogRecord> GetCatalog(const identity::Actor& actor, std::int64_t id);
  Result<std::vector<domain::CatalogVersion>> ListVersions(const identity::Actor& actor,
                                                           std::int64_t id);
  // seq 0 means the latest published version (or the latest draft when none is published).
  Result<VersionView> GetVersion(const identity::Actor& actor, std::int64_t id, int seq);

  // The version's effective OSCAL catalog (a profile's resolved catalog), in `lang` when a
  // translation exists (empty or unknown: the document's own language).
  Result<boost::json::value> EffectiveCatalog(const identity::Actor& actor, std::int64_t id,
                                              int seq, const std::string& lang);
  // The version's own document: the catalog, or the profile as imported.
  Result<boost::json::value> SourceDocument(const identity::Actor& actor, std::int64_t id, int seq);
  Result<store::Page<domain::RequirementRow>> ListRequirements(const identity::Actor& actor,
                                                               std::int64_t id, int seq,
                                                               const store::RequirementFilter& f,
                                                               const store::PageRequest& page);
  // One requirement (an OSCAL control object, enhancements nested) in `lang`.
  Result<boost::json::value> Requirement(const identity::Actor& actor, std::int64_t id, int seq,
                                         const std::string& control_id, const std::string& lang);
  Result<oscal::CatalogDiff> Diff(const identity::Actor& actor, std::int64_t id, int from_seq,
                                  int to_seq);
  // The signed publication envelope of a published (or superseded) version.
  Result<std::string> ExportSigned(const identity::Actor& actor, std::int64_t id, int seq);

  const crypto::SigningKey& key() const { return key_; }

 private:
  Status AuthorizeRead(const identity::Actor& actor, const domain::CatalogRecord& c) const;
  Result<VersionView> LoadVersion(store::Tx& tx, std::int64_t id, int seq);

  store::Database& db_;
  const Clock& clock_;
  const crypto::SigningKey& key_;
};

}  // namespace qx::requirements
