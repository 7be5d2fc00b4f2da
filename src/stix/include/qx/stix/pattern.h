// STIX 2.1 patterning (spec part 9, grammar STIXPattern.g4 of oasis-open/cti-stix2-json-schemas):
// a parser from pattern text to an AST, a printer back to canonical text, and the list of
// comparisons an indicator matcher indexes. Pure: no I/O; every function is thread-safe.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "qx/core/clock.h"
#include "qx/core/result.h"

namespace qx::stix {

// ---- Constants (spec 9.2) ----

enum class ConstantType { kString, kInteger, kFloat, kBoolean, kTimestamp, kBinary, kHex, kSet };

struct Constant {
  ConstantType type = ConstantType::kString;
  // kString: the decoded string (escapes resolved). kInteger, kFloat: canonical decimal text (no
  // '+', a "0" before a leading '.'). kTimestamp: the RFC 3339 text between the quotes. kBinary:
  // the base64 text, line feeds removed. kHex: the hex digits as written.
  std::string text;
  std::string bytes;               // kBinary, kHex: the decoded octets
  int64_t integer = 0;             // kInteger
  double real = 0;                 // kFloat
  bool boolean = false;            // kBoolean
  UnixMillis timestamp = 0;        // kTimestamp, to the millisecond
  std::vector<Constant> elements;  // kSet: primitive constants, possibly none

  bool operator==(const Constant&) const = default;
};

// ---- Object paths (spec 9.7) ----

struct PathStep {
  enum class Kind { kKey, kIndex, kAnyIndex };  // .key or .'key', [n], [*]
  Kind kind = Kind::kKey;
  std::string key;    // kKey
  int64_t index = 0;  // kIndex (the grammar allows negative indexes)

  bool operator==(const PathStep&) const = default;
};

// "file:extensions.'windows-pebinary-ext'.sections[*].entropy": object_type "file", steps
// [key extensions, key windows-pebinary-ext, key sections, any index, key entropy]. The first
// step is always a key (the property name).
struct ObjectPath {
  std::string object_type;
  std::vector<PathStep> steps;

  bool operator==(const ObjectPath&) const = default;
};

// ---- Comparison expressions (spec 9.6) ----

enum class ComparisonOp {
  kEqual,         // =  (also written ==)
  kNotEqual,      // != (also written <>)
  kGreater,       // >
  kLess,          // <
  kGreaterEqual,  // >=
  kLessEqual,     // <=
  kIn,            // IN (set)
  kLike,          // LIKE 'pattern'
  kMatches,       // MATCHES 'regex'
  kIsSubset,      // ISSUBSET 'cidr'
  kIsSuperset,    // ISSUPERSET 'cidr'
  kExists,        // EXISTS path
};

// One comparison: path, operator (optionally preceded by NOT) and constant. For kExists the
// constant is unused (default) and `negated` is false: the grammar has no NOT EXISTS.
struct Comparison {
  ObjectPath path;
  ComparisonOp op = ComparisonOp::kEqual;
  bool negated = false;
  Constant value;

  bool operator==(const Comparison&) const = default;
};

enum class BoolOp { kComparison, kAnd, kOr };

// A comparison or an AND / OR of two or more operands. Nested operators of the same kind are
// flattened ("a AND (b AND c)" is one AND of three), so the printer's parentheses follow from the
// tree: AND binds tighter than OR.
struct ComparisonExpr {
  BoolOp op = BoolOp::kComparison;
  Comparison comparison;                 // kComparison
  std::vector<ComparisonExpr> operands;  // kAnd, kOr

  bool operator==(const ComparisonExpr&) const = default;
};

// ---- Observation expressions (spec 9.5) ----

struct WithinQualifier {
  Constant seconds;  // a positive kInteger or kFloat
  bool operator==(const WithinQualifier&) const = default;
};
struct RepeatsQualifier {
  int64_t times = 1;  // positive
  bool operator==(const RepeatsQualifier&) const = default;
};
struct StartStopQualifier {
  Constant start;  // kTimestamp
  Constant stop;   // kTimestamp
  bool operator==(const StartStopQualifier&) const = default;
};
using Qualifier = std::variant<WithinQualifier, RepeatsQualifier, StartStopQualifier>;

enum class ObservationOp {
  kObservation,  // [ comparison expression ]
  kAnd,          // AND of two or more observation expressions (different observations)
  kOr,
  kFollowedBy,
  kGroup,  // parentheses around one operand that already has qualifiers, re-qualified:
           // "([a] WITHIN 5 SECONDS) WITHIN 9 SECONDS"
};

// Precedence, tightest first: qualifiers (postfix), AND, OR, FOLLOWEDBY; all left to right.
// Same-kind operators are flattened unless the inner one carries qualifiers.
struct ObservationExpr {
  ObservationOp op = ObservationOp::kObservation;
  ComparisonExpr comparison;              // kObservation
  std::vector<ObservationExpr> operands;  // kAnd, kOr, kFollowedBy: two or more; kGroup: one
  std::vector<Qualifier> qualifiers;      // applied in order; at most one of each kind

  bool operator==(const ObservationExpr&) const = default;
};

struct Pattern {
  ObservationExpr root;
  bool operator==(const Pattern&) const = default;
};

// The deepest nesting of parentheses and brackets ParsePattern accepts.
inline constexpr int kMaxPatternNesting = 64;

// Parses a STIX 2.1 pattern. Beyond the grammar it enforces the spec's MUSTs that need no object
// data: qualifier values positive (WITHIN, REPEATS), at most one qualifier of each kind on an
// observation expression, valid timestamp / binary / hex constants, string constants for LIKE,
// MATCHES, ISSUBSET and ISSUPERSET, an IP address or CIDR for ISSUBSET / ISSUPERSET, a set of one
// constant type for IN (integers mix with floats, binary with hex), digests of the right length
// where a path ends in "hashes.<MD5|SHA-1|SHA-256|...>" (as the OASIS pattern validator checks),
// and AND only between comparisons that one object can satisfy (same object type, spec 9.5).
// Keywords are upper case and booleans lower case, as in the grammar. Block and line comments and
// Unicode whitespace are skipped. The regular expression of MATCHES is not compiled here (the
// matcher compiles it). Input must be UTF-8; nesting is bounded by kMaxPatternNesting.
// Errors: kInvalidArgument "at offset N: expected X, found Y" (N is a byte offset).
Result<Pattern> ParsePattern(std::string_view text);

// Canonical text: single spaces around operators, "=" and "!=" for "==" and "<>", minimal
// parentheses, quoted path keys only where needed. ParsePattern(PrintPattern(p)) == p.
std::string PrintPattern(const Pattern& pattern);
std::string FormatComparisonExpr(const ComparisonExpr& expr);
std::string FormatObjectPath(const ObjectPath& path);
std::string FormatConstant(const Constant& constant);
std::string_view ComparisonOpName(ComparisonOp op);  // "=", "!=", ..., "IN", "EXISTS"

// A comparison with the observation expression ([...]) it belongs to: observations are numbered
// from 0 in the order their '[' appears in the pattern text.
struct PatternComparison {
  size_t observation = 0;
  Comparison comparison;

  bool operator==(const PatternComparison&) const = default;
};

// Every comparison of the pattern, in text order.
std::vector<PatternComparison> ListComparisons(const Pattern& pattern);

// The kObservation nodes of the pattern in text order (index i is observation i above). The
// pointers are into `pattern`, valid while it lives unchanged.
std::vector<const ObservationExpr*> ListObservations(const Pattern& pattern);

}  // namespace qx::stix
