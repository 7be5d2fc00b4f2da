// Fuzzes the CSV bulk imports with untrusted bytes: the shared RFC 4180 reader, then the
// training completions plan (against a small directory) and the registry's object plan.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "qx/core/csv.h"
#include "qx/registry/object_csv.h"
#include "qx/training/completion_csv.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  auto table = qx::ParseCsv(input, 10001);
  if (!table) return 0;
  qx::training::CompletionDirectory dir;
  dir.staff_ids = {1, 2};
  dir.staff_by_ref = {{"E1", 1}, {"E2", 2}};
  dir.staff_by_email = {{"a@b.az", {1}}, {"shared@b.az", {1, 2}}};
  dir.course_ids = {10};
  dir.course_by_title = {{"induction", 10}};
  dir.recorded.emplace(1, 10, 20000);
  (void)qx::training::PlanCompletionImport(*table, dir, 20500);
  (void)qx::registry::PlanObjectImport(*table, "energy", {{"Plant", 1}});
  return 0;
}
