// Builds the browsing index of a version (one row per requirement) from its OSCAL catalog and
// translation overlays. Pure.
#pragma once

#include <boost/json/value.hpp>
#include <vector>

#include "qx/domain/requirements.h"
#include "qx/oscal/catalog_index.h"

namespace qx::requirements {

std::vector<domain::RequirementRow> IndexRequirements(
    const oscal::CatalogIndex& catalog, const std::vector<boost::json::value>& overlays);

}  // namespace qx::requirements
