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

// Checks an overlay against the catalog: the shape above (no other members), a language tag of
// 2-3 lower-case letters, only ids the catalog has (groups by id; parts and params of that
// control), non-empty texts, and each text carrying the same `{{ insert: param, ID }}`
// placeholders as the text it translates. kInvalidArgument with the JSON path of the problem
// ("$.controls['ac-1'].parts['ac-1_smt']: ..."). Returns the language tag.
Result<std::string> ValidateTranslation(const CatalogIndex& catalog,
                                        const boost::json::value& overlay);

// The catalog document with every translated title, prose and param label replaced; text the
// overlay lacks stays in the catalog's own language (the fallback). `{{ insert: param, ... }}`
// placeholders are left for the reader to fill. Members of a malformed overlay that do not have
// the shape above are ignored (validate first to report them).
boost::json::value Localize(const CatalogIndex& catalog, const boost::json::value& overlay);

}  // namespace qx::oscal
