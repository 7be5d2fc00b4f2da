// The spec's rules on pattern values beyond the grammar, and error-message helpers of the parser.

#include "pattern_rules.h"

#include <fmt/format.h>

#include <algorithm>
#include <utility>

namespace qx::stix::detail {
namespace {

// The hex length of a digest a pattern names after "hashes." ("SHA-256", "sha256", ...), with case
// and '-' ignored as the OASIS pattern validator does; 0 for other algorithms (SSDEEP, TLSH, ...).
size_t DigestHexLength(std::string_view algorithm) {
  std::string name;
  for (const char c : algorithm) {
    if (c != '-') name.push_back(static_cast<char>(c >= 'a' && c <= 'z' ? c - 'a' + 'A' : c));
  }
  static constexpr std::pair<std::string_view, size_t> kDigests[] = {
      {"MD5", 32},     {"SHA1", 40},     {"SHA224", 56},    {"SHA256", 64},
      {"SHA384", 96},  {"SHA512", 128},  {"SHA3224", 56},   {"SHA3256", 64},
      {"SHA3384", 96}, {"SHA3512", 128}, {"RIPEMD160", 40}, {"WHIRLPOOL", 128}};
  for (const auto& [digest, length] : kDigests) {
    if (name == digest) return length;
  }
  return 0;
}

bool IsHexOfLength(std::string_view s, size_t length) {
  return s.size() == length && std::all_of(s.begin(), s.end(), [](char c) {
           return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
         });
}

}  // namespace

// A hint for a lower-case keyword ("within"), which the grammar reads as an identifier.
std::string CaseHint(const Token& token) {
  if (token.kind != TokenKind::kIdentifier) return "";
  std::string upper(token.text);
  for (char& c : upper) c = static_cast<char>(c >= 'a' && c <= 'z' ? c - 'a' + 'A' : c);
  static constexpr std::string_view kWords[] = {
      "AND",    "OR", "NOT",   "FOLLOWEDBY", "LIKE",    "MATCHES", "ISSUPERSET", "ISSUBSET",
      "EXISTS", "IN", "START", "STOP",       "SECONDS", "WITHIN",  "REPEATS",    "TIMES"};
  for (const std::string_view word : kWords) {
    if (upper == word && token.text != word) return " (keywords are upper case)";
  }
  if (upper == "TRUE" || upper == "FALSE") return " (booleans are lower case)";
  return "";
}

// "<type>:...hashes.'SHA-256' = 'f00'": a digest of the wrong length can never match.
Status CheckHashConstant(const Comparison& c, size_t offset) {
  const std::vector<PathStep>& steps = c.path.steps;
  if ((c.op != ComparisonOp::kEqual && c.op != ComparisonOp::kNotEqual &&
       c.op != ComparisonOp::kIn) ||
      steps.size() < 2 || steps.back().kind != PathStep::Kind::kKey ||
      steps[steps.size() - 2].kind != PathStep::Kind::kKey ||
      steps[steps.size() - 2].key != "hashes") {
    return Ok();
  }
  const std::string& algorithm = steps.back().key;
  const size_t length = DigestHexLength(algorithm);
  if (length == 0) return Ok();
  const std::vector<Constant> single = {c.value};
  for (const Constant& k : c.op == ComparisonOp::kIn ? c.value.elements : single) {
    if (k.type == ConstantType::kString && !IsHexOfLength(k.text, length)) {
      return SyntaxError(offset, fmt::format("expected a {} hash of {} hex digits, found '{}'",
                                             algorithm, length, k.text.substr(0, 140)));
    }
  }
  return Ok();
}

std::string_view QualifierName(const Qualifier& q) {
  if (std::holds_alternative<WithinQualifier>(q)) return "WITHIN";
  if (std::holds_alternative<RepeatsQualifier>(q)) return "REPEATS";
  return "START/STOP";
}

bool SameSetType(ConstantType a, ConstantType b) {
  auto numeric = [](ConstantType t) {
    return t == ConstantType::kInteger || t == ConstantType::kFloat;
  };
  auto octets = [](ConstantType t) {
    return t == ConstantType::kBinary || t == ConstantType::kHex;
  };
  return a == b || (numeric(a) && numeric(b)) || (octets(a) && octets(b));
}

}  // namespace qx::stix::detail
