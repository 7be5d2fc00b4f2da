// Uploaded files whose bytes sit in a content-addressed BlobStore and whose metadata are database
// rows naming them by SHA-256 (assessment evidence, incident attachments). The order is always:
// bytes stored, then the row; row removed, then the bytes no row names any more. A crash between
// the two leaves at most bytes no row names, which Sweep removes.
//
// Bytes are only ever removed by one rule: no row names them and they are older than the guard.
// With a shared directory (PostgreSQL, several replicas) another process may have stored the same
// bytes (same content, same name) and be about to write the row naming them; Put makes them
// young again, and the guard keeps them until that row is written. So after a failed row or a
// deleted one, young bytes are left to the sweep. A guard of 0 is for a directory only this
// process writes (SQLite), where the mutex alone orders uploads and removals: `qalxan serve` holds
// an exclusive lock on such a directory (src/app/serve_lock.h), so a second server on it is
// refused rather than left to sweep this one's uploads in flight.
//
// The sweep runs while the server serves (periodically, not only at start-up), so it does not hold
// the mutex for its walk of the directory: the walk is only a listing of candidates, and each
// blob is decided on its own, under the mutex, by the same step as Remove ("does a row name them?
// then remove them if older than the guard"). That is safe against this process because Add
// holds the mutex from Put until its row is committed, and Remove from deleting the row until
// its bytes are decided: a blob's decision sees either no upload of those bytes in flight here or
// a committed row, never the gap between. A blob listed and then named, removed or stored again
// before its turn is simply decided on what holds at its turn. Partial uploads are removed under
// the mutex too, so that with a guard of 0 an upload of this process is never writing one. Against
// other replicas the mutex means nothing and the guard alone protects, as before: their Put makes
// the bytes young before their row is written, and the age is asked at the removal itself (so
// only a Put landing between FileBlobStore::Remove's age check and its unlink, a window of one
// system call, is not covered: as before this change, and at start-up too).
//
// The snapshot: before its walk, the sweep reads once which digests the rows name (AllNamed, one
// query of the caller's table: SELECT DISTINCT sha256), without the mutex, and a listed blob the
// snapshot names is kept without a question. Keeping is always safe: a snapshot can only spare
// bytes, never remove them, and a row deleted after it has its bytes decided by Remove (or left
// to the next sweep, as a young or failed removal always was). A blob the snapshot does not name
// is decided exactly as above, under the mutex by RemoveIfUnnamed (the per-blob count and the
// age asked at the removal), because a row may have been written after the snapshot: by this
// process (Add's row is committed before the mutex is released) or by another replica (its Put
// made the bytes young). So the snapshot saves a query for every named blob, nearly all of them
// in a sweep; it costs one query and 32 bytes per distinct named digest for the sweep's length
// (NamedDigests).
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <mutex>
#include <string>
#include <string_view>

#include "qx/assessment/blob_store.h"
#include "qx/assessment/named_digests.h"
#include "qx/core/result.h"

namespace qx::assessment {

// The age guard of a directory shared by replicas (PostgreSQL): how long another replica may take
// between storing bytes and committing the row that names them.
inline constexpr std::chrono::seconds kSharedDirectoryGuard = std::chrono::minutes(10);

class StoredFiles {
 public:
  // How many rows name the bytes with this SHA-256 (the caller's table, in its own transaction).
  using RowsNaming = std::function<Result<std::int64_t>(const std::string& sha256)>;
  // Passes every digest the caller's rows name to `add` (each at least once), in one read of its
  // table: the sweep's snapshot (see above).
  using AllNamed = std::function<Status(const std::function<void(const std::string& sha256)>& add)>;

  StoredFiles(BlobStore& blobs, std::chrono::seconds guard, RowsNaming rows_naming, AllNamed all_named)
      : blobs_(blobs), guard_(guard), rows_naming_(std::move(rows_naming)), all_named_(std::move(all_named)) {}

  // Stores content, then runs write_row(sha256), the row's transaction, and answers its result.
  // When write_row fails, the bytes go by the rule above: with a guard they stay for the sweep
  // (Put has just made them young), so only an unguarded store asks whether a row names them.
  template <typename WriteRow>
  auto Add(std::string_view content, WriteRow&& write_row) -> decltype(write_row(std::string())) {
    std::lock_guard<std::mutex> lock(mu_);
    QX_ASSIGN_OR_RETURN(const std::string sha256, blobs_.Put(content));
    auto written = write_row(sha256);
    if (!written && guard_ == std::chrono::seconds(0)) (void)RemoveIfUnnamed(sha256);  // best effort
    return written;
  }

  // Runs delete_row, the row's transaction answering the SHA-256 it named, then removes those
  // bytes by the rule above. Only delete_row's error is answered: once the row is gone, bytes
  // that cannot be removed are left to the sweep.
  Status Remove(const std::function<Result<std::string>()>& delete_row);

  Result<std::string> Read(const std::string& sha256) { return blobs_.Get(sha256); }

  // Removes partial uploads and bytes no row names, when older than the guard, taking the mutex
  // for one blob at a time (see above): uploads and removals go on during the sweep. Blobs the
  // snapshot names are kept without a question; a failed snapshot fails the sweep. Once stop()
  // answers true (asked before each entry of either directory walk, young files and other names
  // included: BlobStore) it ends early with what it removed so far, so that a server shutting
  // down need not wait for the walk of a large directory.
  Result<SweepReport> Sweep(const std::function<bool()>& stop = {});

 private:
  // Under mu_: removes the bytes when no row names them and they are older than the guard; true
  // when this call removed them.
  Result<bool> RemoveIfUnnamed(const std::string& sha256);

  BlobStore& blobs_;
  std::chrono::seconds guard_;
  RowsNaming rows_naming_;
  AllNamed all_named_;
  // Orders "store bytes, write row" against "delete row, remove unnamed bytes" in this process.
  std::mutex mu_;
};

}  // namespace qx::assessment
