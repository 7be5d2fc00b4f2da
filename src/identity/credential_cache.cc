#include "credential_cache.h"


#include "qx/crypto/digest.h"
#include "qx/crypto/secrets.h"

namespace qx::identity::detail {

CredentialCache::CredentialCache(std::int64_t ttl_ms, std::size_t capacity)
    : ttl_ms_(ttl_ms), capacity_(capacity), salt_(crypto::RandomToken("", 32)) {}

std::string CredentialCache::KeyOf(const std::string& username,
                                   const std::string& password) const {
  std::string material = salt_;
  material += '\0';
  material += username;
  material += '\0';
  material += password;
  return crypto::Sha256Hex(material);
}

bool CredentialCache::Holds(const std::string& username, const std::string& password,
                            const std::string& password_hash, UnixMillis now) {
  const std::string key = KeyOf(username, password);
  std::lock_guard lock(mu_);
  const auto it = entries_.find(key);
  if (it == entries_.end()) return false;
  if (it->second.expires_at <= now || it->second.password_hash != password_hash) {
    entries_.erase(it);
    return false;
  }
  return true;
}

void CredentialCache::Remember(const std::string& username, const std::string& password,
                               const std::string& password_hash, UnixMillis now) {
  const std::string key = KeyOf(username, password);
  std::lock_guard lock(mu_);
  if (entries_.size() >= capacity_) {
    std::erase_if(entries_, [now](const auto& e) { return e.second.expires_at <= now; });
    // Still full of live entries: forget them all rather than grow; they verify again.
    if (entries_.size() >= capacity_) entries_.clear();
  }
  entries_[key] = Entry{password_hash, now + ttl_ms_};
}

}  // namespace qx::identity::detail
