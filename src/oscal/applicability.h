// Qalxan's applicability props (namespace kQalxanNs): parsing and validation of one prop.
#pragma once

#include <string_view>

#include "qx/core/result.h"
#include "qx/oscal/catalog_index.h"

namespace qx::oscal::detail {

// Adds the prop `name` = `value` (in kQalxanNs) to `out`; kInvalidArgument at `path` (the prop's
// path) when the name is unknown or the value malformed or repeated where it may not be.
Status AddQalxanProp(std::string_view name, std::string_view value, std::string_view path,
                     Applicability& out);

bool SameApplicability(const Applicability& a, const Applicability& b);

}  // namespace qx::oscal::detail
