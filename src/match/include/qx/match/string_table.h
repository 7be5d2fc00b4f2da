// A compact open-addressing set of (kind, string) keys with stable entry numbers, built once and
// then read by many scanning threads. Keys are stored lower case where the kind folds case; a
// lookup may fold the probe's ASCII case on the fly, so that log tokens need no copy.
// Building is single-threaded; Find() is thread-safe on a built table.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "qx/match/value_hash.h"
#include "qx/match/values.h"

namespace qx::match {

// Asks the kernel for transparent huge pages on the whole 2 MiB pages of a large block that has
// not been written yet (a no-op for small blocks and where the kernel says no).
void AdviseHugePages(const void* data, size_t bytes);

// A one-word-per-key Bloom filter over 64-bit hashes: three bits of one 64-bit word per key, about
// 8 bits per key (a ~3% false-positive rate), so that most lookups of absent keys end in a word
// that stays in L1/L2 instead of a cache miss in a large table. Empty: everything may be there.
class HashFilter {
 public:
  void Build(size_t keys);  // sizes and clears it
  void Add(uint64_t hash) {
    if (!words_.empty()) words_[(hash >> 32) & mask_] |= Bits(hash);
  }
  bool MayContain(uint64_t hash) const {
    if (words_.empty()) return true;
    const uint64_t b = Bits(hash);
    return (words_[(hash >> 32) & mask_] & b) == b;
  }
  void Prefetch(uint64_t hash) const {
    if (!words_.empty()) __builtin_prefetch(&words_[(hash >> 32) & mask_]);
  }
  size_t MemoryBytes() const { return words_.capacity() * sizeof(uint64_t); }

 private:
  static uint64_t Bits(uint64_t h) {
    return (uint64_t{1} << (h & 63)) | (uint64_t{1} << ((h >> 6) & 63)) | (uint64_t{1} << ((h >> 12) & 63));
  }
  std::vector<uint64_t> words_;
  uint64_t mask_ = 0;
};

class StringTable {
 public:
  static constexpr uint32_t kNotFound = UINT32_MAX;

  // Adds the key (already normalised: lower case where the kind folds) unless present; returns
  // its entry number (0, 1, 2, ... in insertion order).
  uint32_t Insert(ValueKind kind, std::string_view key);
  // The same with the key's HashValue(kind, key, false) already computed.
  uint32_t InsertHashed(ValueKind kind, std::string_view key, uint64_t hash);

  // The entry number of the key, or kNotFound. With fold, the probe's ASCII letters compare
  // case-insensitively (keys are stored lower case).
  uint32_t Find(ValueKind kind, const char* data, size_t size, bool fold) const;
  // The same in two steps, so that a scanner can prefetch many slots before reading them.
  void Prefetch(uint64_t hash) const {
    if (!slots_.empty()) __builtin_prefetch(&slots_[hash & mask_]);
  }
  uint32_t FindHashed(ValueKind kind, const char* data, size_t size, bool fold, uint64_t hash) const;
  // False when the key of this hash is certainly absent (a cheap test before FindHashed; it
  // always says true until BuildFilter()).
  bool MayContain(uint64_t hash) const { return filter_.MayContain(hash); }
  void PrefetchFilter(uint64_t hash) const { filter_.Prefetch(hash); }
  size_t FilterBytes() const { return filter_.MemoryBytes(); }
  // Builds the filter over the keys inserted so far; later inserts keep it up to date.
  void BuildFilter();
  uint32_t Find(ValueKind kind, std::string_view key) const {
    return Find(kind, key.data(), key.size(), false);
  }

  size_t size() const { return entries_.size(); }
  std::string_view key(uint32_t entry) const {
    return {arena_.data() + entries_[entry].offset, entries_[entry].size};
  }
  ValueKind kind(uint32_t entry) const { return entries_[entry].kind; }
  size_t MemoryBytes() const;
  void Reserve(size_t entries);

 private:
  struct Entry {
    uint32_t offset;
    uint32_t size : 24;
    ValueKind kind;
  };
  void Grow();
  void Place(uint64_t hash, uint32_t entry);

  std::vector<uint64_t> slots_;  // (fingerprint << 32) | (entry + 1); 0 = empty
  uint64_t mask_ = 0;
  std::vector<Entry> entries_;
  std::string arena_;
  HashFilter filter_;
};

}  // namespace qx::match
