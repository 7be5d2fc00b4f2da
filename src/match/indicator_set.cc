#include "qx/match/indicator_set.h"

#include <algorithm>

namespace qx::match {

std::string_view IndicatorSet::indicator_id(uint32_t i) const {
  const size_t begin = id_offsets_[i];
  const size_t end = i + 1 < id_offsets_.size() ? id_offsets_[i + 1] : ids_.size();
  return std::string_view(ids_).substr(begin, end - begin);
}

bool IndicatorSet::EvaluateNode(const Observation& obs, uint32_t n,
                                std::span<const uint32_t> seen) const {
  const ExprNode& node = obs.nodes[n];
  switch (node.op) {
    case ExprNode::Op::kTerm:
      return std::find(seen.begin(), seen.end(), node.term_or_first) != seen.end();
    case ExprNode::Op::kAnd:
      for (uint32_t i = 0; i < node.count; ++i) {
        if (!EvaluateNode(obs, node.term_or_first + i, seen)) return false;
      }
      return true;
    case ExprNode::Op::kOr:
      for (uint32_t i = 0; i < node.count; ++i) {
        if (EvaluateNode(obs, node.term_or_first + i, seen)) return true;
      }
      return false;
  }
  return false;
}

bool IndicatorSet::Evaluate(uint32_t o, std::span<const uint32_t> seen) const {
  return EvaluateNode(observations_[o], 0, seen);
}

size_t IndicatorSet::MemoryBytes() const {
  size_t n = ids_.capacity() + id_offsets_.capacity() * 4 + terms_.capacity() * sizeof(Term) +
             strings_.MemoryBytes() + entry_offsets_.capacity() * 4 + entry_terms_.capacity() * 4 +
             ipv4_.MemoryBytes() + ipv4_exact_.MemoryBytes() + ipv6_.MemoryBytes() + domain_suffixes_.MemoryBytes() + domain_bases_.MemoryBytes() +
         url_hosts_.MemoryBytes() + tlps_.capacity() * sizeof(tlps_[0]);
  for (const auto& o : observations_) n += sizeof(o) + o.nodes.capacity() * sizeof(ExprNode);
  return n;
}

}  // namespace qx::match
