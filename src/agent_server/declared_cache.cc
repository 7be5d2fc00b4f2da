#include "declared_cache.h"

namespace qx::agent_server {

Result<std::shared_ptr<const DeclaredRequirements>> DeclaredCache::Get(std::int64_t id,
                                                                       const std::string& sha256,
                                                                       const Compute& compute) {
  {
    std::lock_guard lock(mu_);
    if (auto it = by_id_.find(id); it != by_id_.end() && it->second->sha256 == sha256) {
      lru_.splice(lru_.begin(), lru_, it->second);
      return it->second->declared;
    }
  }
  QX_ASSIGN_OR_RETURN(DeclaredRequirements computed, compute());
  auto declared = std::make_shared<const DeclaredRequirements>(std::move(computed));
  if (capacity_ == 0) return declared;
  std::lock_guard lock(mu_);
  if (auto it = by_id_.find(id); it != by_id_.end()) {
    // Another caller kept it meanwhile, or the kept digest is stale: this one replaces it.
    lru_.erase(it->second);
    by_id_.erase(it);
  }
  lru_.push_front(Entry{id, sha256, declared});
  by_id_[id] = lru_.begin();
  while (lru_.size() > capacity_) {
    by_id_.erase(lru_.back().id);
    lru_.pop_back();
  }
  return declared;
}

std::size_t DeclaredCache::size() const {
  std::lock_guard lock(mu_);
  return lru_.size();
}

}  // namespace qx::agent_server
