// The tokenizer of STIX patterns: the lexer rules of STIXPattern.g4, producing one token at a time
// so that the parser reports the first error in text order. Literal tokens carry their decoded
// constant. Private to qx::stix.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "qx/core/result.h"
#include "qx/stix/pattern.h"

namespace qx::stix::detail {

enum class TokenKind {
  kEnd,
  kInvalid,  // a character no token starts with (the grammar's InvalidCharacter): '/', '?', '-'
  // Punctuation.
  kLBracket,
  kRBracket,
  kLParen,
  kRParen,
  kColon,
  kDot,
  kComma,
  kAsterisk,
  kEq,
  kNeq,
  kLt,
  kLe,
  kGt,
  kGe,
  // Keywords (upper case only). LAST is reserved by the grammar and used nowhere.
  kAnd,
  kOr,
  kNot,
  kFollowedBy,
  kLike,
  kMatches,
  kIsSuperset,
  kIsSubset,
  kExists,
  kLast,
  kIn,
  kStart,
  kStop,
  kSeconds,
  kWithin,
  kRepeats,
  kTimes,
  // [A-Za-z_][A-Za-z0-9_-]* that is not a keyword; `has_hyphen` tells type names from keys.
  kIdentifier,
  // Literals: `constant` holds the value. kInteger and kFloat remember a leading sign.
  kBoolean,
  kInteger,
  kFloat,
  kString,
  kTimestamp,
  kBinary,
  kHex,
};

struct Token {
  TokenKind kind = TokenKind::kEnd;
  size_t offset = 0;           // byte offset of the first character
  std::string_view text;       // the source text of the token
  bool has_hyphen = false;     // kIdentifier
  bool signed_number = false;  // kInteger, kFloat written with '+' or '-'
  Constant constant;           // literal tokens
};

// How a token reads in an error message: "']'", "'WITHIN'", "end of pattern", "a string".
std::string Describe(const Token& token);

// The offset of the first byte that is not part of valid UTF-8, or npos.
size_t FindInvalidUtf8(std::string_view text);

// kInvalidArgument "at offset N: message".
tl::unexpected<Error> SyntaxError(size_t offset, std::string_view message);

class Lexer {
 public:
  // `text` must outlive the lexer and be valid UTF-8 (ParsePattern checks first).
  explicit Lexer(std::string_view text) : text_(text) {}

  // The next token, kEnd (repeatedly) at the end; kInvalidArgument on a malformed token.
  Result<Token> Next();

 private:
  Status SkipSpaceAndComments();
  Result<Token> LexNumber(size_t start);
  Result<Token> LexString(size_t start);
  Result<Token> LexTyped(size_t start, char prefix);  // t'..', b'..', h'..'
  Result<Token> LexWord(size_t start);

  std::string_view text_;
  size_t pos_ = 0;
};

// Decoders for the literal bodies, shared with tests of the lexer's rules.
// Base64 per the grammar (whole groups, '=' padding only at the end, at least one group) with line
// feeds ignored (spec 9.2); false when malformed.
bool DecodeBase64(std::string_view text, std::string& base64_out, std::string& bytes_out);
// An even number of hex digits (possibly none); false when malformed.
bool DecodeHex(std::string_view text, std::string& bytes_out);

}  // namespace qx::stix::detail
