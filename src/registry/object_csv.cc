#include "qx/registry/object_csv.h"

#include <algorithm>
#include <fmt/format.h>
#include <set>

namespace qx::registry {
namespace {

std::string Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return std::string(s);
}

std::string Lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return std::tolower(c); });
  return s;
}

}  // namespace

bool CsvImportPlan::ok() const {
  return header_errors.empty() &&
         std::all_of(rows.begin(), rows.end(), [](const CsvRowOutcome& r) { return r.errors.empty(); });
}

CsvImportPlan PlanObjectImport(const CsvTable& table, const std::string& owner_sector,
                               const std::map<std::string, domain::ObjectId>& existing) {
  CsvImportPlan plan;
  if (table.records.empty()) {
    plan.header_errors.push_back("the file is empty: the first line names the columns");
    return plan;
  }
  std::map<std::string, size_t> column;
  const auto& header = table.records[0];
  for (size_t i = 0; i < header.size(); ++i) {
    const std::string name = Lower(Trim(header[i]));
    const bool known = std::find(std::begin(kObjectCsvColumns), std::end(kObjectCsvColumns), name) !=
                       std::end(kObjectCsvColumns);
    if (!known) {
      plan.header_errors.push_back(fmt::format("unknown column '{}'", name));
    } else if (!column.emplace(name, i).second) {
      plan.header_errors.push_back(fmt::format("column '{}' appears twice", name));
    }
  }
  if (!column.count("name")) plan.header_errors.push_back("the column 'name' is required");
  if (!plan.header_errors.empty()) return plan;

  auto cell = [&](const std::vector<std::string>& rec, const char* name) -> std::string {
    auto it = column.find(name);
    return it != column.end() && it->second < rec.size() ? Trim(rec[it->second]) : "";
  };
  std::set<std::string> names_in_file;
  for (size_t r = 1; r < table.records.size(); ++r) {
    const auto& rec = table.records[r];
    CsvRowOutcome row;
    row.line = table.line_of[r];
    if (rec.size() > header.size()) {
      row.errors.push_back(fmt::format("{} fields, the header has {}", rec.size(), header.size()));
    }
    domain::CiiObject o;
    o.name = cell(rec, "name");
    o.sector = cell(rec, "sector");
    if (o.sector.empty()) o.sector = owner_sector;
    const std::string kind = cell(rec, "kind");
    if (kind.empty()) {
      o.kind = domain::ObjectKind::kIt;
    } else if (auto k = domain::ParseObjectKind(Lower(kind))) {
      o.kind = *k;
    } else {
      row.errors.push_back("kind must be it or ot");
    }
    o.description = cell(rec, "description");
    o.location = cell(rec, "location");
    o.responsible_person = cell(rec, "responsible_person");
    if (auto valid = domain::ValidateObject(o); !valid) row.errors.push_back(valid.error().message);
    if (!o.name.empty()) {
      if (existing.count(o.name)) {
        row.errors.push_back(fmt::format("an object named '{}' is already registered", o.name));
      } else if (!names_in_file.insert(o.name).second) {
        row.errors.push_back(fmt::format("the name '{}' appears on an earlier row", o.name));
      }
    }
    const std::string deps = cell(rec, "depends_on");
    size_t start = 0;
    while (start <= deps.size() && !deps.empty()) {
      const size_t end = std::min(deps.find(';', start), deps.size());
      const std::string name = Trim(std::string_view(deps).substr(start, end - start));
      if (!name.empty()) {
        if (name == o.name) {
          row.errors.push_back("an object cannot depend on itself");
        } else if (std::find(row.depends_on_names.begin(), row.depends_on_names.end(), name) ==
                   row.depends_on_names.end()) {
          row.depends_on_names.push_back(name);
        }
      }
      start = end + 1;
    }
    plan.rows.push_back(std::move(row));
    plan.rows.back().object = std::move(o);
  }
  // Dependencies: registered objects, or rows of this file.
  for (auto& row : plan.rows) {
    for (const auto& name : row.depends_on_names) {
      if (!existing.count(name) && !names_in_file.count(name)) {
        row.errors.push_back(fmt::format("depends on '{}', which is neither registered nor in the file", name));
      }
    }
    if (!row.errors.empty()) row.object.reset();
  }
  if (plan.rows.empty()) plan.header_errors.push_back("the file has no rows below the header");
  return plan;
}

}  // namespace qx::registry
