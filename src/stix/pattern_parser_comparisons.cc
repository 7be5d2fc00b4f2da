// The comparison-expression rules of the parser: boolean operators, comparisons, constants, sets
// and object paths.

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <iterator>
#include <utility>

#include "ip_address.h"
#include "pattern_parser.h"
#include "pattern_rules.h"

namespace qx::stix::detail {
namespace {

bool IsKeyword(TokenKind kind) { return kind >= TokenKind::kAnd && kind <= TokenKind::kTimes; }

bool IsLiteral(TokenKind kind) { return kind >= TokenKind::kBoolean && kind <= TokenKind::kHex; }

constexpr std::array<std::pair<TokenKind, ComparisonOp>, 11> kOperators = {{
    {TokenKind::kEq, ComparisonOp::kEqual},
    {TokenKind::kNeq, ComparisonOp::kNotEqual},
    {TokenKind::kGt, ComparisonOp::kGreater},
    {TokenKind::kLt, ComparisonOp::kLess},
    {TokenKind::kGe, ComparisonOp::kGreaterEqual},
    {TokenKind::kLe, ComparisonOp::kLessEqual},
    {TokenKind::kIn, ComparisonOp::kIn},
    {TokenKind::kLike, ComparisonOp::kLike},
    {TokenKind::kMatches, ComparisonOp::kMatches},
    {TokenKind::kIsSubset, ComparisonOp::kIsSubset},
    {TokenKind::kIsSuperset, ComparisonOp::kIsSuperset},
}};

std::string FormatTypes(const TypeSet& types) {
  std::string out;
  for (const std::string& t : types) out += (out.empty() ? "'" : ", '") + t + "'";
  return out;
}

TypedExpr MakeOperator(BoolOp op, TypeSet types) {
  TypedExpr node;
  node.expr.op = op;
  node.types = std::move(types);
  return node;
}

// Flattens "a OP (b OP c)".
void AppendOperand(ComparisonExpr& node, ComparisonExpr&& operand) {
  if (operand.op == node.op) {
    std::move(operand.operands.begin(), operand.operands.end(), std::back_inserter(node.operands));
  } else {
    node.operands.push_back(std::move(operand));
  }
}

}  // namespace

Result<TypedExpr> Parser::ParseComparisonOr() {
  QX_ASSIGN_OR_RETURN(TypedExpr first, ParseComparisonAnd());
  if (!At(TokenKind::kOr)) return first;
  TypedExpr node = MakeOperator(BoolOp::kOr, std::move(first.types));
  AppendOperand(node.expr, std::move(first.expr));
  while (At(TokenKind::kOr)) {
    QX_RETURN_IF_ERROR(Advance());
    QX_ASSIGN_OR_RETURN(TypedExpr operand, ParseComparisonAnd());
    TypeSet merged;
    std::set_union(node.types.begin(), node.types.end(), operand.types.begin(), operand.types.end(),
                   std::back_inserter(merged));
    node.types = std::move(merged);
    AppendOperand(node.expr, std::move(operand.expr));
  }
  return node;
}

Result<TypedExpr> Parser::ParseComparisonAnd() {
  QX_ASSIGN_OR_RETURN(TypedExpr first, ParsePropTest());
  if (!At(TokenKind::kAnd)) return first;
  TypedExpr node = MakeOperator(BoolOp::kAnd, std::move(first.types));
  AppendOperand(node.expr, std::move(first.expr));
  while (At(TokenKind::kAnd)) {
    const size_t and_offset = cur_.offset;
    QX_RETURN_IF_ERROR(Advance());
    QX_ASSIGN_OR_RETURN(TypedExpr operand, ParsePropTest());
    TypeSet shared;
    std::set_intersection(node.types.begin(), node.types.end(), operand.types.begin(),
                          operand.types.end(), std::back_inserter(shared));
    if (shared.empty()) {
      return SyntaxError(
          and_offset,
          fmt::format("expected comparisons that one object can satisfy on both sides of AND, "
                      "found object types {} and {} (join different object types with OR)",
                      FormatTypes(node.types), FormatTypes(operand.types)));
    }
    node.types = std::move(shared);
    AppendOperand(node.expr, std::move(operand.expr));
  }
  return node;
}

Result<TypedExpr> Parser::ParsePropTest() {
  if (At(TokenKind::kLParen)) {
    QX_RETURN_IF_ERROR(Enter());
    QX_ASSIGN_OR_RETURN(TypedExpr inner, ParseComparisonOr());
    QX_RETURN_IF_ERROR(Expect(TokenKind::kRParen, "AND, OR or ')'"));
    --depth_;
    return inner;
  }
  TypedExpr leaf;
  Comparison& c = leaf.expr.comparison;
  if (At(TokenKind::kExists)) {
    QX_RETURN_IF_ERROR(Advance());
    QX_ASSIGN_OR_RETURN(c.path, ParseObjectPath());
    c.op = ComparisonOp::kExists;
    leaf.types = {c.path.object_type};
    return leaf;
  }
  if (At(TokenKind::kNot)) {
    return Expected("an object path, '(' or EXISTS (NOT goes between the path and the operator)");
  }
  if (!At(TokenKind::kIdentifier)) return Expected("an object path, '(' or EXISTS");
  QX_ASSIGN_OR_RETURN(c.path, ParseObjectPath());
  leaf.types = {c.path.object_type};
  if (At(TokenKind::kNot)) {
    c.negated = true;
    QX_RETURN_IF_ERROR(Advance());
  }
  const auto op = std::find_if(kOperators.begin(), kOperators.end(),
                               [&](const auto& entry) { return entry.first == cur_.kind; });
  if (op == kOperators.end()) {
    return Expected(
        "a comparison operator (=, !=, <, <=, >, >=, IN, LIKE, MATCHES, ISSUBSET, ISSUPERSET)");
  }
  c.op = op->second;
  const std::string op_name(cur_.text);
  QX_RETURN_IF_ERROR(Advance());
  const size_t value_offset = cur_.offset;
  QX_ASSIGN_OR_RETURN(c.value, ParseOperand(c.op, op_name));
  QX_RETURN_IF_ERROR(CheckHashConstant(c, value_offset));
  return leaf;
}

Result<Constant> Parser::ParseOperand(ComparisonOp op, std::string_view op_name) {
  switch (op) {
    case ComparisonOp::kEqual:
    case ComparisonOp::kNotEqual:
      return TakeLiteral(true, fmt::format("a constant after '{}'", op_name));
    case ComparisonOp::kIn:
      return ParseSet();
    case ComparisonOp::kLike:
    case ComparisonOp::kMatches:
    case ComparisonOp::kIsSubset:
    case ComparisonOp::kIsSuperset: {
      if (!At(TokenKind::kString)) {
        return Expected(fmt::format("a string constant after {}", op_name));
      }
      const std::string& s = cur_.constant.text;
      if ((op == ComparisonOp::kIsSubset || op == ComparisonOp::kIsSuperset) && !IsIpv4Cidr(s) &&
          !IsIpv6Cidr(s)) {
        return Expected(fmt::format("an IPv4 or IPv6 address or CIDR string after {}", op_name));
      }
      return TakeLiteral(false, "");
    }
    default:  // ordering
      return TakeLiteral(false,
                         fmt::format("an orderable constant (not a boolean) after '{}'", op_name));
  }
}

Result<Constant> Parser::TakeLiteral(bool allow_bool, std::string_view what) {
  if (!IsLiteral(cur_.kind) || (!allow_bool && At(TokenKind::kBoolean))) return Expected(what);
  Constant c = std::move(cur_.constant);
  QX_RETURN_IF_ERROR(Advance());
  return c;
}

Result<Constant> Parser::ParseSet() {
  if (!At(TokenKind::kLParen)) return Expected("'(' to start the set after IN");
  QX_RETURN_IF_ERROR(Advance());
  Constant set;
  set.type = ConstantType::kSet;
  if (At(TokenKind::kRParen)) {
    QX_RETURN_IF_ERROR(Advance());
    return set;
  }
  while (true) {
    if (!set.elements.empty() && IsLiteral(cur_.kind) &&
        !SameSetType(set.elements.front().type, cur_.constant.type)) {
      return Expected("a constant of the same type as the set's first element");
    }
    QX_ASSIGN_OR_RETURN(Constant element, TakeLiteral(true, "a constant in the set"));
    set.elements.push_back(std::move(element));
    if (At(TokenKind::kRParen)) break;
    QX_RETURN_IF_ERROR(Expect(TokenKind::kComma, "',' or ')' in the set"));
  }
  QX_RETURN_IF_ERROR(Advance());
  return set;
}

Result<std::string> Parser::ParseKey() {
  if (At(TokenKind::kString)) {
    std::string key = std::move(cur_.constant.text);
    QX_RETURN_IF_ERROR(Advance());
    return key;
  }
  if (At(TokenKind::kIdentifier) && cur_.has_hyphen) {
    return Expected(fmt::format("a property name (quote names with '-': '{}')", cur_.text));
  }
  if (IsKeyword(cur_.kind) || At(TokenKind::kBoolean)) {
    return Expected(
        fmt::format("a property name (quote names that are keywords: '{}')", cur_.text));
  }
  if (!At(TokenKind::kIdentifier)) return Expected("a property name");
  std::string key(cur_.text);
  QX_RETURN_IF_ERROR(Advance());
  return key;
}

Result<ObjectPath> Parser::ParseObjectPath() {
  ObjectPath path;
  if (!At(TokenKind::kIdentifier)) return Expected("an object type");
  path.object_type = std::string(cur_.text);
  QX_RETURN_IF_ERROR(Advance());
  QX_RETURN_IF_ERROR(
      Expect(TokenKind::kColon, fmt::format("':' after the object type '{}'", path.object_type)));
  PathStep first;
  QX_ASSIGN_OR_RETURN(first.key, ParseKey());
  path.steps.push_back(std::move(first));
  while (At(TokenKind::kDot) || At(TokenKind::kLBracket)) {
    PathStep step;
    const bool key = At(TokenKind::kDot);
    QX_RETURN_IF_ERROR(Advance());
    if (key) {
      QX_ASSIGN_OR_RETURN(step.key, ParseKey());
    } else {
      if (At(TokenKind::kAsterisk)) {
        step.kind = PathStep::Kind::kAnyIndex;
      } else if (At(TokenKind::kInteger)) {
        step.kind = PathStep::Kind::kIndex;
        step.index = cur_.constant.integer;
      } else {
        return Expected("a list index (an integer or '*')");
      }
      QX_RETURN_IF_ERROR(Advance());
      QX_RETURN_IF_ERROR(Expect(TokenKind::kRBracket, "']' after the list index"));
    }
    path.steps.push_back(std::move(step));
  }
  return path;
}

}  // namespace qx::stix::detail
