// Content-addressed storage of evidence files: a blob is named by the SHA-256 of its bytes. The
// port the assessment service writes through; FileBlobStore keeps blobs under a directory.
#pragma once

#include <chrono>
#include <functional>
#include <memory>
#include <string>
#include <string_view>

#include "qx/core/result.h"

namespace qx::assessment {

// What Remove did: removed the blob, found none, or kept it as younger than min_age.
enum class Removal { kRemoved, kAbsent, kTooYoung };

struct SweepReport {
  int temp_removed = 0;   // partial uploads left by a crash
  int blobs_removed = 0;  // blobs no row names
};

// Asked during a walk of the store: true once the walk should end (the server is stopping).
using StopWalk = std::function<bool()>;

class BlobStore {
 public:
  virtual ~BlobStore() = default;
  // Stores content durably and returns its SHA-256 (64 lowercase hex). Storing the same bytes
  // twice keeps one blob, made young again: the age guard of Remove and ForEachBlob then protects bytes
  // an upload is about to name, even when they were stored long ago. Nothing is left behind on
  // failure.
  virtual Result<std::string> Put(std::string_view content) = 0;
  // kNotFound when there is no such blob; kInternal when the bytes no longer match their name.
  virtual Result<std::string> Get(const std::string& sha256) = 0;
  // Removes the blob when it is at least min_age old (stored or Put again that long ago).
  virtual Result<Removal> Remove(const std::string& sha256, std::chrono::seconds min_age) = 0;
  // Removes partial uploads (what a crash mid-Put leaves) at least min_age old, so that an upload
  // in flight in another process is left alone; answers how many went. Both walks below ask stop
  // (when given) before each entry of the directory, whatever the entry (young, not a blob, a
  // sub-directory), and once it answers true end at once, without an error: a server shutting
  // down does not wait for the walk of a large directory, even one of files all too young to go.
  virtual Result<int> RemovePartial(std::chrono::seconds min_age, const StopWalk& stop = {}) = 0;
  // Calls visit with the SHA-256 of every blob at least min_age old, stopping at its first error
  // (answered) or once stop() answers true (Ok). Only a listing: visit decides (and may Remove, or
  // Put); a blob stored or removed meanwhile may or may not be visited.
  virtual Status ForEachBlob(std::chrono::seconds min_age,
                             const std::function<Status(const std::string& sha256)>& visit,
                             const StopWalk& stop = {}) = 0;
};

// Blobs at <dir>/objects/<first two hex>/<hex>; uploads are written to <dir>/tmp, fsynced, then
// renamed into place (and the directory fsynced), so a blob is either whole or absent.
class FileBlobStore final : public BlobStore {
 public:
  // Creates the directories (mode 0700) when missing.
  static Result<std::unique_ptr<FileBlobStore>> Open(const std::string& dir);

  Result<std::string> Put(std::string_view content) override;
  Result<std::string> Get(const std::string& sha256) override;
  Result<Removal> Remove(const std::string& sha256, std::chrono::seconds min_age) override;
  Result<int> RemovePartial(std::chrono::seconds min_age, const StopWalk& stop = {}) override;
  Status ForEachBlob(std::chrono::seconds min_age,
                     const std::function<Status(const std::string& sha256)>& visit,
                     const StopWalk& stop = {}) override;

  std::string PathOf(const std::string& sha256) const;
  const std::string& dir() const { return dir_; }

 private:
  explicit FileBlobStore(std::string dir) : dir_(std::move(dir)) {}
  std::string dir_;
};

}  // namespace qx::assessment
