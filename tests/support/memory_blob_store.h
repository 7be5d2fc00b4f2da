// A BlobStore in memory for service tests, honouring the real store's contract: ForEachBlob and
// Remove take only what is at least min_age old, by a clock the test moves (`now`), and Put makes
// stored bytes young again, so that the guard that protects uploads in flight is tested and not
// assumed. Put can fail or run a hook after storing; Remove can run a hook before deciding and
// one on each removal (under the store's lock); ForEachBlob one before it lists.
// Thread-safe through its methods (the concurrent sweep tests); `blobs` and `now` are read and set
// directly only while no other thread uses the store.
#pragma once

#include <chrono>
#include <functional>
#include <map>
#include <mutex>
#include <string>
#include <vector>

#include "qx/assessment/blob_store.h"
#include "qx/crypto/digest.h"

namespace qx::testing {

class MemoryBlobStore final : public assessment::BlobStore {
 public:
  struct Blob {
    std::string bytes;
    std::chrono::seconds written{0};  // on the store's clock, `now`
  };

  Result<std::string> Put(std::string_view content) override {
    if (fail_put) return MakeError(ErrorCode::kUnavailable, "disk full");
    const std::string digest = crypto::Sha256Hex(content);
    {
      std::lock_guard<std::mutex> lock(mu_);
      auto [it, added] = blobs.try_emplace(digest, Blob{std::string(content), now});
      if (!added) it->second.written = now;  // stored bytes stored again are young again
    }
    if (after_put) after_put();
    return digest;
  }
  Result<std::string> Get(const std::string& sha256) override {
    std::lock_guard<std::mutex> lock(mu_);
    auto it = blobs.find(sha256);
    if (it == blobs.end()) return MakeError(ErrorCode::kNotFound, "no such blob");
    return it->second.bytes;
  }
  Result<assessment::Removal> Remove(const std::string& sha256,
                                     std::chrono::seconds min_age) override {
    if (before_remove) before_remove();
    std::lock_guard<std::mutex> lock(mu_);
    auto it = blobs.find(sha256);
    if (it == blobs.end()) return assessment::Removal::kAbsent;
    if (now - it->second.written < min_age) return assessment::Removal::kTooYoung;
    ++removed;
    blobs.erase(it);
    if (on_remove) on_remove(sha256);  // under the store's lock: nothing is stored meanwhile
    return assessment::Removal::kRemoved;
  }
  Result<int> RemovePartial(std::chrono::seconds, const assessment::StopWalk& = {}) override {
    return 0;  // Put is never partial
  }
  // Asks stop before every blob, young ones included, as the real walk does before every entry.
  Status ForEachBlob(std::chrono::seconds min_age, const std::function<Status(const std::string&)>& visit,
                     const assessment::StopWalk& stop = {}) override {
    if (before_walk) before_walk();
    std::vector<std::pair<std::string, bool>> listed;  // {digest, old}, listed first: visit may Remove or Put
    {
      std::lock_guard<std::mutex> lock(mu_);
      for (const auto& [digest, blob] : blobs) listed.emplace_back(digest, now - blob.written >= min_age);
    }
    for (const auto& [digest, old] : listed) {
      if (stop && stop()) return Ok();
      if (old) QX_RETURN_IF_ERROR(visit(digest));
    }
    return Ok();
  }

  // Bytes stored behind the service's back (what a crash between bytes and row leaves).
  std::string Leave(const std::string& bytes) {
    const std::string digest = crypto::Sha256Hex(bytes);
    std::lock_guard<std::mutex> lock(mu_);
    blobs[digest] = Blob{bytes, now};
    return digest;
  }
  bool Has(const std::string& digest) const {
    std::lock_guard<std::mutex> lock(mu_);
    return blobs.count(digest) > 0;
  }
  void Advance(std::chrono::seconds by) {
    std::lock_guard<std::mutex> lock(mu_);
    now += by;
  }

  std::map<std::string, Blob> blobs;
  std::chrono::seconds now{0};
  bool fail_put = false;
  std::function<void()> after_put;
  std::function<void()> before_remove;
  std::function<void()> before_walk;
  std::function<void(const std::string& sha256)> on_remove;
  int removed = 0;

 private:
  mutable std::mutex mu_;
};

}  // namespace qx::testing
