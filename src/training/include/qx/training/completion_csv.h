// Training completions from CSV: each record of a parsed file (qx/core/csv.h) checked against the
// organisation's staff and courses, with a report naming the row, column and problem. Pure; the
// service loads the directory and writes.
#pragma once

#include <cstdint>
#include <map>
#include <set>
#include <string>
#include <string_view>
#include <tuple>
#include <vector>

#include "qx/core/calendar.h"
#include "qx/core/csv.h"

namespace qx::training {

// The header names columns in any order (case-insensitive). Staff by staff_id, staff_ref or
// staff_email (at least one column); the course by course_id or course (its title); completed_on
// as YYYY-MM-DD, not after today. When a row fills several columns for the same thing they must
// agree.
inline constexpr std::string_view kCompletionCsvColumns[] = {
    "staff_id", "staff_ref", "staff_email", "course_id", "course", "completed_on"};

inline constexpr std::size_t kMaxCompletionCsvRows = 10000;
inline constexpr std::size_t kMaxCompletionCsvBytes = std::size_t{2} << 20;

// What the organisation has, to resolve a row's names to ids.
struct CompletionDirectory {
  std::set<std::int64_t> staff_ids;
  std::map<std::string, std::int64_t> staff_by_ref;
  std::map<std::string, std::vector<std::int64_t>> staff_by_email;  // lower-cased address
  std::set<std::int64_t> course_ids;
  std::map<std::string, std::int64_t> course_by_title;  // case-folded title
  // (staff, course, day) already recorded: a row repeating one is a duplicate, not an error.
  std::set<std::tuple<std::int64_t, std::int64_t, Days>> recorded;
};

struct CsvCompletion {
  int row = 0;  // 1 = the first row under the header
  std::int64_t staff_id = 0;
  std::int64_t course_id = 0;
  Days completed_on = 0;
};

struct CompletionCsvError {
  int row = 0;   // 0: the header
  int line = 0;  // the line of the file the row starts on
  std::string column;  // empty when the problem is the row as a whole
  std::string message;
};

struct CompletionCsvPlan {
  int rows = 0;        // data rows read
  int duplicates = 0;  // rows already recorded, or repeating an earlier row of the file
  std::vector<CsvCompletion> completions;  // the rows to write, in file order
  std::vector<CompletionCsvError> errors;  // nothing may be written unless empty
  bool ok() const { return errors.empty(); }
};

// Checks every row (all errors are reported, not only the first). today bounds completed_on.
CompletionCsvPlan PlanCompletionImport(const CsvTable& table, const CompletionDirectory& dir, Days today);

}  // namespace qx::training
