// ParsePattern, and the observation-expression rules of the parser.

#include "pattern_parser.h"

#include <fmt/format.h>

#include <iterator>
#include <utility>

#include "pattern_rules.h"

namespace qx::stix {
namespace detail {
namespace {

// Flattens "a OP (b OP c)" unless the inner operator carries qualifiers.
void AppendOperand(ObservationExpr& node, ObservationExpr&& operand) {
  if (operand.op == node.op && operand.qualifiers.empty()) {
    std::move(operand.operands.begin(), operand.operands.end(), std::back_inserter(node.operands));
  } else {
    node.operands.push_back(std::move(operand));
  }
}

}  // namespace

Result<Pattern> Parser::Parse() {
  QX_RETURN_IF_ERROR(Advance());
  Pattern pattern;
  QX_ASSIGN_OR_RETURN(pattern.root, ParseObservations());
  if (!At(TokenKind::kEnd)) {
    return Expected("AND, OR, FOLLOWEDBY, a qualifier or end of pattern");
  }
  return pattern;
}

Status Parser::Advance() {
  QX_ASSIGN_OR_RETURN(cur_, lexer_.Next());
  return Ok();
}

tl::unexpected<Error> Parser::Expected(std::string_view what) const {
  return SyntaxError(cur_.offset,
                     fmt::format("expected {}, found {}{}", what, Describe(cur_), CaseHint(cur_)));
}

Status Parser::Expect(TokenKind kind, std::string_view what) {
  if (!At(kind)) return Expected(what);
  return Advance();
}

Status Parser::Enter() {
  if (++depth_ > kMaxPatternNesting) {
    return SyntaxError(cur_.offset, fmt::format("expected at most {} levels of nesting, found more",
                                                kMaxPatternNesting));
  }
  return Advance();
}

Result<ObservationExpr> Parser::ParseObservationLevel(TokenKind token, ObservationOp op,
                                                      ObservationRule next) {
  QX_ASSIGN_OR_RETURN(ObservationExpr first, (this->*next)());
  if (!At(token)) return first;
  ObservationExpr node;
  node.op = op;
  AppendOperand(node, std::move(first));
  while (At(token)) {
    QX_RETURN_IF_ERROR(Advance());
    QX_ASSIGN_OR_RETURN(ObservationExpr operand, (this->*next)());
    AppendOperand(node, std::move(operand));
  }
  return node;
}

Result<ObservationExpr> Parser::ParseObservations() {
  return ParseObservationLevel(TokenKind::kFollowedBy, ObservationOp::kFollowedBy,
                               &Parser::ParseObservationOr);
}

Result<ObservationExpr> Parser::ParseObservationOr() {
  return ParseObservationLevel(TokenKind::kOr, ObservationOp::kOr, &Parser::ParseObservationAnd);
}

Result<ObservationExpr> Parser::ParseObservationAnd() {
  return ParseObservationLevel(TokenKind::kAnd, ObservationOp::kAnd, &Parser::ParseObservationUnit);
}

Result<ObservationExpr> Parser::ParseObservationUnit() {
  ObservationExpr unit;
  if (At(TokenKind::kLBracket)) {
    QX_RETURN_IF_ERROR(Enter());
    QX_ASSIGN_OR_RETURN(TypedExpr body, ParseComparisonOr());
    unit.comparison = std::move(body.expr);
    QX_RETURN_IF_ERROR(Expect(TokenKind::kRBracket, "AND, OR or ']'"));
    --depth_;
    QX_RETURN_IF_ERROR(ParseQualifiers(unit.qualifiers));
    return unit;
  }
  if (!At(TokenKind::kLParen)) return Expected("'[' or '(' to start an observation expression");
  QX_RETURN_IF_ERROR(Enter());
  QX_ASSIGN_OR_RETURN(ObservationExpr inner, ParseObservations());
  QX_RETURN_IF_ERROR(Expect(TokenKind::kRParen, "AND, OR, FOLLOWEDBY, a qualifier or ')'"));
  --depth_;
  std::vector<Qualifier> qualifiers;
  QX_RETURN_IF_ERROR(ParseQualifiers(qualifiers));
  if (qualifiers.empty()) return inner;  // the parentheses only grouped
  if (inner.qualifiers.empty()) {
    inner.qualifiers = std::move(qualifiers);
    return inner;
  }
  // "([a] WITHIN 5 SECONDS) WITHIN 9 SECONDS": keep both levels apart.
  unit.op = ObservationOp::kGroup;
  unit.operands.push_back(std::move(inner));
  unit.qualifiers = std::move(qualifiers);
  return unit;
}

Status Parser::ParseQualifiers(std::vector<Qualifier>& out) {
  while (At(TokenKind::kWithin) || At(TokenKind::kRepeats) || At(TokenKind::kStart)) {
    const size_t offset = cur_.offset;
    QX_ASSIGN_OR_RETURN(Qualifier qualifier, ParseQualifier());
    for (const Qualifier& q : out) {
      if (q.index() == qualifier.index()) {
        return SyntaxError(offset, fmt::format("expected at most one {0} qualifier on an "
                                               "observation expression, found a second {0} "
                                               "(parenthesize to qualify the qualified one)",
                                               QualifierName(q)));
      }
    }
    out.push_back(std::move(qualifier));
  }
  return Ok();
}

Result<Qualifier> Parser::ParseQualifier() {
  if (At(TokenKind::kWithin)) {
    QX_RETURN_IF_ERROR(Advance());
    const bool number = At(TokenKind::kInteger) || At(TokenKind::kFloat);
    const Constant& c = cur_.constant;
    if (!number || (At(TokenKind::kInteger) ? c.integer <= 0 : c.real <= 0)) {
      return Expected("a positive number of seconds after WITHIN");
    }
    WithinQualifier within{c};
    QX_RETURN_IF_ERROR(Advance());
    QX_RETURN_IF_ERROR(Expect(TokenKind::kSeconds, "SECONDS"));
    return within;
  }
  if (At(TokenKind::kRepeats)) {
    QX_RETURN_IF_ERROR(Advance());
    if (!At(TokenKind::kInteger) || cur_.constant.integer <= 0) {
      return Expected("a positive integer after REPEATS");
    }
    RepeatsQualifier repeats{cur_.constant.integer};
    QX_RETURN_IF_ERROR(Advance());
    QX_RETURN_IF_ERROR(Expect(TokenKind::kTimes, "TIMES"));
    return repeats;
  }
  QX_RETURN_IF_ERROR(Advance());  // START
  StartStopQualifier start_stop;
  if (!At(TokenKind::kTimestamp)) return Expected("a timestamp t'...' after START");
  start_stop.start = cur_.constant;
  QX_RETURN_IF_ERROR(Advance());
  QX_RETURN_IF_ERROR(Expect(TokenKind::kStop, "STOP"));
  if (!At(TokenKind::kTimestamp)) return Expected("a timestamp t'...' after STOP");
  start_stop.stop = cur_.constant;
  QX_RETURN_IF_ERROR(Advance());
  return start_stop;
}

}  // namespace detail

Result<Pattern> ParsePattern(std::string_view text) {
  const size_t bad = detail::FindInvalidUtf8(text);
  if (bad != std::string_view::npos) {
    return detail::SyntaxError(bad, "expected UTF-8 text, found an invalid byte sequence");
  }
  return detail::Parser(text).Parse();
}

}  // namespace qx::stix
