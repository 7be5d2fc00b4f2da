// Uploaded files whose bytes sit in a content-addressed BlobStore and whose metadata are database
// rows naming them by SHA-256 (assessment evidence, incident attachments). The order is always:
// bytes stored, then the row; row removed, then the bytes no row names any more. A crash between
// the two leaves at most bytes no row names, which Sweep removes.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <mutex>
#include <string>
#include <string_view>

#include "qx/assessment/blob_store.h"
#include "qx/core/result.h"

namespace qx::assessment {

class StoredFiles {
 public:
  // How many rows name the bytes with this SHA-256 (the caller's table, in its own transaction).
  using RowsNaming = std::function<Result<std::int64_t>(const std::string& sha256)>;

  StoredFiles(BlobStore& blobs, RowsNaming rows_naming)
      : blobs_(blobs), rows_naming_(std::move(rows_naming)) {}

  // Stores content, then runs write_row(sha256), the row's transaction, and answers its result.
  // When write_row fails, the bytes go again unless a row names them.
  template <typename WriteRow>
  auto Add(std::string_view content, WriteRow&& write_row) -> decltype(write_row(std::string())) {
    std::lock_guard<std::mutex> lock(mu_);
    QX_ASSIGN_OR_RETURN(const std::string sha256, blobs_.Put(content));
    auto written = write_row(sha256);
    if (!written) ForgetIfUnnamed(sha256);
    return written;
  }

  // Runs delete_row, the row's transaction answering the SHA-256 it named, then removes those
  // bytes when no row names them any more.
  Status Remove(const std::function<Result<std::string>()>& delete_row);

  Result<std::string> Read(const std::string& sha256) { return blobs_.Get(sha256); }

  // Removes partial uploads and bytes no row names, when older than min_age.
  Result<SweepReport> Sweep(std::chrono::seconds min_age);

 private:
  // Best effort: what is left behind is the sweep's.
  void ForgetIfUnnamed(const std::string& sha256);

  BlobStore& blobs_;
  RowsNaming rows_naming_;
  // Orders "store bytes, write row" against "delete row, remove unnamed bytes" in this process.
  std::mutex mu_;
};

}  // namespace qx::assessment
