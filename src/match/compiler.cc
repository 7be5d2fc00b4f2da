#include "qx/match/compiler.h"

#include <algorithm>
#include <variant>

namespace qx::match {

namespace {

using stix::ComparisonOp;
using stix::PathStep;

// The observable a comparison's path names, or nullopt when the matcher cannot read it from logs.
std::optional<ValueKind> PathKind(const stix::ObjectPath& path) {
  const auto& steps = path.steps;
  const auto key = [&](size_t i) -> std::string_view {
    return i < steps.size() && steps[i].kind == PathStep::Kind::kKey ? std::string_view(steps[i].key)
                                                                     : std::string_view();
  };
  const std::string_view type = path.object_type;
  if (steps.size() == 1 && key(0) == "value") {
    if (type == "ipv4-addr") return ValueKind::kIpv4;
    if (type == "ipv6-addr") return ValueKind::kIpv6;
    if (type == "domain-name") return ValueKind::kDomain;
    if (type == "url") return ValueKind::kUrl;
    if (type == "email-addr") return ValueKind::kEmail;
  }
  if (type == "file" && steps.size() == 2 && key(0) == "hashes" && !key(1).empty()) {
    return HashKindOf(key(1));
  }
  return std::nullopt;
}

bool IsTypeChar(char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-'; }
bool IsKeyChar(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '-';
}

std::string Describe(const stix::Comparison& c) {
  return stix::FormatObjectPath(c.path) + " " + (c.negated ? "NOT " : "") +
         std::string(stix::ComparisonOpName(c.op));
}

}  // namespace

std::optional<SimplePattern> ParseSimplePattern(std::string_view p) {
  size_t i = 0;
  const auto skip_ws = [&] {
    while (i < p.size() && (p[i] == ' ' || p[i] == '\t' || p[i] == '\n' || p[i] == '\r')) ++i;
  };
  const auto eat = [&](char c) {
    if (i < p.size() && p[i] == c) {
      ++i;
      return true;
    }
    return false;
  };
  skip_ws();
  if (!eat('[')) return std::nullopt;
  skip_ws();
  const size_t type_start = i;
  while (i < p.size() && IsTypeChar(p[i])) ++i;
  const std::string_view type = p.substr(type_start, i - type_start);
  if (type.empty() || !(type[0] >= 'a' && type[0] <= 'z') || !eat(':')) return std::nullopt;
  const size_t prop_start = i;
  while (i < p.size() && IsKeyChar(p[i])) ++i;
  const std::string_view prop = p.substr(prop_start, i - prop_start);
  SimplePattern out;
  if (prop == "value") {
    if (type == "ipv4-addr") out.kind = ValueKind::kIpv4;
    else if (type == "ipv6-addr") out.kind = ValueKind::kIpv6;
    else if (type == "domain-name") out.kind = ValueKind::kDomain;
    else if (type == "url") out.kind = ValueKind::kUrl;
    else if (type == "email-addr") out.kind = ValueKind::kEmail;
    else return std::nullopt;
  } else if (prop == "hashes" && type == "file" && eat('.')) {
    std::string_view algo;
    if (eat('\'')) {
      const size_t s = i;
      while (i < p.size() && IsKeyChar(p[i])) ++i;
      algo = p.substr(s, i - s);
      if (!eat('\'')) return std::nullopt;
    } else {
      const size_t s = i;
      while (i < p.size() && IsKeyChar(p[i])) ++i;
      algo = p.substr(s, i - s);
      // A bare key may not contain '-' (it would be read as an operator by the grammar).
      if (algo.find('-') != std::string_view::npos) return std::nullopt;
    }
    const auto k = HashKindOf(algo);
    if (!k || algo.empty()) return std::nullopt;
    out.kind = *k;
  } else {
    return std::nullopt;
  }
  skip_ws();
  if (eat('=')) {
    eat('=');
  } else if (p.substr(i, 8) == "ISSUBSET") {
    if (out.kind != ValueKind::kIpv4 && out.kind != ValueKind::kIpv6) return std::nullopt;
    i += 8;
    out.subset = true;
    if (i < p.size() && p[i] != ' ' && p[i] != '\'') return std::nullopt;
  } else {
    return std::nullopt;
  }
  skip_ws();
  if (!eat('\'')) return std::nullopt;
  const size_t vs = i;
  while (i < p.size() && p[i] != '\'' && p[i] != '\\') {
    if (static_cast<unsigned char>(p[i]) < 0x20 || static_cast<unsigned char>(p[i]) >= 0x80) return std::nullopt;
    ++i;
  }
  if (i >= p.size() || p[i] != '\'') return std::nullopt;
  out.value = p.substr(vs, i - vs);
  // The general parser checks digests and ISSUBSET addresses; so must the fast path.
  if (out.kind >= ValueKind::kMd5 &&
      !(HashKindOfLength(out.value.size()) == out.kind && IsHexText(out.value))) {
    return std::nullopt;
  }
  if (out.subset && !(out.kind == ValueKind::kIpv4 ? ParseIpv4Range(out.value).has_value()
                                                   : ParseIpv6Range(out.value).has_value())) {
    return std::nullopt;
  }
  ++i;
  skip_ws();
  if (!eat(']')) return std::nullopt;
  skip_ws();
  if (i != p.size()) return std::nullopt;
  return out;
}

IndicatorSetBuilder::IndicatorSetBuilder() : set_(std::make_unique<IndicatorSet>()) {}

void IndicatorSetBuilder::Reserve(size_t n) {
  set_->id_offsets_.reserve(n);
  set_->ids_.reserve(n * 48);
  set_->terms_.reserve(n);
  set_->strings_.Reserve(n);
  entry_term_.reserve(n);
}

namespace {

bool CompileValueText(ValueKind kind, std::string_view text, CompiledValue* v) {
  v->kind = kind;
  switch (kind) {
    case ValueKind::kIpv4: {
      const auto r = ParseIpv4Range(text);
      if (r) v->v4 = *r;
      return r.has_value();
    }
    case ValueKind::kIpv6: {
      const auto r = ParseIpv6Range(text);
      if (r) v->v6 = *r;
      return r.has_value();
    }
    case ValueKind::kDomain: {
      auto d = NormalizeDomain(text);
      if (!d) return false;
      // The scanner looks for host names where a letter follows a dot: a TLD starts with one.
      const size_t last = d->rfind('.');
      const char first = (*d)[last == std::string::npos ? 0 : last + 1];
      if (!((first >= 'a' && first <= 'z') || static_cast<unsigned char>(first) >= 0x80)) return false;
      v->text = std::move(*d);
      return true;
    }
    case ValueKind::kUrl:
      return NormalizeUrl(text, &v->text);
    case ValueKind::kEmail: {
      auto e = NormalizeEmail(text);
      if (e) v->text = std::move(*e);
      return e.has_value();
    }
    default: {
      auto h = NormalizeHash(kind, text);
      if (h) v->text = std::move(*h);
      return h.has_value();
    }
  }
}

bool CompileValue(ValueKind kind, std::string_view text, CompiledValue* v) {
  if (!CompileValueText(kind, text, v)) return false;
  if (kind != ValueKind::kIpv4 && kind != ValueKind::kIpv6) {
    v->hash = HashValue(kind, v->text.data(), v->text.size(), false);
  }
  return true;
}

}  // namespace

bool PrepareSimple(const SimplePattern& p, CompiledValue* out) { return CompileValue(p.kind, p.value, out); }

bool IndicatorSetBuilder::AddSimple(std::string_view id, const SimplePattern& p) {
  Value v;
  const bool ok = PrepareSimple(p, &v);
  return AddPrepared(id, p, ok, v);
}

bool IndicatorSetBuilder::AddPrepared(std::string_view id, const SimplePattern& p, bool prepared, Value& v) {
  if (!prepared) {
    AddUnsupported(id, "'" + std::string(p.value) + "' is not a valid " + std::string(ValueKindName(p.kind)));
    return false;
  }
  // What Commit does for one observation of one comparison of one value, without its vectors.
  IndicatorSet& s = *set_;
  const uint32_t indicator = static_cast<uint32_t>(s.id_offsets_.size());
  s.id_offsets_.push_back(static_cast<uint32_t>(s.ids_.size()));
  s.ids_.append(id);
  const uint32_t term = static_cast<uint32_t>(s.terms_.size());
  s.terms_.push_back(Term{indicator, kNoObservation, v.kind});
  AddValue(v, term);
  return true;
}

void IndicatorSetBuilder::Prefetch(const Value& v) const {
  if (v.kind != ValueKind::kIpv4 && v.kind != ValueKind::kIpv6) set_->strings_.Prefetch(v.hash);
}

void IndicatorSetBuilder::AddValue(Value& v, uint32_t term) {
  IndicatorSet& s = *set_;
  s.kinds_present_ |= 1u << static_cast<int>(v.kind);
  switch (v.kind) {
    case ValueKind::kIpv4:
      if (v.v4.lo == v.v4.hi) {
        s.ipv4_exact_.Add(v.v4.lo, term);
      } else {
        s.ipv4_.Add(v.v4.lo, v.v4.hi, term);
      }
      break;
    case ValueKind::kIpv6: s.ipv6_.Add(v.v6.lo, v.v6.hi, term); break;
    default: {
      if (v.kind == ValueKind::kDomain) {
        const int labels = 1 + static_cast<int>(std::count(v.text.begin(), v.text.end(), '.'));
        s.min_domain_labels_ = std::min(s.min_domain_labels_, labels);
        s.max_domain_labels_ = std::max(s.max_domain_labels_, labels);
      }
      entry_term_.emplace_back(s.strings_.InsertHashed(v.kind, v.text, v.hash), term);
    }
  }
}

Result<std::vector<IndicatorSetBuilder::Value>> IndicatorSetBuilder::CompileComparison(
    const stix::Comparison& c) const {
  const auto kind = PathKind(c.path);
  if (!kind) {
    return MakeError(ErrorCode::kInvalidArgument,
                     "path " + stix::FormatObjectPath(c.path) + " is not matched against logs");
  }
  if (c.negated) return MakeError(ErrorCode::kInvalidArgument, "negated comparison " + Describe(c));
  const bool is_ip = *kind == ValueKind::kIpv4 || *kind == ValueKind::kIpv6;
  std::vector<const stix::Constant*> constants;
  if (c.op == ComparisonOp::kEqual || (c.op == ComparisonOp::kIsSubset && is_ip)) {
    constants.push_back(&c.value);
  } else if (c.op == ComparisonOp::kIn) {
    for (const auto& e : c.value.elements) constants.push_back(&e);
  } else {
    return MakeError(ErrorCode::kInvalidArgument, "operator " + Describe(c) + " is not supported");
  }
  std::vector<Value> values;
  for (const stix::Constant* k : constants) {
    if (k->type != stix::ConstantType::kString) {
      return MakeError(ErrorCode::kInvalidArgument, Describe(c) + " needs a string constant");
    }
    Value v;
    const bool ok = CompileValue(*kind, k->text, &v);
    if (!ok) {
      return MakeError(ErrorCode::kInvalidArgument,
                       "'" + k->text + "' is not a valid " + std::string(ValueKindName(*kind)));
    }
    values.push_back(std::move(v));
  }
  return values;
}

namespace {

// Flattens a comparison expression into nodes (breadth by level so that children are
// contiguous) and collects its comparisons in leaf order.
void FlattenExpr(const stix::ComparisonExpr& e, std::vector<ExprNode>* nodes, size_t at,
                 std::vector<const stix::Comparison*>* leaves) {
  if (e.op == stix::BoolOp::kComparison) {
    (*nodes)[at] = ExprNode{ExprNode::Op::kTerm, static_cast<uint32_t>(leaves->size()), 0};
    leaves->push_back(&e.comparison);
    return;
  }
  const uint32_t first = static_cast<uint32_t>(nodes->size());
  (*nodes)[at] = ExprNode{e.op == stix::BoolOp::kAnd ? ExprNode::Op::kAnd : ExprNode::Op::kOr, first,
                          static_cast<uint32_t>(e.operands.size())};
  nodes->resize(nodes->size() + e.operands.size());
  for (size_t i = 0; i < e.operands.size(); ++i) FlattenExpr(e.operands[i], nodes, first + i, leaves);
}

}  // namespace

void IndicatorSetBuilder::SetLastTlp(stix::Tlp tlp) {
  IndicatorSet& s = *set_;
  if (s.id_offsets_.empty()) return;
  s.tlps_.resize(s.id_offsets_.size(), -1);
  s.tlps_.back() = static_cast<int8_t>(tlp);
}

void IndicatorSetBuilder::AddUnsupported(std::string_view id, std::string reason) {
  set_->unsupported_.push_back({std::string(id), std::move(reason)});
}

bool IndicatorSetBuilder::Add(std::string_view id, std::string_view pattern) {
  auto parsed = stix::ParsePattern(pattern);
  if (!parsed) {
    AddUnsupported(id, "pattern does not parse: " + parsed.error().message);
    return false;
  }
  return AddParsed(id, *parsed);
}

bool IndicatorSetBuilder::AddParsed(std::string_view id, const stix::Pattern& pattern) {
  // The observations this matcher evaluates: one, or an OR of them, none qualified.
  std::vector<const stix::ObservationExpr*> observations;
  const stix::ObservationExpr& root = pattern.root;
  if (!root.qualifiers.empty()) {
    AddUnsupported(id, "qualifiers (WITHIN, REPEATS, START/STOP) need correlation over time");
    return false;
  }
  if (root.op == stix::ObservationOp::kObservation) {
    observations.push_back(&root);
  } else if (root.op == stix::ObservationOp::kOr) {
    for (const auto& o : root.operands) {
      if (o.op != stix::ObservationOp::kObservation || !o.qualifiers.empty()) {
        AddUnsupported(id, "nested or qualified observation expressions need correlation");
        return false;
      }
      observations.push_back(&o);
    }
  } else {
    AddUnsupported(id, "AND / FOLLOWEDBY between observations needs correlation across events");
    return false;
  }
  // Compile everything first, so that an unsupported comparison leaves no half-added indicator.
  struct Compiled {
    std::vector<ExprNode> nodes;
    std::vector<std::vector<Value>> leaf_values;
  };
  std::vector<Compiled> compiled(observations.size());
  for (size_t i = 0; i < observations.size(); ++i) {
    std::vector<const stix::Comparison*> leaves;
    compiled[i].nodes.resize(1);
    FlattenExpr(observations[i]->comparison, &compiled[i].nodes, 0, &leaves);
    for (const stix::Comparison* c : leaves) {
      auto values = CompileComparison(*c);
      if (!values) {
        AddUnsupported(id, values.error().message);
        return false;
      }
      compiled[i].leaf_values.push_back(std::move(*values));
    }
  }
  std::vector<std::pair<std::vector<ExprNode>, std::vector<std::vector<Value>>>> obs;
  for (auto& c : compiled) obs.emplace_back(std::move(c.nodes), std::move(c.leaf_values));
  Commit(id, obs);
  return true;
}

void IndicatorSetBuilder::Commit(
    std::string_view id, std::vector<std::pair<std::vector<ExprNode>, std::vector<std::vector<Value>>>>& compiled) {
  IndicatorSet& s = *set_;
  const uint32_t indicator = static_cast<uint32_t>(s.id_offsets_.size());
  s.id_offsets_.push_back(static_cast<uint32_t>(s.ids_.size()));
  s.ids_.append(id);
  for (auto& [nodes, leaf_values] : compiled) {
    uint32_t obs = kNoObservation;
    if (leaf_values.size() > 1) {
      obs = static_cast<uint32_t>(s.observations_.size());
      s.observations_.push_back(Observation{indicator, {}});
    }
    const uint32_t first_term = static_cast<uint32_t>(s.terms_.size());
    for (auto& values : leaf_values) {
      const uint32_t term = static_cast<uint32_t>(s.terms_.size());
      s.terms_.push_back(Term{indicator, obs, values.front().kind});
      for (auto& v : values) AddValue(v, term);
    }
    if (obs != kNoObservation) {
      for (auto& n : nodes) {
        if (n.op == ExprNode::Op::kTerm) n.term_or_first += first_term;
      }
      s.observations_[obs].nodes = std::move(nodes);
    }
  }
}

std::unique_ptr<IndicatorSet> IndicatorSetBuilder::Build() && {
  IndicatorSet& s = *set_;
  std::sort(entry_term_.begin(), entry_term_.end());
  entry_term_.erase(std::unique(entry_term_.begin(), entry_term_.end()), entry_term_.end());
  s.entry_offsets_.assign(s.strings_.size() + 1, 0);
  for (const auto& et : entry_term_) ++s.entry_offsets_[et.first + 1];
  for (size_t i = 1; i < s.entry_offsets_.size(); ++i) s.entry_offsets_[i] += s.entry_offsets_[i - 1];
  s.entry_terms_.resize(entry_term_.size());
  for (size_t i = 0; i < entry_term_.size(); ++i) s.entry_terms_[i] = entry_term_[i].second;
  std::vector<std::pair<uint32_t, uint32_t>>().swap(entry_term_);
  s.strings_.BuildFilter();
  // Every label suffix of every domain value, down to the fewest labels a value has: those of
  // exactly that many labels (the first a host name's walk tests) in a filter of their own, so
  // that the filter every host name reads stays small.
  std::vector<uint64_t> bases, suffixes, url_hosts;
  for (uint32_t e = 0; e < s.strings_.size(); ++e) {
    if (s.strings_.kind(e) == ValueKind::kUrl) {
      const std::string_view host = UrlHost(s.strings_.key(e));
      url_hosts.push_back(HashValue(ValueKind::kDomain, host.data(), host.size(), false));
      continue;
    }
    if (s.strings_.kind(e) != ValueKind::kDomain) continue;
    const std::string_view d = s.strings_.key(e);
    int labels = 1 + static_cast<int>(std::count(d.begin(), d.end(), '.'));
    for (size_t start = 0; labels >= s.min_domain_labels_; --labels) {
      (labels == s.min_domain_labels_ ? bases : suffixes)
          .push_back(HashValue(ValueKind::kDomain, d.data() + start, d.size() - start, false));
      start = d.find('.', start);
      if (start == std::string_view::npos) break;
      ++start;
    }
  }
  const auto build = [](std::vector<uint64_t>& hashes, HashFilter* filter) {
    std::sort(hashes.begin(), hashes.end());
    hashes.erase(std::unique(hashes.begin(), hashes.end()), hashes.end());
    if (hashes.empty()) return;
    filter->Build(hashes.size());
    for (uint64_t h : hashes) filter->Add(h);
  };
  build(bases, &s.domain_bases_);
  build(suffixes, &s.domain_suffixes_);
  // Left empty (everything may match) without URL values; with them, one bit pattern per host.
  build(url_hosts, &s.url_hosts_);
  s.ipv4_.Build();
  s.ipv4_exact_.Build();
  s.ipv6_.Build();
  s.terms_.shrink_to_fit();
  s.ids_.shrink_to_fit();
  return std::move(set_);
}

}  // namespace qx::match
