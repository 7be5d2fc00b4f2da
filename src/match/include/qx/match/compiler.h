// Compiles STIX 2.1 indicator patterns (parsed by qx::stix) into an IndicatorSet. Supported:
// observations without qualifiers, joined by OR; inside one observation, comparisons joined by
// AND / OR on ipv4-addr:value and ipv6-addr:value (=, IN, ISSUBSET), domain-name:value (= and IN;
// subdomains match), url:value and email-addr:value (=, IN), file:hashes.MD5 / SHA-1 / SHA-256 /
// SHA-512 (=, IN). Anything else is recorded as unsupported with the reason, never dropped
// silently. Single-threaded.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "qx/core/result.h"
#include "qx/match/indicator_set.h"
#include "qx/stix/pattern.h"

namespace qx::match {

// The shape nearly every feed uses, "[ipv4-addr:value = '1.2.3.4']" (also ISSUBSET and
// file:hashes.'SHA-256'), recognised without the general parser: a load-time fast path. Returns
// nullopt for anything else (escapes, comments, several comparisons, unknown paths...), which
// then goes through stix::ParsePattern; what it accepts, the general parser reads the same way.
struct SimplePattern {
  ValueKind kind = ValueKind::kIpv4;
  bool subset = false;  // ISSUBSET rather than =
  std::string_view value;
};
std::optional<SimplePattern> ParseSimplePattern(std::string_view pattern);

class IndicatorSetBuilder {
 public:
  IndicatorSetBuilder();

  // Parses and adds one indicator. A pattern that does not parse, or that the matcher cannot
  // evaluate, is recorded in the set's unsupported list with the reason; returns whether the
  // indicator was compiled.
  bool Add(std::string_view indicator_id, std::string_view pattern);
  // Same for an already parsed pattern.
  bool AddParsed(std::string_view indicator_id, const stix::Pattern& pattern);
  bool AddSimple(std::string_view indicator_id, const SimplePattern& pattern);
  // Records an indicator that is skipped for another reason (e.g. pattern_type not "stix").
  void AddUnsupported(std::string_view indicator_id, std::string reason);

  void Reserve(size_t indicators);
  size_t compiled() const { return set_->indicator_count(); }

  // Builds the lookup structures; the builder is spent afterwards.
  std::unique_ptr<IndicatorSet> Build() &&;

 private:
  struct Value;  // a normalised comparison value
  Result<std::vector<Value>> CompileComparison(const stix::Comparison& c) const;
  bool CompileValue(ValueKind kind, std::string_view text, Value* out) const;
  void Commit(std::string_view id, std::vector<std::pair<std::vector<ExprNode>, std::vector<std::vector<Value>>>>& observations);
  Result<uint32_t> CompileExpr(const stix::ComparisonExpr& e, uint32_t indicator,
                               Observation* obs, std::vector<std::pair<uint32_t, std::vector<Value>>>* terms);

  std::unique_ptr<IndicatorSet> set_;
  std::vector<std::pair<uint32_t, uint32_t>> entry_term_;  // (string entry, term)
};

}  // namespace qx::match
