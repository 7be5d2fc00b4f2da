#include "qx/assessment/stored_files.h"

namespace qx::assessment {

Status StoredFiles::Remove(const std::function<Result<std::string>()>& delete_row) {
  std::lock_guard<std::mutex> lock(mu_);
  QX_ASSIGN_OR_RETURN(const std::string sha256, delete_row());
  return RemoveIfUnnamed(sha256);
}

Result<SweepReport> StoredFiles::Sweep() {
  std::lock_guard<std::mutex> lock(mu_);
  return blobs_.Sweep(
      [&](const std::string& sha256) -> Result<bool> {
        QX_ASSIGN_OR_RETURN(const std::int64_t rows, rows_naming_(sha256));
        return rows > 0;
      },
      guard_);
}

Status StoredFiles::RemoveIfUnnamed(const std::string& sha256) {
  QX_ASSIGN_OR_RETURN(const std::int64_t rows, rows_naming_(sha256));
  if (rows > 0) return Ok();
  return blobs_.Remove(sha256, guard_).map([](bool) {});
}

}  // namespace qx::assessment
