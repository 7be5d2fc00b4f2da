#include "qx/match/ip_index.h"

#include <algorithm>
#include <bit>

namespace qx::match {

template <typename Address>
void RangeIndex<Address>::Build() {
  // Boundaries: every lo and every hi + 1 (unless hi is the top address).
  std::vector<Address> bounds;
  bounds.reserve(pending_.size() * 2 + 1);
  bounds.push_back(0);
  const Address top = ~Address{0};
  for (const auto& p : pending_) {
    bounds.push_back(p.lo);
    if (p.hi != top) bounds.push_back(p.hi + 1);
  }
  std::sort(bounds.begin(), bounds.end());
  bounds.erase(std::unique(bounds.begin(), bounds.end()), bounds.end());
  starts_ = std::move(bounds);
  // Count, then fill, the terms of each segment a range covers. Ranges are mostly single
  // addresses, so the covered segment runs are short.
  std::vector<std::pair<uint32_t, uint32_t>> seg_term;  // (segment, term)
  seg_term.reserve(pending_.size());
  for (const auto& p : pending_) {
    size_t i = std::lower_bound(starts_.begin(), starts_.end(), p.lo) - starts_.begin();
    for (; i < starts_.size() && starts_[i] <= p.hi; ++i) {
      seg_term.emplace_back(static_cast<uint32_t>(i), p.term);
    }
  }
  std::sort(seg_term.begin(), seg_term.end());
  seg_term.erase(std::unique(seg_term.begin(), seg_term.end()), seg_term.end());
  offsets_.assign(starts_.size() + 1, 0);
  for (const auto& st : seg_term) ++offsets_[st.first + 1];
  for (size_t i = 1; i < offsets_.size(); ++i) offsets_[i] += offsets_[i - 1];
  terms_.resize(seg_term.size());
  for (size_t i = 0; i < seg_term.size(); ++i) terms_[i] = seg_term[i].second;
  pending_.clear();
  pending_.shrink_to_fit();
  if constexpr (sizeof(Address) == 4) {
    presence_.assign(1024, 0);
    for (size_t i = 0; i + 1 <= starts_.size(); ++i) {
      if (offsets_[i] == offsets_[i + 1]) continue;
      const uint32_t first = starts_[i] >> 16;
      const uint32_t last = i + 1 < starts_.size() ? (starts_[i + 1] - 1) >> 16 : 65535;
      for (uint32_t b = first; b <= last; ++b) presence_[b >> 6] |= uint64_t{1} << (b & 63);
    }
    bucket_.resize(65536);
    size_t seg = 0;
    for (uint32_t b = 0; b < 65536; ++b) {
      const uint32_t a = b << 16;
      while (seg + 1 < starts_.size() && starts_[seg + 1] <= a) ++seg;
      bucket_[b] = static_cast<uint32_t>(seg);
    }
  } else {
    // The /32 prefixes of every covered segment, hashed into a bitmap of about 64 bits each;
    // a range wider than 65,536 such prefixes turns the test off.
    std::vector<uint32_t> prefixes;
    for (size_t i = 0; i < starts_.size() && !wide_; ++i) {
      if (offsets_[i] == offsets_[i + 1]) continue;
      const uint64_t first = static_cast<uint64_t>(starts_[i] >> 96);
      const uint64_t last = i + 1 < starts_.size() ? static_cast<uint64_t>((starts_[i + 1] - 1) >> 96) : 0xFFFFFFFFull;
      if (last - first >= 65536) wide_ = true;
      for (uint64_t b = first; b <= last && !wide_; ++b) prefixes.push_back(static_cast<uint32_t>(b));
    }
    size_t bits = 4096;
    while (bits < prefixes.size() * 64 && bits < (size_t{1} << 21)) bits *= 2;
    presence_.assign(bits / 64, 0);
    prefix_shift_ = 64 - std::countr_zero(bits);
    for (uint32_t top : prefixes) {
      const uint64_t h = PrefixSlot(top);
      presence_[h >> 6] |= uint64_t{1} << (h & 63);
    }
  }
}

template <typename Address>
std::span<const uint32_t> RangeIndex<Address>::Lookup(Address a) const {
  if (starts_.empty()) return {};
  size_t lo = 0, hi = starts_.size();  // find the last start <= a in [lo, hi)
  if constexpr (sizeof(Address) == 4) {
    const uint32_t b = a >> 16;
    lo = bucket_[b];
    hi = b + 1 < 65536 ? bucket_[b + 1] + 1 : starts_.size();
  }
  const auto it = std::upper_bound(starts_.begin() + lo, starts_.begin() + hi, a);
  const size_t seg = static_cast<size_t>(it - starts_.begin()) - 1;
  return {terms_.data() + offsets_[seg], terms_.data() + offsets_[seg + 1]};
}

template <typename Address>
size_t RangeIndex<Address>::MemoryBytes() const {
  return starts_.capacity() * sizeof(Address) + offsets_.capacity() * 4 + terms_.capacity() * 4 +
         bucket_.capacity() * 4 + presence_.capacity() * 8;
}

void Ipv4Set::Build() {
  std::sort(pending_.begin(), pending_.end());
  pending_.erase(std::unique(pending_.begin(), pending_.end()), pending_.end());
  size_t entries = 0;
  for (size_t i = 0; i < pending_.size(); ++i) entries += i == 0 || pending_[i].first != pending_[i - 1].first;
  size_t cap = 16;
  while (cap < entries * 2) cap <<= 1;
  slots_.assign(entries ? cap : 0, 0);
  mask_ = cap - 1;
  offsets_.clear();
  terms_.clear();
  for (size_t i = 0; i < pending_.size(); ++i) {
    if (i == 0 || pending_[i].first != pending_[i - 1].first) {
      const uint32_t e = static_cast<uint32_t>(offsets_.size());
      offsets_.push_back(static_cast<uint32_t>(terms_.size()));
      uint64_t s = Hash(pending_[i].first) & mask_;
      while (slots_[s] != 0) s = (s + 1) & mask_;
      slots_[s] = (uint64_t{pending_[i].first} << 32) | (uint64_t{e} + 1);
    }
    terms_.push_back(pending_[i].second);
  }
  offsets_.push_back(static_cast<uint32_t>(terms_.size()));
  filter_.Build(entries);
  for (size_t i = 0; i < pending_.size(); ++i) filter_.Add(Remix(Hash(pending_[i].first)));
  std::vector<std::pair<uint32_t, uint32_t>>().swap(pending_);
}

std::span<const uint32_t> Ipv4Set::Lookup(uint32_t a, uint64_t hash) const {
  if (slots_.empty()) return {};
  uint64_t s = hash & mask_;
  while (true) {
    const uint64_t v = slots_[s];
    if (v == 0) return {};
    if ((v >> 32) == a) {
      const uint32_t e = static_cast<uint32_t>(v) - 1;
      return {terms_.data() + offsets_[e], terms_.data() + offsets_[e + 1]};
    }
    s = (s + 1) & mask_;
  }
}

template class RangeIndex<uint32_t>;
template class RangeIndex<Ipv6>;

}  // namespace qx::match
