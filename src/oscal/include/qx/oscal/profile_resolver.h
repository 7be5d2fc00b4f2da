// Profile resolution: an OSCAL 1.1 profile applied to the catalogs it imports yields one resolved
// catalog (the effective requirements), deterministically (the resolution time is an input).
// Follows the OSCAL profile resolution specification (usnistgov/OSCAL
// src/specifications/profile-resolution, the current draft with its req-* requirements). Pure:
// catalogs come through a lookup.
#pragma once

#include <boost/json/value.hpp>
#include <functional>
#include <string>
#include <vector>

#include "qx/core/result.h"
#include "qx/oscal/catalog_index.h"

namespace qx::oscal {

// Finds an imported catalog by the import's href (as written in the profile); nullptr if unknown.
// Imports of profiles (profile chains) are not resolved: the href must name a catalog.
using CatalogLookup = std::function<const CatalogIndex*(std::string_view href)>;

// Checks the profile document ({"profile": {...}}) against the OSCAL 1.1 profile model as far as
// resolution reads it (uuid, metadata, imports and their selectors, merge, modify, back-matter);
// kInvalidArgument with the JSON path of the first problem. Returns the import hrefs in order.
Result<std::vector<std::string>> ValidateProfile(const boost::json::value& profile);

// The OSCAL version this resolver implements (the catalog and profile models of OSCAL 1.1).
inline constexpr std::string_view kResolverOscalVersion = "1.1.2";

struct ResolveOptions {
  // The result's metadata last-modified (RFC 3339): req-meta-last-modified asks for the time
  // the resolution completed. The caller passes it, so that the same inputs still give the same
  // bytes (a published resolution is signed, and publication checks it by resolving again with
  // the draft's time). Empty: the latest last-modified of the profile and the imported catalogs.
  std::string resolved_at;
};

// Resolves the profile. Every error is kInvalidArgument with a JSON path; directives that the
// specification makes inoperative are skipped with a warning instead.
// - imports, each against its own catalog: include-all (also implied when include-controls is
//   absent), or include-controls (with-ids; matching glob patterns with * and ?), minus
//   exclude-controls; exclusion prevails. with-child-controls "yes" adds all descendants of each
//   control it selects, in include and exclude alike (req-with-child-controls-yes,
//   req-exclude-additional; an older draft said direct children only). An id
//   in with-ids that the import's catalog lacks is an error ("dangling reference"). An href the
//   lookup does not know is an error.
// - merge.combine.method: "keep" (the default) keeps clashing controls, which would make the
//   result invalid, so a control selected by two imports is reported as an error here;
//   "use-first" keeps the first selection of an id; "merge" keeps the first and adds to it the
//   members and array items (not already present) of later representations from other catalogs.
// - structure: by default (no merge, merge.flat, as-is false) the result is flat
//   (req-merge-flat): every selected control directly under the catalog, each import in order,
//   each catalog in document order, with no groups and no nesting. merge.as-is true keeps each
//   catalog's groups (those holding no selected control are dropped unless marked keep=always)
//   and nests a selected child in its selected parent; a selected control whose parent is not
//   selected takes that parent's place, recursively (id-structure-as-is-list-1: "up-levelled"),
//   and the parent does not appear; imports of the same catalog share one structure.
//   merge.custom is rejected (not supported).
// - params: those of selected controls stay with them; other params ("loose": catalog, group or
//   unselected-control level) are carried only if the result inserts them (transitively, after
//   modification), a set-parameter names them (req-prune-modify) or they are marked keep=always
//   (req-prune-keep), each once, where they were (flat: catalog level; the params of an
//   unselected as-is control: its enclosing group).
// - selectors: a matching without a pattern (or with "") matches nothing, and a selector with
//   neither with-ids nor matching selects nothing (req-include-by-match-empty); both warn.
// - modify.set-parameters, in order: label, usage, class, depends-on replace; props, links,
//   constraints, guidelines are appended; values or select replace both. One whose param is not
//   among the included ones (the result's and the loose ones) is ignored with a warning
//   (req-modify-set-param-id-ignore).
// - modify.alters, in order, on the named control: removes first (an item is removed when all
//   given by-name/by-class/by-id/by-ns/by-item-name match; params, props, links and parts
//   anywhere in the control, not in child controls; a by-id that removes nothing is an error),
//   then adds (position defaults to "ending"; without by-id, items go to the start
//   ("starting"/"before") or end of the control's arrays and a title replaces the control's;
//   with by-id naming a param, part or child control anywhere inside the control, child
//   controls included (req-modify-alter-add-nested): "starting"/"ending" add inside it,
//   "before"/"after" add items of its kind next to it and other items to its parent; a by-id
//   that names the control itself or nothing inside it makes the add inoperative, ignored with
//   a warning, req-modify-alter-add-explicit-id-ignore). An unknown control-id is an error; a
//   control of the catalogs that the profile did not select is skipped with a warning.
// The result is a catalog document {"catalog": {...}}: a version 4 shaped uuid derived from the
// SHA-256 of the profile's uuid, its canonical JSON and the imported catalogs' uuids (the same
// input always gives byte-identical output); the profile's metadata with last-modified set as
// ResolveOptions says, oscal-version the most recent minor version among the profile and the
// imported catalogs but no newer than kResolverOscalVersion (req-meta-oscal-version; a
// different major version is an error), and the props `source-profile` (req-meta-source-profile:
// "urn:uuid:" and the profile's uuid, the one URI of the profile that holds wherever it is
// served; an API URL would depend on the server's address and on the catalog row, unknown
// before the first import) and `resolution-tool`; and
// the back-matter resources of the catalogs then the profile, the last of each uuid, kept only
// when the result links to "#uuid" or they carry prop keep=always. The result is checked with
// CatalogIndex::Build before it is returned (say, an alter removed a param still inserted).
struct ResolvedProfile {
  boost::json::value catalog;  // {"catalog": {...}}
  // Directives the resolution ignored, as the specification asks ("PATH: what and why"), in
  // profile order: a selector that selects nothing, a set-parameter, alter or add that targets
  // nothing.
  std::vector<std::string> warnings;
};
Result<ResolvedProfile> ResolveProfile(const boost::json::value& profile,
                                       const CatalogLookup& catalogs,
                                       const ResolveOptions& options = {});

}  // namespace qx::oscal
