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

// One comparison value, normalised; string kinds also carry HashValue(kind, text, false), so that
// the table insert needs no second pass over the text.
struct CompiledValue {
  ValueKind kind = ValueKind::kIpv4;
  std::string text;  // string kinds: the normalised value
  uint64_t hash = 0;
  Ipv4Range v4;
  Ipv6Range v6;
};
// The part of adding a simple pattern that needs no builder: normalising (and hashing) its value.
// Thread-safe, so that a loader runs it for many patterns in parallel and then adds them in order
// with AddPrepared. False when the value is not valid for its kind.
bool PrepareSimple(const SimplePattern& pattern, CompiledValue* out);

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
  // AddSimple in two steps: `value` is what PrepareSimple made of `pattern` (`prepared` its result).
  // Gives exactly the set AddParsed gives for the same pattern, without per-indicator allocations.
  bool AddPrepared(std::string_view indicator_id, const SimplePattern& pattern, bool prepared,
                   CompiledValue& value);
  // Starts loading the table slot this value will go to (a loader calls it a few values ahead).
  void Prefetch(const CompiledValue& value) const;
  // The TLP of the indicator the last Add* call compiled (for the sightings of it); indicators
  // without one have none.
  void SetLastTlp(stix::Tlp tlp);
  // Records an indicator that is skipped for another reason (e.g. pattern_type not "stix").
  void AddUnsupported(std::string_view indicator_id, std::string reason);

  void Reserve(size_t indicators);
  size_t compiled() const { return set_->indicator_count(); }

  // Builds the lookup structures; the builder is spent afterwards.
  std::unique_ptr<IndicatorSet> Build() &&;

 private:
  using Value = CompiledValue;
  Result<std::vector<Value>> CompileComparison(const stix::Comparison& c) const;
  void AddValue(Value& v, uint32_t term);
  void Commit(std::string_view id, std::vector<std::pair<std::vector<ExprNode>, std::vector<std::vector<Value>>>>& observations);
  Result<uint32_t> CompileExpr(const stix::ComparisonExpr& e, uint32_t indicator,
                               Observation* obs, std::vector<std::pair<uint32_t, std::vector<Value>>>* terms);

  std::unique_ptr<IndicatorSet> set_;
  std::vector<std::pair<uint32_t, uint32_t>> entry_term_;  // (string entry, term)
};

}  // namespace qx::match
