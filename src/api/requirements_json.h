// Wire shapes of version views and diffs (catalogs, versions and rows are in json_io.h).
#pragma once

#include <boost/json.hpp>

#include "json_io.h"
#include "qx/oscal/catalog_diff.h"
#include "qx/requirements/requirements_service.h"

namespace qx::api {

boost::json::object ToJson(const oscal::CatalogDiff& d);
boost::json::object ToJson(const requirements::VersionView& v);

}  // namespace qx::api
