// Bulk registration of CII objects from CSV: validation of each record of a parsed file
// (qx/core/csv.h) into an object with a per-row error report. Pure; the service resolves names
// and writes.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "qx/core/csv.h"
#include "qx/core/result.h"
#include "qx/domain/registry.h"

namespace qx::registry {

// The columns of an object import; the header names them in any order. Only name is required;
// sector defaults to the owner's, kind to "it". depends_on lists object names separated by ';'
// (objects already registered by the owner, or other rows of the same file).
inline constexpr std::string_view kObjectCsvColumns[] = {
    "name", "sector", "kind", "description", "location", "responsible_person", "depends_on"};

struct CsvRowOutcome {
  int line = 0;  // the row's line in the file
  std::optional<domain::CiiObject> object;      // set when the row is valid (depends_on empty)
  std::vector<std::string> depends_on_names;    // resolved by the caller
  std::vector<std::string> errors;              // empty when valid
};

struct CsvImportPlan {
  std::vector<std::string> header_errors;  // unknown or missing columns: nothing is imported
  std::vector<CsvRowOutcome> rows;
  bool ok() const;
};

// Validates every row; existing maps the owner's registered object names to their ids (a name
// already registered is an error; a dependency may name one). Dependencies on names neither
// registered nor in the file are errors, as are duplicate names within the file.
CsvImportPlan PlanObjectImport(const CsvTable& table, const std::string& owner_sector,
                               const std::map<std::string, domain::ObjectId>& existing);

}  // namespace qx::registry
