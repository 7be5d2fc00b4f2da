// Requirement catalogs and profiles as Qalxan keeps them: named, owned, versioned; a version is a
// draft until the regulator publishes (freezes, hashes and signs) it. Values only, no I/O.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "qx/core/clock.h"
#include "qx/core/result.h"
#include "qx/domain/identity.h"

namespace qx::domain {

enum class CatalogKind { kCatalog, kProfile };
// General requirements are the regulator's; special ones an operator files for its own objects.
enum class CatalogScope { kGeneral, kSpecial };
enum class VersionStatus { kDraft, kPublished, kSuperseded };

std::string_view Name(CatalogKind v);
std::string_view Name(CatalogScope v);
std::string_view Name(VersionStatus v);
std::optional<CatalogKind> ParseCatalogKind(std::string_view t);
std::optional<CatalogScope> ParseCatalogScope(std::string_view t);
std::optional<VersionStatus> ParseVersionStatus(std::string_view t);

struct CatalogRecord {
  std::int64_t id = 0;
  std::string name;  // slug, unique: "cii-baseline", "oil-and-gas"
  CatalogKind kind = CatalogKind::kCatalog;
  CatalogScope scope = CatalogScope::kGeneral;
  OrgId owner_org = 0;
  std::string title;
  UnixMillis created_at = 0;
};

struct CatalogVersion {
  std::int64_t id = 0;
  std::int64_t catalog_id = 0;
  int seq = 0;            // 1, 2, 3 ... per catalog
  std::string version;    // the document's metadata.version
  VersionStatus status = VersionStatus::kDraft;
  std::string document;   // the OSCAL JSON as imported (a profile's own document for profiles)
  std::string resolved;   // profiles: the resolved catalog JSON; empty for catalogs
  std::string digest;     // published: "sha256:<hex>" of the canonical signed payload
  std::string signature;  // published: base64 Ed25519 signature of that payload
  std::string key_id;
  UnixMillis created_at = 0;
  std::string created_by;  // audit actor label
  std::optional<UnixMillis> published_at;
  std::string published_by;
};

// One requirement of a version, as indexed for browsing and filtering.
struct RequirementRow {
  int ordinal = 0;  // document order
  std::string control_id;
  std::string title;
  std::string group_path;  // "nis-a" or "ot/ot-fr1"
  std::string parent_control;
  std::vector<std::string> sectors;  // empty: every sector
  std::vector<int> categories;       // empty: every category
  std::optional<int> min_security_level;
  std::vector<std::string> machine_checks;
  std::string search_text;  // lower-cased id, title and prose, in every language of the version
};

// Slugs: 3-64 characters of a-z, 0-9 and '-'.
Status ValidateCatalogName(std::string_view name);

}  // namespace qx::domain
