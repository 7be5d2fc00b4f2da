// A BlobStore in memory for service tests, honouring the real store's contract: Sweep and Remove
// take only what is at least min_age old, by a clock the test moves (`now`), and Put makes stored
// bytes young again, so that the guard that protects uploads in flight is tested and not assumed.
// Put can fail or run a hook after storing.
#pragma once

#include <chrono>
#include <functional>
#include <map>
#include <string>

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
    auto [it, added] = blobs.try_emplace(digest, Blob{std::string(content), now});
    if (!added) it->second.written = now;  // stored bytes stored again are young again
    if (after_put) after_put();
    return digest;
  }
  Result<std::string> Get(const std::string& sha256) override {
    auto it = blobs.find(sha256);
    if (it == blobs.end()) return MakeError(ErrorCode::kNotFound, "no such blob");
    return it->second.bytes;
  }
  Result<bool> Remove(const std::string& sha256, std::chrono::seconds min_age) override {
    auto it = blobs.find(sha256);
    if (it == blobs.end()) return true;
    if (now - it->second.written < min_age) return false;
    ++removed;
    blobs.erase(it);
    return true;
  }
  Result<assessment::SweepReport> Sweep(const std::function<Result<bool>(const std::string&)>& referenced,
                                        std::chrono::seconds min_age) override {
    assessment::SweepReport report;
    for (auto it = blobs.begin(); it != blobs.end();) {
      if (now - it->second.written < min_age) {
        ++it;
        continue;
      }
      QX_ASSIGN_OR_RETURN(const bool used, referenced(it->first));
      if (used) {
        ++it;
      } else {
        it = blobs.erase(it);
        ++report.blobs_removed;
      }
    }
    return report;
  }

  // Bytes stored behind the service's back (what a crash between bytes and row leaves).
  std::string Leave(const std::string& bytes) {
    const std::string digest = crypto::Sha256Hex(bytes);
    blobs[digest] = Blob{bytes, now};
    return digest;
  }
  bool Has(const std::string& digest) const { return blobs.count(digest) > 0; }

  std::map<std::string, Blob> blobs;
  std::chrono::seconds now{0};
  bool fail_put = false;
  std::function<void()> after_put;
  int removed = 0;
};

}  // namespace qx::testing
