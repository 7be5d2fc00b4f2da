// Translations of a catalog's text (az, en, ru, ...), kept beside the OSCAL document as overlays:
// {"lang": "az", "catalog": NAME, "groups": {GROUP_ID: {"title": ...}},
//  "controls": {CONTROL_ID: {"title": ..., "parts": {PART_ID: PROSE}, "params": {PARAM_ID:
//  {"label": ...}}}}}
// Pure.
#pragma once

#include <boost/json/value.hpp>
#include <string>

#include "qx/core/result.h"
#include "qx/oscal/catalog_index.h"

namespace qx::oscal {

// Checks an overlay against the catalog: the shape above, a language tag of 2-3 lower-case
// letters, and only ids the catalog has. kInvalidArgument with the JSON path of the problem.
// Returns the language tag.
Result<std::string> ValidateTranslation(const CatalogIndex& catalog,
                                        const boost::json::value& overlay);

// The catalog document with every translated title, prose and param label replaced; text the
// overlay lacks stays in the catalog's own language (the fallback). `{{ insert: param, ... }}`
// placeholders are left for the reader to fill.
boost::json::value Localize(const CatalogIndex& catalog, const boost::json::value& overlay);

}  // namespace qx::oscal
