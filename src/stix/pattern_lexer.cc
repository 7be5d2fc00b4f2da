#include "pattern_lexer.h"

#include <fmt/format.h>

#include <array>
#include <charconv>
#include <utility>

#include "qx/core/hex.h"
#include "qx/stix/timestamp.h"

namespace qx::stix::detail {
namespace {

bool IsDigit(char c) { return c >= '0' && c <= '9'; }
bool IsLetter(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
bool IsWordStart(char c) { return IsLetter(c) || c == '_'; }
bool IsWordChar(char c) { return IsWordStart(c) || IsDigit(c) || c == '-'; }

constexpr std::array<std::pair<std::string_view, TokenKind>, 19> kKeywords = {{
    {"AND", TokenKind::kAnd},
    {"OR", TokenKind::kOr},
    {"NOT", TokenKind::kNot},
    {"FOLLOWEDBY", TokenKind::kFollowedBy},
    {"LIKE", TokenKind::kLike},
    {"MATCHES", TokenKind::kMatches},
    {"ISSUPERSET", TokenKind::kIsSuperset},
    {"ISSUBSET", TokenKind::kIsSubset},
    {"EXISTS", TokenKind::kExists},
    {"LAST", TokenKind::kLast},
    {"IN", TokenKind::kIn},
    {"START", TokenKind::kStart},
    {"STOP", TokenKind::kStop},
    {"SECONDS", TokenKind::kSeconds},
    {"WITHIN", TokenKind::kWithin},
    {"REPEATS", TokenKind::kRepeats},
    {"TIMES", TokenKind::kTimes},
    {"true", TokenKind::kBoolean},
    {"false", TokenKind::kBoolean},
}};

// Decodes the UTF-8 sequence at `pos` of valid UTF-8 text; sets `length`.
char32_t DecodeAt(std::string_view s, size_t pos, size_t& length) {
  const auto b0 = static_cast<unsigned char>(s[pos]);
  if (b0 < 0x80) {
    length = 1;
    return b0;
  }
  length = b0 >= 0xF0 ? 4 : b0 >= 0xE0 ? 3 : 2;
  char32_t cp = b0 & (0x3F >> (length - 1));
  for (size_t i = 1; i < length; ++i)
    cp = (cp << 6) | (static_cast<unsigned char>(s[pos + i]) & 0x3F);
  return cp;
}

// The WS rule of the grammar: ASCII blanks and the Unicode White_Space code points.
bool IsWhitespace(char32_t c) {
  return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == 0x0B || c == 0x0C || c == 0x85 ||
         c == 0xA0 || c == 0x1680 || (c >= 0x2000 && c <= 0x200A) || c == 0x2028 || c == 0x2029 ||
         c == 0x202F || c == 0x205F || c == 0x3000;
}

std::string Truncated(std::string_view s) {
  constexpr size_t kMax = 40;
  if (s.size() <= kMax) return std::string(s);
  size_t cut = kMax;
  while (cut > 0 && (static_cast<unsigned char>(s[cut]) & 0xC0) == 0x80) --cut;  // whole chars
  return std::string(s.substr(0, cut)) + "...";
}

int Base64Value(char c) {
  if (c >= 'A' && c <= 'Z') return c - 'A';
  if (c >= 'a' && c <= 'z') return c - 'a' + 26;
  if (IsDigit(c)) return c - '0' + 52;
  if (c == '+') return 62;
  if (c == '/') return 63;
  return -1;
}

Token MakeToken(TokenKind kind, size_t offset, std::string_view text) {
  Token token;
  token.kind = kind;
  token.offset = offset;
  token.text = text;
  return token;
}

}  // namespace

size_t FindInvalidUtf8(std::string_view s) {
  size_t i = 0;
  while (i < s.size()) {
    const auto b0 = static_cast<unsigned char>(s[i]);
    size_t n = 0;
    char32_t min = 0;
    if (b0 < 0x80) {
      ++i;
      continue;
    } else if (b0 >= 0xC2 && b0 <= 0xDF) {
      n = 2, min = 0x80;
    } else if (b0 >= 0xE0 && b0 <= 0xEF) {
      n = 3, min = 0x800;
    } else if (b0 >= 0xF0 && b0 <= 0xF4) {
      n = 4, min = 0x10000;
    } else {
      return i;
    }
    if (i + n > s.size()) return i;
    for (size_t k = 1; k < n; ++k) {
      if ((static_cast<unsigned char>(s[i + k]) & 0xC0) != 0x80) return i;
    }
    size_t length = 0;
    const char32_t cp = DecodeAt(s, i, length);
    if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return i;
    i += n;
  }
  return std::string_view::npos;
}

std::string Describe(const Token& token) {
  switch (token.kind) {
    case TokenKind::kEnd:
      return "end of pattern";
    case TokenKind::kInvalid: {
      size_t length = 0;
      const char32_t cp = DecodeAt(token.text, 0, length);
      if (cp >= 0x21 && cp < 0x7F) return fmt::format("'{}'", token.text);
      return fmt::format("character U+{:04X}", uint32_t{cp});
    }
    case TokenKind::kString:
    case TokenKind::kTimestamp:
    case TokenKind::kBinary:
    case TokenKind::kHex:
      return Truncated(token.text);
    default: {
      std::string out = "'";  // not "'" + ...: g++ 12 warns falsely (-Wrestrict) on that form
      out += Truncated(token.text);
      out += '\'';
      return out;
    }
  }
}

tl::unexpected<Error> SyntaxError(size_t offset, std::string_view message) {
  return MakeError(ErrorCode::kInvalidArgument, fmt::format("at offset {}: {}", offset, message));
}

bool DecodeBase64(std::string_view text, std::string& base64_out, std::string& bytes_out) {
  base64_out.clear();
  for (const char c : text) {
    if (c != '\n' && c != '\r') base64_out.push_back(c);
  }
  const std::string& b = base64_out;
  if (b.empty() || b.size() % 4 != 0) return false;
  const size_t padding = b.ends_with("==") ? 2 : b.ends_with('=') ? 1 : 0;
  bytes_out.clear();
  uint32_t group = 0;
  for (size_t i = 0; i < b.size(); ++i) {
    const bool pad = i >= b.size() - padding;
    const int v = pad ? 0 : Base64Value(b[i]);
    if (v < 0) return false;
    group = (group << 6) | static_cast<uint32_t>(v);
    if (i % 4 == 3) {
      bytes_out.push_back(static_cast<char>((group >> 16) & 0xFF));
      bytes_out.push_back(static_cast<char>((group >> 8) & 0xFF));
      bytes_out.push_back(static_cast<char>(group & 0xFF));
      group = 0;
    }
  }
  bytes_out.resize(bytes_out.size() - padding);
  return true;
}

bool DecodeHex(std::string_view text, std::string& bytes_out) {
  if (text.size() % 2 != 0) return false;
  bytes_out.clear();
  for (size_t i = 0; i < text.size(); i += 2) {
    const int hi = HexDigitValue(text[i]);
    const int lo = HexDigitValue(text[i + 1]);
    if (hi < 0 || lo < 0) return false;
    bytes_out.push_back(static_cast<char>(hi * 16 + lo));
  }
  return true;
}

Status Lexer::SkipSpaceAndComments() {
  while (pos_ < text_.size()) {
    if (text_.substr(pos_).starts_with("/*")) {
      const size_t end = text_.find("*/", pos_ + 2);
      if (end == std::string_view::npos) {
        return SyntaxError(pos_, "expected '*/' to close the comment, found end of pattern");
      }
      pos_ = end + 2;
    } else if (text_.substr(pos_).starts_with("//")) {
      while (pos_ < text_.size() && text_[pos_] != '\n' && text_[pos_] != '\r') ++pos_;
    } else {
      size_t length = 0;
      if (!IsWhitespace(DecodeAt(text_, pos_, length))) return Ok();
      pos_ += length;
    }
  }
  return Ok();
}

Result<Token> Lexer::Next() {
  QX_RETURN_IF_ERROR(SkipSpaceAndComments());
  const size_t start = pos_;
  if (pos_ >= text_.size()) return MakeToken(TokenKind::kEnd, start, text_.substr(start, 0));
  const char c = text_[pos_];
  const char next = pos_ + 1 < text_.size() ? text_[pos_ + 1] : '\0';
  auto punct = [&](TokenKind kind, size_t length) {
    pos_ += length;
    return MakeToken(kind, start, text_.substr(start, length));
  };
  switch (c) {
    case '[':
      return punct(TokenKind::kLBracket, 1);
    case ']':
      return punct(TokenKind::kRBracket, 1);
    case '(':
      return punct(TokenKind::kLParen, 1);
    case ')':
      return punct(TokenKind::kRParen, 1);
    case ':':
      return punct(TokenKind::kColon, 1);
    case ',':
      return punct(TokenKind::kComma, 1);
    case '*':
      return punct(TokenKind::kAsterisk, 1);
    case '=':
      return punct(TokenKind::kEq, next == '=' ? 2 : 1);
    case '>':
      return next == '=' ? punct(TokenKind::kGe, 2) : punct(TokenKind::kGt, 1);
    case '<':
      if (next == '=') return punct(TokenKind::kLe, 2);
      if (next == '>') return punct(TokenKind::kNeq, 2);
      return punct(TokenKind::kLt, 1);
    case '!':
      if (next == '=') return punct(TokenKind::kNeq, 2);
      return punct(TokenKind::kInvalid, 1);
    case '\'':
      return LexString(start);
    case '.':
      if (IsDigit(next)) return LexNumber(start);
      return punct(TokenKind::kDot, 1);
    case '+':
    case '-':
      if (IsDigit(next) || (next == '.' && pos_ + 2 < text_.size() && IsDigit(text_[pos_ + 2]))) {
        return LexNumber(start);
      }
      return punct(TokenKind::kInvalid, 1);
    default:
      break;
  }
  if (IsDigit(c)) return LexNumber(start);
  if (IsWordStart(c)) return LexWord(start);
  size_t length = 0;
  DecodeAt(text_, pos_, length);
  return punct(TokenKind::kInvalid, length);
}

Result<Token> Lexer::LexNumber(size_t start) {
  size_t p = start;
  const bool sign = text_[p] == '+' || text_[p] == '-';
  const bool negative = text_[p] == '-';
  if (sign) ++p;
  const size_t int_begin = p;
  while (p < text_.size() && IsDigit(text_[p])) ++p;
  const std::string_view int_digits = text_.substr(int_begin, p - int_begin);
  Token token;
  token.offset = start;
  token.signed_number = sign;
  if (p + 1 < text_.size() && text_[p] == '.' && IsDigit(text_[p + 1])) {
    ++p;
    while (p < text_.size() && IsDigit(text_[p])) ++p;
    const std::string_view frac =
        text_.substr(int_begin + int_digits.size() + 1, p - int_begin - int_digits.size() - 1);
    token.kind = TokenKind::kFloat;
    token.constant.type = ConstantType::kFloat;
    token.constant.text =
        fmt::format("{}{}.{}", negative ? "-" : "", int_digits.empty() ? "0" : int_digits, frac);
    const std::string& t = token.constant.text;
    const auto [end, ec] = std::from_chars(t.data(), t.data() + t.size(), token.constant.real);
    if (ec != std::errc() || end != t.data() + t.size()) {
      return SyntaxError(start, "expected a floating-point constant in double range, found " +
                                    Truncated(text_.substr(start, p - start)));
    }
  } else {
    if (int_digits.size() > 1 && int_digits[0] == '0') {
      return SyntaxError(start, "expected an integer without leading zeros, found " +
                                    std::string(text_.substr(start, p - start)));
    }
    token.kind = TokenKind::kInteger;
    token.constant.type = ConstantType::kInteger;
    const std::string digits = fmt::format("{}{}", negative ? "-" : "", int_digits);
    const auto [end, ec] =
        std::from_chars(digits.data(), digits.data() + digits.size(), token.constant.integer);
    if (ec != std::errc() || end != digits.data() + digits.size()) {
      return SyntaxError(start, "expected an integer from -2^63 to 2^63-1, found " +
                                    Truncated(text_.substr(start, p - start)));
    }
    token.constant.text = std::to_string(token.constant.integer);
  }
  pos_ = p;
  token.text = text_.substr(start, p - start);
  return token;
}

Result<Token> Lexer::LexString(size_t start) {
  Token token = MakeToken(TokenKind::kString, start, {});
  token.constant.type = ConstantType::kString;
  size_t p = start + 1;
  while (true) {
    if (p >= text_.size()) {
      return SyntaxError(start, "expected a closing quote for the string, found end of pattern");
    }
    const char c = text_[p];
    if (c == '\'') break;
    if (c == '\\') {
      const char escaped = p + 1 < text_.size() ? text_[p + 1] : '\0';
      if (escaped != '\'' && escaped != '\\') {
        return SyntaxError(p, "expected \\' or \\\\ (the only escapes in a string), found " +
                                  (escaped ? fmt::format("'\\{}'", escaped) : "end of pattern"));
      }
      token.constant.text.push_back(escaped);
      p += 2;
    } else {
      token.constant.text.push_back(c);
      ++p;
    }
  }
  pos_ = p + 1;
  token.text = text_.substr(start, pos_ - start);
  return token;
}

Result<Token> Lexer::LexTyped(size_t start, char prefix) {
  const size_t close = text_.find('\'', start + 2);
  if (close == std::string_view::npos) {
    return SyntaxError(start, fmt::format("expected a closing quote for the {}'...' constant, "
                                          "found end of pattern",
                                          prefix));
  }
  const std::string_view body = text_.substr(start + 2, close - start - 2);
  Token token = MakeToken(TokenKind::kEnd, start, text_.substr(start, close + 1 - start));
  Constant& c = token.constant;
  if (prefix == 't') {
    token.kind = TokenKind::kTimestamp;
    c.type = ConstantType::kTimestamp;
    auto ts = ParseStixTimestamp(body);
    if (!ts) {
      return SyntaxError(start, "expected a timestamp t'YYYY-MM-DDTHH:MM:SS[.s+]Z', found " +
                                    Truncated(token.text));
    }
    c.text = std::string(body);
    c.timestamp = ts->millis;
  } else if (prefix == 'b') {
    token.kind = TokenKind::kBinary;
    c.type = ConstantType::kBinary;
    if (!DecodeBase64(body, c.text, c.bytes)) {
      return SyntaxError(start,
                         "expected base64 in the binary constant, found " + Truncated(token.text));
    }
  } else {
    token.kind = TokenKind::kHex;
    c.type = ConstantType::kHex;
    if (!DecodeHex(body, c.bytes)) {
      return SyntaxError(start,
                         "expected an even number of hex digits, found " + Truncated(token.text));
    }
    c.text = std::string(body);
  }
  pos_ = close + 1;
  return token;
}

Result<Token> Lexer::LexWord(size_t start) {
  size_t p = start;
  bool hyphen = false;
  while (p < text_.size() && IsWordChar(text_[p])) {
    hyphen = hyphen || text_[p] == '-';
    ++p;
  }
  const std::string_view word = text_.substr(start, p - start);
  // An identifier followed directly by a quote is never grammatical, so t'..', b'..' and h'..'
  // are constants even where their body turns out to be malformed.
  if (p < text_.size() && text_[p] == '\'' && (word == "t" || word == "b" || word == "h")) {
    return LexTyped(start, word[0]);
  }
  pos_ = p;
  Token token = MakeToken(TokenKind::kIdentifier, start, word);
  token.has_hyphen = hyphen;
  for (const auto& [keyword, kind] : kKeywords) {
    if (word == keyword) token.kind = kind;
  }
  if (token.kind == TokenKind::kBoolean) {
    token.constant.type = ConstantType::kBoolean;
    token.constant.boolean = word == "true";
    token.constant.text = std::string(word);
  }
  return token;
}

}  // namespace qx::stix::detail
