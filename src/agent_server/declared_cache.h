// The requirements each rule of an issued policy serves, kept per policy: issued policies never
// change, so a results upload need not parse its policy's YAML again. Pure logic (the map is
// computed by the caller); bounded, least recently used dropped first; thread-safe.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <list>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>

#include "bundle_results.h"

namespace qx::agent_server {

class DeclaredCache {
 public:
  using Compute = std::function<Result<DeclaredRequirements>()>;

  // capacity: how many policies are kept (0 keeps none: every call computes).
  explicit DeclaredCache(std::size_t capacity) : capacity_(capacity) {}

  // The map of policy `id`, whose document has digest `sha256`: the kept one when both match,
  // else compute()'s, kept when it succeeds (an error is returned and not kept). The digest
  // guards against a row that is not the one kept under its id (a database restored or
  // replaced under a running server). compute runs outside the cache's lock (and the service
  // calls it outside any write transaction), so a slow parse holds up no other upload; two
  // callers missing at once may both compute, and the map is the same.
  Result<std::shared_ptr<const DeclaredRequirements>> Get(std::int64_t id,
                                                          const std::string& sha256,
                                                          const Compute& compute);

  std::size_t size() const;

 private:
  struct Entry {
    std::int64_t id = 0;
    std::string sha256;
    std::shared_ptr<const DeclaredRequirements> declared;
  };

  const std::size_t capacity_;
  mutable std::mutex mu_;
  std::list<Entry> lru_;  // most recently used first
  std::unordered_map<std::int64_t, std::list<Entry>::iterator> by_id_;
};

}  // namespace qx::agent_server
