// Address ranges (single addresses and CIDR blocks) mapped to the terms that cover them, for
// IPv4 and IPv6. Overlapping ranges are split into elementary segments, each with the list of
// every term covering it, so a lookup is one bucket read and a short binary search.
// Build with Add() then Build(); Lookup() is thread-safe on a built index.
#pragma once

#include <cstdint>
#include <span>
#include <utility>
#include <vector>

#include "qx/match/string_table.h"
#include "qx/match/values.h"

namespace qx::match {

template <typename Address>
class RangeIndex {
 public:
  void Add(Address lo, Address hi, uint32_t term) { pending_.push_back({lo, hi, term}); }
  void Build();
  // The terms whose range holds the address (empty when none).
  std::span<const uint32_t> Lookup(Address a) const;
  bool empty() const { return starts_.empty(); }
  // IPv4: false when no range touches the address's /16 (an 8 KiB bitmap, read before Lookup).
  bool MayContain(uint32_t a) const { return (presence_[a >> 22] >> ((a >> 16) & 63)) & 1; }
  // IPv6: false when no range touches the address's /32 (a hashed bitmap, read before Lookup;
  // always true when a range spans more than 65,536 of them).
  bool MayContainPrefix32(uint32_t top) const {
    if (wide_) return true;
    const uint64_t h = PrefixSlot(top);
    return (presence_[h >> 6] >> (h & 63)) & 1;
  }
  size_t MemoryBytes() const;

 private:
  struct Pending {
    Address lo, hi;
    uint32_t term;
  };
  std::vector<Pending> pending_;
  // Segment i covers [starts_[i], starts_[i+1]) (the last one up to the top of the space); its
  // terms are terms_[offsets_[i] .. offsets_[i+1]).
  std::vector<Address> starts_;
  std::vector<uint32_t> offsets_;
  std::vector<uint32_t> terms_;
  // IPv4 only: index of the segment holding address (b << 16), for b = 0..65535.
  std::vector<uint32_t> bucket_;
  std::vector<uint64_t> presence_;
  // IPv6 only: presence_ holds bits at PrefixSlot() of each covered /32.
  uint64_t PrefixSlot(uint32_t top) const { return (uint64_t{top} * 0x9E3779B97F4A7C15ull) >> prefix_shift_; }
  int prefix_shift_ = 52;
  bool wide_ = false;
};

// Single IPv4 addresses in an open-addressing table (one cache line per lookup, prefetchable),
// each with its terms.
class Ipv4Set {
 public:
  void Add(uint32_t address, uint32_t term) { pending_.emplace_back(address, term); }
  void Build();
  static uint64_t Hash(uint32_t a) { return (uint64_t{a} * 0x9E3779B97F4A7C15ull) >> 17; }
  void Prefetch(uint64_t hash) const {
    if (!slots_.empty()) __builtin_prefetch(&slots_[hash & mask_]);
  }
  std::span<const uint32_t> Lookup(uint32_t address, uint64_t hash) const;
  // False when the address is certainly not in the set (a filter that stays in cache).
  bool MayContain(uint64_t hash) const { return !slots_.empty() && filter_.MayContain(Remix(hash)); }
  void PrefetchFilter(uint64_t hash) const { filter_.Prefetch(Remix(hash)); }
  size_t FilterBytes() const { return filter_.MemoryBytes(); }
  std::span<const uint32_t> Lookup(uint32_t address) const { return Lookup(address, Hash(address)); }
  size_t MemoryBytes() const {
    return slots_.capacity() * 8 + offsets_.capacity() * 4 + terms_.capacity() * 4 + filter_.MemoryBytes();
  }

 private:
  // Hash() keeps 47 bits; the filter wants 64 well-mixed ones.
  static uint64_t Remix(uint64_t h) { return (h ^ (h >> 29)) * 0xD6E8FEB86659FD93ull; }
  std::vector<std::pair<uint32_t, uint32_t>> pending_;
  std::vector<uint64_t> slots_;  // (address << 32) | (entry + 1); 0 = empty
  uint64_t mask_ = 0;
  std::vector<uint32_t> offsets_;  // entry e's terms are terms_[offsets_[e] .. offsets_[e+1])
  std::vector<uint32_t> terms_;
  HashFilter filter_;
};

using Ipv4Index = RangeIndex<uint32_t>;
using Ipv6Index = RangeIndex<Ipv6>;

}  // namespace qx::match
