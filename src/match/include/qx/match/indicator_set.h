// The compiled form of a set of STIX indicators: every supported comparison becomes a term, its
// values go into lookup tables (a string table for domains, URLs, e-mail addresses and hashes,
// range indexes for IPv4 and IPv6), and observations of more than one comparison keep a small
// boolean expression evaluated per event (log line). Immutable once built; thread-safe to read.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "qx/match/ip_index.h"
#include "qx/match/string_table.h"
#include "qx/match/values.h"
#include "qx/stix/tlp.h"

namespace qx::match {

inline constexpr uint32_t kNoObservation = UINT32_MAX;

// One supported comparison of one indicator's pattern.
struct Term {
  uint32_t indicator = 0;
  // kNoObservation when the observation is this comparison alone, so that a hit on the term is a
  // hit on the indicator; otherwise the index of the observation's expression.
  uint32_t observation = kNoObservation;
  ValueKind kind = ValueKind::kIpv4;
};

// A node of an observation's AND / OR tree over terms, stored flat: children of node i are the
// nodes [first, first + count) of the same observation.
struct ExprNode {
  enum class Op : uint8_t { kTerm, kAnd, kOr };
  Op op = Op::kTerm;
  uint32_t term_or_first = 0;
  uint32_t count = 0;
};

struct Observation {
  uint32_t indicator = 0;
  std::vector<ExprNode> nodes;  // nodes[0] is the root
};

struct UnsupportedPattern {
  std::string indicator_id;
  std::string reason;
};

class IndicatorSet {
 public:
  size_t indicator_count() const { return id_offsets_.size(); }
  std::string_view indicator_id(uint32_t indicator) const;
  // The indicator's most restrictive TLP marking; nullopt when it has none.
  std::optional<stix::Tlp> indicator_tlp(uint32_t indicator) const {
    if (indicator >= tlps_.size() || tlps_[indicator] < 0) return std::nullopt;
    return static_cast<stix::Tlp>(tlps_[indicator]);
  }
  size_t term_count() const { return terms_.size(); }
  const Term& term(uint32_t t) const { return terms_[t]; }
  const Observation& observation(uint32_t o) const { return observations_[o]; }

  const StringTable& strings() const { return strings_; }
  // Terms of a string-table entry.
  std::span<const uint32_t> EntryTerms(uint32_t entry) const {
    return {entry_terms_.data() + entry_offsets_[entry],
            entry_terms_.data() + entry_offsets_[entry + 1]};
  }
  const Ipv4Set& ipv4_exact() const { return ipv4_exact_; }
  const Ipv4Index& ipv4() const { return ipv4_; }
  const Ipv6Index& ipv6() const { return ipv6_; }

  // Label counts of the domain values: only suffixes of a host name with this many labels need a
  // lookup. min > max when there are no domain values.
  int min_domain_labels() const { return min_domain_labels_; }
  int max_domain_labels() const { return max_domain_labels_; }
  // False when no domain value ends with the name whose HashValue(kDomain, ..., fold) this is,
  // on a label boundary (over every suffix of min_domain_labels() or more labels of every domain
  // value): a host name's suffixes need no lookup past the first that fails this.
  bool DomainSuffixMayMatch(uint64_t hash) const { return domain_suffixes_.MayContain(hash); }
  // The same for a suffix of exactly min_domain_labels() labels (kept apart: every host name's
  // walk starts there, and most end there).
  bool DomainBaseMayMatch(uint64_t hash) const { return domain_bases_.MayContain(hash); }
  // False when no URL value has the host whose HashValue(kDomain, ..., fold) this is (its
  // UrlHost(), lower case): most URLs of a log need no normalising and no lookup of their own.
  bool UrlHostMayMatch(uint64_t hash) const { return url_hosts_.MayContain(hash); }
  bool has_kind(ValueKind k) const { return (kinds_present_ >> static_cast<int>(k)) & 1; }

  // Evaluates observation o given the terms seen on one event (sorted or not; small).
  bool Evaluate(uint32_t o, std::span<const uint32_t> terms_seen) const;

  const std::vector<UnsupportedPattern>& unsupported() const { return unsupported_; }
  size_t MemoryBytes() const;

 private:
  friend class IndicatorSetBuilder;
  bool EvaluateNode(const Observation& obs, uint32_t node, std::span<const uint32_t> seen) const;

  std::string ids_;
  std::vector<uint32_t> id_offsets_;  // indicator i's id starts at id_offsets_[i]
  std::vector<int8_t> tlps_;          // stix::Tlp per indicator, -1 unmarked; may be shorter
  std::vector<Term> terms_;
  std::vector<Observation> observations_;
  StringTable strings_;
  std::vector<uint32_t> entry_offsets_;
  std::vector<uint32_t> entry_terms_;
  Ipv4Set ipv4_exact_;  // single addresses
  Ipv4Index ipv4_;      // CIDR blocks
  Ipv6Index ipv6_;
  int min_domain_labels_ = 1000, max_domain_labels_ = 0;
  HashFilter domain_bases_, domain_suffixes_;
  HashFilter url_hosts_;
  uint32_t kinds_present_ = 0;
  std::vector<UnsupportedPattern> unsupported_;
};

}  // namespace qx::match
