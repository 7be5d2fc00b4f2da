// The difference between two versions of a catalog (or two resolved profiles): which requirements
// were added, removed or changed, and in which fields — what an operator must newly comply with.
#pragma once

#include <string>
#include <vector>

#include "qx/oscal/catalog_index.h"

namespace qx::oscal {

struct ControlChange {
  std::string id;
  // Changed fields among: "title", "class", "params", "parts", "props", "links", "applicability",
  // "place" (moved to another group or parent). Sorted, unique.
  std::vector<std::string> fields;
};

struct CatalogDiff {
  std::vector<std::string> added;      // in `to` document order
  std::vector<std::string> removed;    // in `from` document order
  std::vector<ControlChange> changed;  // in `to` document order
  bool empty() const { return added.empty() && removed.empty() && changed.empty(); }
};

// Controls are matched by id. "params", "parts", "props" and "links" compare the members' canonical
// JSON; "applicability" the parsed Qalxan props; "place" the group path and parent control (an
// order change inside the same group is no change). Child controls are compared on their own.
CatalogDiff Diff(const CatalogIndex& from, const CatalogIndex& to);

}  // namespace qx::oscal
