// The TAXII 2.1 query of objects, manifest and versions requests: added_after, limit, next and
// match[id|type|version|spec_version] (a comma list is OR; different fields AND). Pure.
#pragma once

#include <map>
#include <string>

#include "qx/core/result.h"
#include "qx/store/intel_repo.h"

namespace qx::taxii {

// Fills the filter fields of an ObjectQuery (not collection or viewer). limit is capped at
// max_limit (and defaults to it); kInvalidArgument names the bad parameter.
// default_all_versions: the versions endpoint returns every version unless match[version] says.
Result<store::ObjectQuery> ParseFilter(const std::multimap<std::string, std::string>& query,
                                       int max_limit, bool default_all_versions = false);

}  // namespace qx::taxii
