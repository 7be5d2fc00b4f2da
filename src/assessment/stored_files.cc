#include "qx/assessment/stored_files.h"

namespace qx::assessment {

Status StoredFiles::Remove(const std::function<Result<std::string>()>& delete_row) {
  std::lock_guard<std::mutex> lock(mu_);
  QX_ASSIGN_OR_RETURN(const std::string sha256, delete_row());
  // The row is gone and audited: bytes that cannot be removed now (a failed count, a failed
  // unlink) are the sweep's, not an error answered for a delete that happened.
  (void)RemoveIfUnnamed(sha256);
  return Ok();
}

Result<SweepReport> StoredFiles::Sweep(const std::function<bool()>& stop) {
  SweepReport report;
  {
    std::lock_guard<std::mutex> lock(mu_);
    QX_ASSIGN_OR_RETURN(report.temp_removed, blobs_.RemovePartial(guard_, stop));
  }
  // The snapshot and the listing go without the mutex; a blob the snapshot names is kept, any
  // other is decided under the mutex (see the header). A stopped walk answers Ok: what it removed
  // so far is the report.
  NamedDigests named;
  QX_RETURN_IF_ERROR(all_named_([&](const std::string& sha256) { named.Add(sha256); }));
  named.Seal();
  QX_RETURN_IF_ERROR(blobs_.ForEachBlob(
      guard_,
      [&](const std::string& sha256) -> Status {
        if (named.Contains(sha256)) return Ok();
        std::lock_guard<std::mutex> lock(mu_);
        QX_ASSIGN_OR_RETURN(const bool removed, RemoveIfUnnamed(sha256));
        report.blobs_removed += removed;
        return Ok();
      },
      stop));
  return report;
}

Result<bool> StoredFiles::RemoveIfUnnamed(const std::string& sha256) {
  QX_ASSIGN_OR_RETURN(const std::int64_t rows, rows_naming_(sha256));
  if (rows > 0) return false;
  QX_ASSIGN_OR_RETURN(const Removal removal, blobs_.Remove(sha256, guard_));
  return removal == Removal::kRemoved;
}

}  // namespace qx::assessment
