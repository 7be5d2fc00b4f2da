// Canonical text of a pattern AST.

#include <fmt/format.h>

#include <array>

#include "qx/stix/pattern.h"

namespace qx::stix {
namespace {

constexpr std::array<std::string_view, 19> kReservedWords = {
    "AND",      "OR",      "NOT",   "FOLLOWEDBY", "LIKE",  "MATCHES", "ISSUPERSET",
    "ISSUBSET", "EXISTS",  "LAST",  "IN",         "START", "STOP",    "SECONDS",
    "WITHIN",   "REPEATS", "TIMES", "true",       "false"};

// Keys the grammar reads as an identifier without '-' (and not as a keyword) print bare.
bool IsBareKey(std::string_view key) {
  if (key.empty()) return false;
  const auto word_start = [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
  };
  if (!word_start(key[0])) return false;
  for (const char c : key) {
    if (!word_start(c) && !(c >= '0' && c <= '9')) return false;
  }
  for (const std::string_view word : kReservedWords) {
    if (key == word) return false;
  }
  return true;
}

void AppendQuoted(std::string& out, std::string_view s) {
  out.push_back('\'');
  for (const char c : s) {
    if (c == '\'' || c == '\\') out.push_back('\\');
    out.push_back(c);
  }
  out.push_back('\'');
}

void AppendConstant(std::string& out, const Constant& c) {
  switch (c.type) {
    case ConstantType::kString:
      AppendQuoted(out, c.text);
      return;
    case ConstantType::kInteger:
      out += std::to_string(c.integer);
      return;
    case ConstantType::kFloat:
      out += c.text;
      return;
    case ConstantType::kBoolean:
      out += c.boolean ? "true" : "false";
      return;
    case ConstantType::kTimestamp:
      out += "t'" + c.text + "'";
      return;
    case ConstantType::kBinary:
      out += "b'" + c.text + "'";
      return;
    case ConstantType::kHex:
      out += "h'" + c.text + "'";
      return;
    case ConstantType::kSet:
      out.push_back('(');
      for (size_t i = 0; i < c.elements.size(); ++i) {
        if (i > 0) out += ", ";
        AppendConstant(out, c.elements[i]);
      }
      out.push_back(')');
      return;
  }
}

void AppendKey(std::string& out, std::string_view key) {
  if (IsBareKey(key)) {
    out += key;
  } else {
    AppendQuoted(out, key);
  }
}

void AppendPath(std::string& out, const ObjectPath& path) {
  out += path.object_type;
  out.push_back(':');
  for (size_t i = 0; i < path.steps.size(); ++i) {
    const PathStep& step = path.steps[i];
    switch (step.kind) {
      case PathStep::Kind::kKey:
        if (i > 0) out.push_back('.');
        AppendKey(out, step.key);
        break;
      case PathStep::Kind::kIndex:
        out += fmt::format("[{}]", step.index);
        break;
      case PathStep::Kind::kAnyIndex:
        out += "[*]";
        break;
    }
  }
}

void AppendComparison(std::string& out, const Comparison& c) {
  if (c.op == ComparisonOp::kExists) {
    out += "EXISTS ";
    AppendPath(out, c.path);
    return;
  }
  AppendPath(out, c.path);
  out += c.negated ? " NOT " : " ";
  out += ComparisonOpName(c.op);
  out.push_back(' ');
  AppendConstant(out, c.value);
}

int Precedence(BoolOp op) { return op == BoolOp::kOr ? 1 : op == BoolOp::kAnd ? 2 : 3; }

void AppendComparisonExpr(std::string& out, const ComparisonExpr& e, int outer) {
  if (e.op == BoolOp::kComparison) {
    AppendComparison(out, e.comparison);
    return;
  }
  const int own = Precedence(e.op);
  if (own < outer) out.push_back('(');
  for (size_t i = 0; i < e.operands.size(); ++i) {
    if (i > 0) out += e.op == BoolOp::kAnd ? " AND " : " OR ";
    AppendComparisonExpr(out, e.operands[i], own);
  }
  if (own < outer) out.push_back(')');
}

void AppendQualifier(std::string& out, const Qualifier& q) {
  if (const auto* within = std::get_if<WithinQualifier>(&q)) {
    out += " WITHIN ";
    AppendConstant(out, within->seconds);
    out += " SECONDS";
  } else if (const auto* repeats = std::get_if<RepeatsQualifier>(&q)) {
    out += fmt::format(" REPEATS {} TIMES", repeats->times);
  } else if (const auto* start_stop = std::get_if<StartStopQualifier>(&q)) {
    out += " START ";
    AppendConstant(out, start_stop->start);
    out += " STOP ";
    AppendConstant(out, start_stop->stop);
  }
}

int Precedence(ObservationOp op) {
  switch (op) {
    case ObservationOp::kFollowedBy:
      return 1;
    case ObservationOp::kOr:
      return 2;
    case ObservationOp::kAnd:
      return 3;
    default:
      return 4;
  }
}

std::string_view OperatorText(ObservationOp op) {
  switch (op) {
    case ObservationOp::kFollowedBy:
      return " FOLLOWEDBY ";
    case ObservationOp::kOr:
      return " OR ";
    default:
      return " AND ";
  }
}

void AppendObservation(std::string& out, const ObservationExpr& e, int outer) {
  switch (e.op) {
    case ObservationOp::kObservation:
      out.push_back('[');
      AppendComparisonExpr(out, e.comparison, 0);
      out.push_back(']');
      break;
    case ObservationOp::kGroup:
      out.push_back('(');
      if (!e.operands.empty()) AppendObservation(out, e.operands.front(), 0);
      out.push_back(')');
      break;
    default: {
      // Qualifiers apply to the whole operator only inside parentheses.
      const int own = e.qualifiers.empty() ? Precedence(e.op) : 0;
      const bool parens = !e.qualifiers.empty() || own < outer;
      if (parens) out.push_back('(');
      for (size_t i = 0; i < e.operands.size(); ++i) {
        if (i > 0) out += OperatorText(e.op);
        AppendObservation(out, e.operands[i], Precedence(e.op));
      }
      if (parens) out.push_back(')');
    }
  }
  for (const Qualifier& q : e.qualifiers) AppendQualifier(out, q);
}

}  // namespace

std::string_view ComparisonOpName(ComparisonOp op) {
  switch (op) {
    case ComparisonOp::kEqual:
      return "=";
    case ComparisonOp::kNotEqual:
      return "!=";
    case ComparisonOp::kGreater:
      return ">";
    case ComparisonOp::kLess:
      return "<";
    case ComparisonOp::kGreaterEqual:
      return ">=";
    case ComparisonOp::kLessEqual:
      return "<=";
    case ComparisonOp::kIn:
      return "IN";
    case ComparisonOp::kLike:
      return "LIKE";
    case ComparisonOp::kMatches:
      return "MATCHES";
    case ComparisonOp::kIsSubset:
      return "ISSUBSET";
    case ComparisonOp::kIsSuperset:
      return "ISSUPERSET";
    case ComparisonOp::kExists:
      return "EXISTS";
  }
  return "?";
}

std::string FormatConstant(const Constant& constant) {
  std::string out;
  AppendConstant(out, constant);
  return out;
}

std::string FormatObjectPath(const ObjectPath& path) {
  std::string out;
  AppendPath(out, path);
  return out;
}

std::string FormatComparisonExpr(const ComparisonExpr& expr) {
  std::string out;
  AppendComparisonExpr(out, expr, 0);
  return out;
}

std::string PrintPattern(const Pattern& pattern) {
  std::string out;
  AppendObservation(out, pattern.root, 0);
  return out;
}

}  // namespace qx::stix
