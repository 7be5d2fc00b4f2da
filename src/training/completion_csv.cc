#include "qx/training/completion_csv.h"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <fmt/format.h>
#include <optional>

#include "qx/core/text.h"

namespace qx::training {
namespace {

std::string Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return std::string(s);
}

std::string LowerAscii(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(),
                 [](unsigned char c) { return c < 0x80 ? std::tolower(c) : c; });
  return s;
}

// A positive decimal id and nothing else ("12", not "12abc", "+12" or "1e3").
std::optional<std::int64_t> ParseId(std::string_view s) {
  std::int64_t v = 0;
  auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc() || end != s.data() + s.size() || v <= 0) return std::nullopt;
  return v;
}

class RowChecker {
 public:
  RowChecker(CompletionCsvPlan& plan, int row, int line) : plan_(plan), row_(row), line_(line) {}

  void Fail(std::string column, std::string message) {
    plan_.errors.push_back({row_, line_, std::move(column), std::move(message)});
    failed_ = true;
  }
  bool failed() const { return failed_; }

  // Several columns may name the same staff member or course: each filled one must resolve, and
  // all to the same id. what: "staff member" or "course".
  void Agree(std::optional<std::int64_t>& chosen, const std::string& chosen_column, std::int64_t id,
             const std::string& column, std::string_view what) {
    if (chosen && *chosen != id) {
      Fail(column, fmt::format("names another {} than {}", what, chosen_column));
    } else {
      chosen = id;
    }
  }

 private:
  CompletionCsvPlan& plan_;
  int row_;
  int line_;
  bool failed_ = false;
};

}  // namespace

CompletionCsvPlan PlanCompletionImport(const CsvTable& table, const CompletionDirectory& dir, Days today) {
  CompletionCsvPlan plan;
  auto header_error = [&](std::string column, std::string message) {
    plan.errors.push_back({0, table.line_of.empty() ? 1 : table.line_of[0], std::move(column), std::move(message)});
  };
  if (table.records.empty()) {
    header_error("", "the file is empty: the first line names the columns");
    return plan;
  }
  std::map<std::string, std::size_t> column;
  const auto& header = table.records[0];
  for (std::size_t i = 0; i < header.size(); ++i) {
    const std::string name = LowerAscii(Trim(header[i]));
    const bool known = std::find(std::begin(kCompletionCsvColumns), std::end(kCompletionCsvColumns), name) !=
                       std::end(kCompletionCsvColumns);
    if (!known) {
      header_error(name, fmt::format("unknown column '{}'", name));
    } else if (!column.emplace(name, i).second) {
      header_error(name, fmt::format("column '{}' appears twice", name));
    }
  }
  if (!column.count("staff_id") && !column.count("staff_ref") && !column.count("staff_email")) {
    header_error("staff_ref", "a column naming the staff member is required: staff_id, staff_ref or staff_email");
  }
  if (!column.count("course_id") && !column.count("course")) {
    header_error("course", "a column naming the course is required: course_id or course");
  }
  if (!column.count("completed_on")) header_error("completed_on", "the column 'completed_on' is required");
  if (!plan.errors.empty()) return plan;
  if (table.records.size() == 1) {
    header_error("", "the file has no rows below the header");
    return plan;
  }

  auto cell = [&](const std::vector<std::string>& rec, const std::string& name) -> std::string {
    auto it = column.find(name);
    return it != column.end() && it->second < rec.size() ? Trim(rec[it->second]) : "";
  };
  std::set<std::tuple<std::int64_t, std::int64_t, Days>> in_file;
  for (std::size_t r = 1; r < table.records.size(); ++r) {
    const auto& rec = table.records[r];
    const int row = static_cast<int>(r);
    ++plan.rows;
    RowChecker check(plan, row, table.line_of[r]);
    if (rec.size() > header.size()) {
      check.Fail("", fmt::format("{} fields, the header has {}", rec.size(), header.size()));
    }

    std::optional<std::int64_t> staff;
    std::string staff_column;
    auto staff_found = [&](std::int64_t id, const std::string& col) {
      check.Agree(staff, staff_column, id, col, "staff member");
      if (staff_column.empty()) staff_column = col;
    };
    if (const std::string v = cell(rec, "staff_id"); !v.empty()) {
      const auto id = ParseId(v);
      if (!id) {
        check.Fail("staff_id", fmt::format("'{}' is not an id", v));
      } else if (!dir.staff_ids.count(*id)) {
        check.Fail("staff_id", fmt::format("no staff member {} in this organisation", *id));
      } else {
        staff_found(*id, "staff_id");
      }
    }
    if (const std::string v = cell(rec, "staff_ref"); !v.empty()) {
      auto it = dir.staff_by_ref.find(v);
      if (it == dir.staff_by_ref.end()) {
        check.Fail("staff_ref", fmt::format("no staff member with staff_ref '{}'", v));
      } else {
        staff_found(it->second, "staff_ref");
      }
    }
    if (const std::string v = cell(rec, "staff_email"); !v.empty()) {
      auto it = dir.staff_by_email.find(LowerAscii(v));
      if (it == dir.staff_by_email.end() || it->second.empty()) {
        check.Fail("staff_email", fmt::format("no staff member with e-mail '{}'", v));
      } else if (it->second.size() > 1) {
        check.Fail("staff_email", fmt::format("{} staff members have the e-mail '{}': use staff_ref", it->second.size(), v));
      } else {
        staff_found(it->second.front(), "staff_email");
      }
    }
    if (!staff && !check.failed()) check.Fail("staff_ref", "the staff member is missing");

    std::optional<std::int64_t> course;
    std::string course_column;
    if (const std::string v = cell(rec, "course_id"); !v.empty()) {
      const auto id = ParseId(v);
      if (!id) {
        check.Fail("course_id", fmt::format("'{}' is not an id", v));
      } else if (!dir.course_ids.count(*id)) {
        check.Fail("course_id", fmt::format("no course {} in this organisation", *id));
      } else {
        course = *id;
        course_column = "course_id";
      }
    }
    if (const std::string v = cell(rec, "course"); !v.empty()) {
      auto it = dir.course_by_title.find(FoldCase(v));
      if (it == dir.course_by_title.end()) {
        check.Fail("course", fmt::format("no course titled '{}'", v));
      } else {
        check.Agree(course, course_column, it->second, "course", "course");
      }
    }
    if (!course && !check.failed()) check.Fail("course", "the course is missing");

    std::optional<Days> day;
    if (const std::string v = cell(rec, "completed_on"); v.empty()) {
      check.Fail("completed_on", "the date is missing");
    } else if (auto parsed = ParseDate(v); !parsed) {
      check.Fail("completed_on", fmt::format("'{}' is not a date written YYYY-MM-DD", v));
    } else if (*parsed > today) {
      check.Fail("completed_on", fmt::format("{} is in the future", v));
    } else {
      day = *parsed;
    }

    if (check.failed() || !staff || !course || !day) continue;
    const auto key = std::make_tuple(*staff, *course, *day);
    if (dir.recorded.count(key) || !in_file.insert(key).second) {
      ++plan.duplicates;
      continue;
    }
    plan.completions.push_back({row, *staff, *course, *day});
  }
  return plan;
}

}  // namespace qx::training
