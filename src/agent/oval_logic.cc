#include "qx/agent/oval_logic.h"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cstdlib>

#include "qx/agent/regex.h"

namespace qx::agent {
namespace {

struct Counts {
  int t = 0, f = 0, e = 0, u = 0, ne = 0, na = 0;
};

Counts Count(const std::vector<OvalResult>& results) {
  Counts c;
  for (OvalResult r : results) {
    switch (r) {
      case OvalResult::kTrue: ++c.t; break;
      case OvalResult::kFalse: ++c.f; break;
      case OvalResult::kError: ++c.e; break;
      case OvalResult::kUnknown: ++c.u; break;
      case OvalResult::kNotEvaluated: ++c.ne; break;
      case OvalResult::kNotApplicable: ++c.na; break;
    }
  }
  return c;
}

// The first of error, unknown, not evaluated that occurs: what an undecided combination yields.
OvalResult Undecided(const Counts& c) {
  if (c.e) return OvalResult::kError;
  if (c.u) return OvalResult::kUnknown;
  return OvalResult::kNotEvaluated;
}

std::string Lower(std::string_view s) {
  std::string out(s);
  std::transform(out.begin(), out.end(), out.begin(), [](unsigned char ch) { return std::tolower(ch); });
  return out;
}

std::string_view Trim(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
  return s;
}

Result<long long> ParseInt(std::string_view s) {
  s = Trim(s);
  if (!s.empty() && s.front() == '+') s.remove_prefix(1);
  long long v = 0;
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (s.empty() || ec != std::errc() || p != s.data() + s.size()) {
    return MakeError(ErrorCode::kInvalidArgument, "'" + std::string(s) + "' is not an int");
  }
  return v;
}

Result<bool> ParseBool(std::string_view s) {
  const std::string l = Lower(Trim(s));
  if (l == "true" || l == "1") return true;
  if (l == "false" || l == "0") return false;
  return MakeError(ErrorCode::kInvalidArgument, "'" + std::string(s) + "' is not a boolean");
}

template <typename T>
Result<bool> Ordered(std::string_view op, const T& a, const T& b) {
  if (op == "equals") return a == b;
  if (op == "not equal") return a != b;
  if (op == "greater than") return a > b;
  if (op == "less than") return a < b;
  if (op == "greater than or equal") return a >= b;
  if (op == "less than or equal") return a <= b;
  return MakeError(ErrorCode::kInvalidArgument, "operation '" + std::string(op) + "' not valid here");
}

// dpkg's verrevcmp: letters sort before non-letters, '~' before everything, digits numerically.
int Order(char c) {
  if (std::isdigit(static_cast<unsigned char>(c))) return 0;
  if (std::isalpha(static_cast<unsigned char>(c))) return c;
  if (c == '~') return -1;
  if (c) return c + 256;
  return 0;
}

int VerRevCmp(std::string_view a, std::string_view b) {
  size_t i = 0, j = 0;
  while (i < a.size() || j < b.size()) {
    int first_diff = 0;
    while ((i < a.size() && !std::isdigit(static_cast<unsigned char>(a[i]))) ||
           (j < b.size() && !std::isdigit(static_cast<unsigned char>(b[j])))) {
      const int ac = i < a.size() ? Order(a[i]) : 0;
      const int bc = j < b.size() ? Order(b[j]) : 0;
      if (ac != bc) return ac - bc;
      ++i;
      ++j;
    }
    while (i < a.size() && a[i] == '0') ++i;
    while (j < b.size() && b[j] == '0') ++j;
    while (i < a.size() && std::isdigit(static_cast<unsigned char>(a[i])) && j < b.size() &&
           std::isdigit(static_cast<unsigned char>(b[j]))) {
      if (!first_diff) first_diff = a[i] - b[j];
      ++i;
      ++j;
    }
    if (i < a.size() && std::isdigit(static_cast<unsigned char>(a[i]))) return 1;
    if (j < b.size() && std::isdigit(static_cast<unsigned char>(b[j]))) return -1;
    if (first_diff) return first_diff;
  }
  return 0;
}

struct DebVersion {
  long long epoch = 0;
  std::string_view upstream, revision;
};

DebVersion SplitDebian(std::string_view v) {
  DebVersion d;
  const size_t colon = v.find(':');
  if (colon != std::string_view::npos) {
    auto e = ParseInt(v.substr(0, colon));
    d.epoch = e ? *e : 0;
    v.remove_prefix(colon + 1);
  }
  const size_t dash = v.rfind('-');
  if (dash != std::string_view::npos) {
    d.upstream = v.substr(0, dash);
    d.revision = v.substr(dash + 1);
  } else {
    d.upstream = v;
  }
  return d;
}

// "version" datatype: components separated by '.', '-' or '_', compared numerically when both are
// numbers, otherwise as text.
int CompareDottedVersions(std::string_view a, std::string_view b) {
  auto next = [](std::string_view& s) {
    const size_t cut = s.find_first_of(".-_");
    std::string_view part = s.substr(0, cut);
    s = cut == std::string_view::npos ? std::string_view() : s.substr(cut + 1);
    return part;
  };
  while (!a.empty() || !b.empty()) {
    std::string_view pa = next(a), pb = next(b);
    auto ia = ParseInt(pa.empty() ? "0" : pa);
    auto ib = ParseInt(pb.empty() ? "0" : pb);
    if (ia && ib) {
      if (*ia != *ib) return *ia < *ib ? -1 : 1;
    } else if (pa != pb) {
      return pa < pb ? -1 : 1;
    }
  }
  return 0;
}

}  // namespace

std::string_view OvalResultName(OvalResult r) {
  switch (r) {
    case OvalResult::kTrue: return "true";
    case OvalResult::kFalse: return "false";
    case OvalResult::kError: return "error";
    case OvalResult::kUnknown: return "unknown";
    case OvalResult::kNotEvaluated: return "not evaluated";
    case OvalResult::kNotApplicable: return "not applicable";
  }
  return "error";
}

OvalResult Negate(OvalResult r) {
  if (r == OvalResult::kTrue) return OvalResult::kFalse;
  if (r == OvalResult::kFalse) return OvalResult::kTrue;
  return r;
}

Result<OvalOperator> ParseOperator(std::string_view text) {
  if (text.empty() || text == "AND") return OvalOperator::kAnd;
  if (text == "OR") return OvalOperator::kOr;
  if (text == "ONE") return OvalOperator::kOne;
  if (text == "XOR") return OvalOperator::kXor;
  return MakeError(ErrorCode::kInvalidArgument, "unknown operator '" + std::string(text) + "'");
}

OvalResult Combine(OvalOperator op, const std::vector<OvalResult>& results) {
  const Counts c = Count(results);
  if (results.empty() || c.na == static_cast<int>(results.size())) return OvalResult::kNotApplicable;
  const bool undecided = c.e || c.u || c.ne;
  switch (op) {
    case OvalOperator::kAnd:
      if (c.f) return OvalResult::kFalse;
      return undecided ? Undecided(c) : OvalResult::kTrue;
    case OvalOperator::kOr:
      if (c.t) return OvalResult::kTrue;
      return undecided ? Undecided(c) : OvalResult::kFalse;
    case OvalOperator::kOne:
      if (c.t >= 2) return OvalResult::kFalse;
      if (!undecided) return c.t == 1 ? OvalResult::kTrue : OvalResult::kFalse;
      return Undecided(c);
    case OvalOperator::kXor:
      if (undecided) return Undecided(c);
      return c.t % 2 == 1 ? OvalResult::kTrue : OvalResult::kFalse;
  }
  return OvalResult::kError;
}

Result<OvalCheck> ParseCheck(std::string_view text) {
  if (text.empty() || text == "all") return OvalCheck::kAll;
  if (text == "at least one") return OvalCheck::kAtLeastOne;
  if (text == "none satisfy" || text == "none exist") return OvalCheck::kNoneSatisfy;
  if (text == "only one") return OvalCheck::kOnlyOne;
  return MakeError(ErrorCode::kInvalidArgument, "unknown check '" + std::string(text) + "'");
}

OvalResult ApplyCheck(OvalCheck check, const std::vector<OvalResult>& results) {
  const Counts c = Count(results);
  if (results.empty() || c.na == static_cast<int>(results.size())) return OvalResult::kNotApplicable;
  const bool undecided = c.e || c.u || c.ne;
  switch (check) {
    case OvalCheck::kAll: return Combine(OvalOperator::kAnd, results);
    case OvalCheck::kAtLeastOne: return Combine(OvalOperator::kOr, results);
    case OvalCheck::kOnlyOne: return Combine(OvalOperator::kOne, results);
    case OvalCheck::kNoneSatisfy:
      if (c.t) return OvalResult::kFalse;
      return undecided ? Undecided(c) : OvalResult::kTrue;
  }
  return OvalResult::kError;
}

Result<OvalExistence> ParseExistence(std::string_view text) {
  if (text.empty() || text == "at_least_one_exists") return OvalExistence::kAtLeastOneExists;
  if (text == "all_exist") return OvalExistence::kAllExist;
  if (text == "any_exist") return OvalExistence::kAnyExist;
  if (text == "none_exist") return OvalExistence::kNoneExist;
  if (text == "only_one_exists") return OvalExistence::kOnlyOneExists;
  return MakeError(ErrorCode::kInvalidArgument, "unknown check_existence '" + std::string(text) + "'");
}

int CompareDebianVersions(std::string_view a, std::string_view b) {
  const DebVersion x = SplitDebian(a), y = SplitDebian(b);
  if (x.epoch != y.epoch) return x.epoch < y.epoch ? -1 : 1;
  if (int r = VerRevCmp(x.upstream, y.upstream)) return r;
  return VerRevCmp(x.revision, y.revision);
}

Result<bool> CompareValues(std::string_view datatype, std::string_view op, std::string_view item,
                           std::string_view state) {
  if (op.empty()) op = "equals";
  if (datatype.empty()) datatype = "string";
  if (datatype == "string" || datatype == "ipv4_address" || datatype == "ipv6_address") {
    if (op == "pattern match") {
      QX_ASSIGN_OR_RETURN(auto re, Regex::Cached(state));
      return re->Search(item);
    }
    if (op == "case insensitive equals") return Lower(item) == Lower(state);
    if (op == "case insensitive not equal") return Lower(item) != Lower(state);
    return Ordered(op, item, state);
  }
  if (datatype == "int") {
    QX_ASSIGN_OR_RETURN(long long a, ParseInt(item));
    QX_ASSIGN_OR_RETURN(long long b, ParseInt(state));
    if (op == "bitwise and") return (a & b) == b;
    if (op == "bitwise or") return (a | b) == b;
    return Ordered(op, a, b);
  }
  if (datatype == "float") {
    char* end = nullptr;
    const std::string sa(Trim(item)), sb(Trim(state));
    const double a = std::strtod(sa.c_str(), &end);
    if (sa.empty() || *end) return MakeError(ErrorCode::kInvalidArgument, "'" + sa + "' is not a float");
    const double b = std::strtod(sb.c_str(), &end);
    if (sb.empty() || *end) return MakeError(ErrorCode::kInvalidArgument, "'" + sb + "' is not a float");
    return Ordered(op, a, b);
  }
  if (datatype == "boolean") {
    QX_ASSIGN_OR_RETURN(bool a, ParseBool(item));
    QX_ASSIGN_OR_RETURN(bool b, ParseBool(state));
    if (op == "equals") return a == b;
    if (op == "not equal") return a != b;
    return MakeError(ErrorCode::kInvalidArgument, "operation '" + std::string(op) + "' not valid for boolean");
  }
  if (datatype == "debian_evr_string" || datatype == "evr_string") {
    return Ordered(op, CompareDebianVersions(item, state), 0);
  }
  if (datatype == "version") return Ordered(op, CompareDottedVersions(item, state), 0);
  if (datatype == "binary") {
    if (op == "equals") return Lower(item) == Lower(state);
    if (op == "not equal") return Lower(item) != Lower(state);
  }
  return MakeError(ErrorCode::kInvalidArgument, "datatype '" + std::string(datatype) +
                                                    "' with operation '" + std::string(op) +
                                                    "' is not supported");
}

}  // namespace qx::agent
