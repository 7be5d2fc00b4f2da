// Remembers HTTP Basic credentials that verified recently, so that a TAXII client sending them
// with every request pays for argon2id once every few minutes instead of on every request.
// Holds no password: an entry is a salted SHA-256 of username and password, and the stored
// password hash it verified against, so a changed password misses at once. Thread-safe.
#pragma once

#include <cstddef>
#include <mutex>
#include <string>
#include <unordered_map>

#include "qx/core/clock.h"

namespace qx::identity::detail {

class CredentialCache {
 public:
  CredentialCache(std::int64_t ttl_ms, std::size_t capacity);

  // Whether username:password verified against password_hash within the last ttl.
  bool Holds(const std::string& username, const std::string& password,
             const std::string& password_hash, UnixMillis now);
  void Remember(const std::string& username, const std::string& password,
                const std::string& password_hash, UnixMillis now);

 private:
  std::string KeyOf(const std::string& username, const std::string& password) const;

  struct Entry {
    std::string password_hash;
    UnixMillis expires_at = 0;
  };
  const std::int64_t ttl_ms_;
  const std::size_t capacity_;
  const std::string salt_;  // random per process: the keys mean nothing elsewhere
  std::mutex mu_;
  std::unordered_map<std::string, Entry> entries_;
};

}  // namespace qx::identity::detail
