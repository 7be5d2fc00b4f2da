#include "qx/match/string_table.h"

#include <bit>
#include <cstring>

#include <sys/mman.h>

namespace qx::match {
using value_hash::FoldWord;
using value_hash::Load8;
using value_hash::LoadTail;

void AdviseHugePages(const void* data, size_t bytes) {
  // Random probes into a table of many megabytes miss the TLB on nearly every lookup, and each
  // 4 KiB page is one page fault while the table is filled; 2 MiB pages cut both (where the
  // kernel does transparent huge pages on request). Only whole 2 MiB pages inside the block.
  constexpr uintptr_t kHuge = uintptr_t{2} << 20;
  if (bytes < 2 * kHuge) return;
  const auto begin = (reinterpret_cast<uintptr_t>(data) + kHuge - 1) & ~(kHuge - 1);
  const auto end = (reinterpret_cast<uintptr_t>(data) + bytes) & ~(kHuge - 1);
  if (end > begin) madvise(reinterpret_cast<void*>(begin), end - begin, MADV_HUGEPAGE);
}

namespace {

bool EqualFold(const char* probe, const char* lower, size_t n) {
  size_t i = 0;
  for (; i + 8 <= n; i += 8) {
    if (FoldWord(Load8(probe + i)) != Load8(lower + i)) return false;
  }
  return i == n || FoldWord(LoadTail(probe + i, n - i)) == LoadTail(lower + i, n - i);
}

}  // namespace

void StringTable::Reserve(size_t entries) {
  entries_.reserve(entries);
  arena_.reserve(entries * 48);
  size_t want = 16;
  while (want < entries * 2) want <<= 1;
  if (want > slots_.size()) {
    std::vector<uint64_t> old;
    old.swap(slots_);
    slots_.reserve(want);
    AdviseHugePages(slots_.data(), want * sizeof(uint64_t));
    slots_.assign(want, 0);
    mask_ = want - 1;
    for (uint32_t e = 0; e < entries_.size(); ++e) {
      const auto k = key(e);
      Place(HashValue(entries_[e].kind, k.data(), k.size(), false), e);
    }
  }
}

void StringTable::Grow() { Reserve(slots_.empty() ? 8 : slots_.size()); }

void StringTable::Place(uint64_t hash, uint32_t entry) {
  uint64_t i = hash & mask_;
  while (slots_[i] != 0) i = (i + 1) & mask_;
  slots_[i] = (hash & 0xFFFFFFFF00000000ull) | (uint64_t{entry} + 1);
}

uint32_t StringTable::Insert(ValueKind kind, std::string_view k) {
  return InsertHashed(kind, k, HashValue(kind, k.data(), k.size(), false));
}

uint32_t StringTable::InsertHashed(ValueKind kind, std::string_view k, uint64_t h) {
  const uint32_t found = FindHashed(kind, k.data(), k.size(), false, h);
  if (found != kNotFound) return found;
  if ((entries_.size() + 1) * 2 > slots_.size()) Grow();
  const uint32_t e = static_cast<uint32_t>(entries_.size());
  entries_.push_back(Entry{static_cast<uint32_t>(arena_.size()),
                           static_cast<uint32_t>(k.size()) & 0xFFFFFF, kind});
  arena_.append(k);
  Place(h, e);
  filter_.Add(h);
  return e;
}

void StringTable::BuildFilter() {
  filter_.Build(entries_.size());
  for (uint32_t e = 0; e < entries_.size(); ++e) {
    const auto k = key(e);
    filter_.Add(HashValue(entries_[e].kind, k.data(), k.size(), false));
  }
}

void HashFilter::Build(size_t keys) {
  size_t words = 1;
  while (words * 64 < keys * 8) words <<= 1;
  words_.assign(words, 0);
  mask_ = words - 1;
}

uint32_t StringTable::Find(ValueKind kind, const char* p, size_t n, bool fold) const {
  return FindHashed(kind, p, n, fold, HashValue(kind, p, n, fold));
}

uint32_t StringTable::FindHashed(ValueKind kind, const char* p, size_t n, bool fold, uint64_t h) const {
  if (slots_.empty() || !filter_.MayContain(h)) return kNotFound;
  const uint64_t fp = h & 0xFFFFFFFF00000000ull;
  uint64_t i = h & mask_;
  while (true) {
    const uint64_t s = slots_[i];
    if (s == 0) return kNotFound;
    if ((s & 0xFFFFFFFF00000000ull) == fp) {
      const uint32_t e = static_cast<uint32_t>(s) - 1;
      const Entry& en = entries_[e];
      if (en.size == n && en.kind == kind) {
        const char* stored = arena_.data() + en.offset;
        if (fold ? EqualFold(p, stored, n) : std::memcmp(p, stored, n) == 0) return e;
      }
    }
    i = (i + 1) & mask_;
  }
}

size_t StringTable::MemoryBytes() const {
  return slots_.capacity() * sizeof(uint64_t) + entries_.capacity() * sizeof(Entry) +
         arena_.capacity() + filter_.MemoryBytes();
}

}  // namespace qx::match
