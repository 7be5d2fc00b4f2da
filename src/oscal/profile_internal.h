// The stages of profile resolution (OSCAL profile resolution specification): the parsed profile,
// control selection per import, combination of selections, the structure of the resolved
// catalog (flat or as-is), and the modify phase.
#pragma once

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <boost/json/value.hpp>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "qx/core/result.h"
#include "qx/oscal/catalog_index.h"

namespace qx::oscal::detail {

enum class Structure { kFlat, kAsIs };
enum class Combine { kKeep, kUseFirst, kMerge };

// One select-profile-control-by-id.
struct Selector {
  std::string path;
  bool with_child_controls = false;
  std::vector<std::string> with_ids;  // with_ids[k] is at path + ".with-ids[k]"
  std::vector<std::string> patterns;
  std::vector<std::string> warnings;  // a matching without a pattern, a selector without either
};

struct ImportSpec {
  std::string path;  // "$.profile.imports[i]"
  std::string href;
  std::vector<Selector> include;  // empty = include-all (explicit or implied)
  std::vector<Selector> exclude;
};

struct ProfileSpec {
  std::string uuid;
  std::vector<ImportSpec> imports;
  Structure structure = Structure::kFlat;
  Combine combine = Combine::kKeep;
};

// Validates the whole profile document and extracts what selection and merge need.
Result<ProfileSpec> ParseProfile(const boost::json::value& document);

// Glob match of an id: '*' any run, '?' one character (a UTF-8 sequence counts as one).
bool GlobMatch(std::string_view pattern, std::string_view text);

// The controls an import selects, as flags over catalog.controls(). An id in with-ids that the
// catalog lacks is an error at its path.
Result<std::vector<bool>> SelectControls(const CatalogIndex& catalog, const ImportSpec& spec);

// A selection after combination: which controls of which catalog appear in the result.
struct Source {
  const CatalogIndex* catalog = nullptr;
  std::vector<bool> selected;
};
// Under Combine::kMerge: a later representation of a control to merge into the first one.
struct MergeExtra {
  std::string control_id;
  const boost::json::object* other = nullptr;
};

// Applies the combination rule across imports (`selections[i]` from `catalogs[i]`): keep makes a
// clash an error (a resolved catalog with clashing ids is invalid), use-first drops later
// selections of an id, merge drops them too but records them in `extras`. Under as-is, imports
// of the same catalog are folded into one source so its structure appears once.
Result<std::vector<Source>> CombineSelections(const ProfileSpec& spec,
                                              const std::vector<const CatalogIndex*>& catalogs,
                                              std::vector<std::vector<bool>> selections,
                                              std::vector<MergeExtra>& extras);

// A parameter outside the selected controls, kept only if something in the result inserts it.
struct LooseParam {
  boost::json::value param;
  int slot = 0;  // the container it returns to (see kSlotKey)
};
// A temporary member on result objects: the slot number where loose params belong. Removed
// before returning; catalog members with the prefix are never copied.
inline constexpr std::string_view kInternalPrefix = "qx-internal:";
inline constexpr std::string_view kSlotKey = "qx-internal:param-slot";

// The object carries prop name "keep", value "always" (it must not be pruned).
bool HasKeepAlways(const boost::json::object& o);

// The body of the result catalog (params/controls/groups members of `out`, slot 0 = `out`).
void BuildBody(const std::vector<Source>& sources, Structure structure, boost::json::object& out,
               std::vector<LooseParam>& loose);

// Adds the loose params that the result (after modification) inserts, transitively, those named
// in `pinned` (the set-parameters' param-ids) and those marked keep=always, to their slots;
// drops the rest; removes the temporary members; orders members as the OSCAL model does.
void PlaceLooseParams(boost::json::object& out, std::vector<LooseParam>& loose,
                      const std::set<std::string>& pinned);

// The modify phase: set-parameters (on params in `out` and in `loose`) and alters. What targets
// nothing is ignored with a warning ("PATH: message") where the specification says processing
// continues (req-modify-set-param-id-ignore, req-modify-alter-add-explicit-id-ignore).
Status ApplySetParameters(const boost::json::array& sets, const std::string& path,
                          boost::json::object& out, std::vector<LooseParam>& loose,
                          std::vector<std::string>& warnings);
Status ApplyAlters(const boost::json::array& alters, const std::string& path,
                   const std::vector<const CatalogIndex*>& catalogs, boost::json::object& out,
                   std::vector<std::string>& warnings);

// The control with `id` in the result; nullptr if absent.
boost::json::object* FindResultControl(boost::json::object& owner, std::string_view id,
                                       int depth = 0);

}  // namespace qx::oscal::detail
