// What a catalog or profile version holds once its JSON has been checked: the effective catalog
// (a profile's resolved one), its translations and its browsing index. Pure apart from the
// lookup of imported catalogs.
#pragma once

#include <boost/json/value.hpp>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "qx/domain/requirements.h"
#include "qx/oscal/catalog_index.h"

namespace qx::requirements {

struct VersionContent {
  domain::CatalogKind kind = domain::CatalogKind::kCatalog;
  boost::json::value document;            // as imported
  std::optional<oscal::CatalogIndex> effective;  // the catalog, or the profile resolved
  std::string title;
  std::string version;
  std::map<std::string, boost::json::value> translations;  // lang -> overlay
  std::vector<domain::RequirementRow> index;
  std::vector<std::string> warnings;  // a profile's resolution warnings ("PATH: message")
};

// An imported catalog as the lookup returns it: its index and its translations.
struct ImportedCatalog {
  const oscal::CatalogIndex* index = nullptr;
  const std::map<std::string, boost::json::value>* translations = nullptr;
};
// Finds the catalog an import href names; nullopt when there is none.
using ImportedCatalogLookup = std::function<Result<std::optional<ImportedCatalog>>(std::string_view name)>;

Result<boost::json::value> ParseJsonText(std::string_view text, std::string_view what);

// The catalog name an import href refers to: its file name without ".catalog.json",
// ".profile.json" or ".json" (and without any fragment).
std::string CatalogNameFromHref(std::string_view href);

// Validates and indexes a catalog document with its translation overlays.
Result<VersionContent> CatalogContent(boost::json::value document,
                                      const std::vector<boost::json::value>& overlays);

// Validates and resolves a profile; its translations are those of the imported catalogs,
// restricted to the controls and groups the profile kept. `resolved_at` (RFC 3339) becomes the
// resolved catalog's last-modified: the version's creation time, so that publication, which
// resolves again to check the draft, reproduces it byte for byte.
Result<VersionContent> ProfileContent(boost::json::value document,
                                      const ImportedCatalogLookup& lookup,
                                      const std::string& resolved_at);

}  // namespace qx::requirements
