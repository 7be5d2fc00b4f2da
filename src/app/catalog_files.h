// Requirement content on disk: reading a catalog or profile file with its translation overlays,
// and seeding an empty installation with the shipped baseline (catalogs/).
#pragma once

#include <string>
#include <vector>

#include "qx/requirements/requirements_service.h"

namespace qx::app {

// The import request for FILE: the name is FILE's base name without ".catalog.json",
// ".profile.json" or ".json"; the translations are the files NAME.<lang>.json beside it.
Result<requirements::ImportRequest> ReadCatalogFile(const std::string& path);

struct SeededCatalog {
  std::string name;
  std::size_t requirements = 0;
};

// When the installation has no catalog yet: imports and publishes every *.catalog.json of dir,
// then every profiles/*.profile.json, as the system on behalf of the regulator organisation.
// A missing dir seeds nothing.
Result<std::vector<SeededCatalog>> SeedCatalogs(requirements::RequirementsService& service,
                                                store::Database& db, const std::string& dir);

}  // namespace qx::app
