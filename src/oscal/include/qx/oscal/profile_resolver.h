// Profile resolution: an OSCAL 1.1 profile applied to the catalogs it imports yields one resolved
// catalog (the effective requirements), deterministically. Pure: catalogs come through a lookup.
#pragma once

#include <boost/json/value.hpp>
#include <functional>
#include <string>
#include <vector>

#include "qx/core/result.h"
#include "qx/oscal/catalog_index.h"

namespace qx::oscal {

// Finds an imported catalog by the import's href (as written in the profile); nullptr if unknown.
using CatalogLookup = std::function<const CatalogIndex*(std::string_view href)>;

// Checks the profile document ({"profile": {...}}) against the OSCAL 1.1 profile model as far as
// resolution needs it; kInvalidArgument with the JSON path of the first problem. Returns the
// import hrefs in order.
Result<std::vector<std::string>> ValidateProfile(const boost::json::value& profile);

// Resolves the profile:
// - imports: include-all, or include-controls (with-ids, matching patterns with * and ?,
//   with-child-controls "yes"), minus exclude-controls; an id selected from no imported catalog is
//   an error ("dangling reference") with its JSON path; a selected enhancement whose parent is not
//   selected is kept;
// - merge: as-is true keeps the catalogs' group structure (empty groups dropped); otherwise (and
//   by default) the controls are listed flat, in import order, each catalog in document order;
// - modify.set-parameters: values, select, label, guidelines, constraints replace those of the
//   param (an unknown param-id is an error);
// - modify.alters: removes (by-id, by-name, by-class, by-ns, by-item-name) and adds (position
//   starting, ending, before, after; by-id; parts, props, params, links; title) on the named
//   control (an unknown control-id or by-id is an error).
// The result is a catalog document {"catalog": {...}} with a new uuid derived from the profile's
// uuid (the same input always gives byte-identical output), the profile's metadata title, and a
// `resolution-tool` prop; back-matter resources of the imported catalogs are carried over.
Result<boost::json::value> ResolveProfile(const boost::json::value& profile,
                                          const CatalogLookup& catalogs);

}  // namespace qx::oscal
