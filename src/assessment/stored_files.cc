#include "qx/assessment/stored_files.h"

namespace qx::assessment {

Status StoredFiles::Remove(const std::function<Result<std::string>()>& delete_row) {
  std::lock_guard<std::mutex> lock(mu_);
  QX_ASSIGN_OR_RETURN(const std::string sha256, delete_row());
  QX_ASSIGN_OR_RETURN(const std::int64_t rows, rows_naming_(sha256));
  if (rows == 0) QX_RETURN_IF_ERROR(blobs_.Remove(sha256));
  return Ok();
}

Result<SweepReport> StoredFiles::Sweep(std::chrono::seconds min_age) {
  std::lock_guard<std::mutex> lock(mu_);
  return blobs_.Sweep(
      [&](const std::string& sha256) -> Result<bool> {
        QX_ASSIGN_OR_RETURN(const std::int64_t rows, rows_naming_(sha256));
        return rows > 0;
      },
      min_age);
}

void StoredFiles::ForgetIfUnnamed(const std::string& sha256) {
  auto rows = rows_naming_(sha256);
  if (rows && *rows == 0) (void)blobs_.Remove(sha256);
}

}  // namespace qx::assessment
