// The recursive-descent parser behind ParsePattern: one method per rule of STIXPattern.g4.
// Observation expressions and qualifiers are in pattern_parser.cc, comparison expressions,
// constants and object paths in pattern_parser_comparisons.cc. Private to qx::stix.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "pattern_lexer.h"
#include "qx/core/result.h"
#include "qx/stix/pattern.h"

namespace qx::stix::detail {

// The object types a comparison expression's comparisons start from: sorted, unique. AND keeps
// the types both sides share (one object must satisfy both, spec 9.5), OR their union.
using TypeSet = std::vector<std::string>;

struct TypedExpr {
  ComparisonExpr expr;
  TypeSet types;
};

class Parser {
 public:
  // `text` must be valid UTF-8 and outlive the parser.
  explicit Parser(std::string_view text) : lexer_(text) {}

  // The whole pattern; kInvalidArgument "at offset N: expected X, found Y".
  Result<Pattern> Parse();

 private:
  // ---- Tokens (pattern_parser.cc) ----
  bool At(TokenKind kind) const { return cur_.kind == kind; }
  Status Advance();
  tl::unexpected<Error> Expected(std::string_view what) const;
  Status Expect(TokenKind kind, std::string_view what);
  // Past an opening '(' or '['; bounds the recursion on untrusted input.
  Status Enter();

  // ---- Observation expressions (pattern_parser.cc) ----
  using ObservationRule = Result<ObservationExpr> (Parser::*)();
  // One precedence level of observation operators: next (OP next)*.
  Result<ObservationExpr> ParseObservationLevel(TokenKind token, ObservationOp op,
                                                ObservationRule next);
  Result<ObservationExpr> ParseObservations();  // FOLLOWEDBY
  Result<ObservationExpr> ParseObservationOr();
  Result<ObservationExpr> ParseObservationAnd();
  // '[' comparisons ']' or '(' observations ')', then its qualifiers.
  Result<ObservationExpr> ParseObservationUnit();
  Status ParseQualifiers(std::vector<Qualifier>& out);
  Result<Qualifier> ParseQualifier();

  // ---- Comparison expressions (pattern_parser_comparisons.cc) ----
  Result<TypedExpr> ParseComparisonOr();
  Result<TypedExpr> ParseComparisonAnd();
  Result<TypedExpr> ParsePropTest();
  Result<Constant> ParseOperand(ComparisonOp op, std::string_view op_name);
  // The literal at the cursor (booleans only when `allow_bool`).
  Result<Constant> TakeLiteral(bool allow_bool, std::string_view what);
  Result<Constant> ParseSet();
  // A property name or dictionary key: an identifier without '-', or a quoted string.
  Result<std::string> ParseKey();
  Result<ObjectPath> ParseObjectPath();

  Lexer lexer_;
  Token cur_;
  int depth_ = 0;
};

}  // namespace qx::stix::detail
