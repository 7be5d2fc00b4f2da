#define PCRE2_CODE_UNIT_WIDTH 8
#include "datatypes.h"

#include <pcre2.h>

#include <cstdlib>
#include <memory>

namespace qx::oscal::detail {
namespace {

// The patterns as the OSCAL 1.1.2 JSON schema (metaschema datatypes) gives them.
// The token pattern is the schema's ^(\p{L}|_)(\p{L}|\p{N}|[.\-_])*$ written with classes instead
// of a repeated group: the same language, without a backtracking frame (or JIT stack) per
// character, which a long untrusted token would otherwise exhaust.
constexpr std::string_view kTokenPattern = R"(^[\p{L}_][\p{L}\p{N}._\-]*+$)";
constexpr std::string_view kStringPattern = R"(^\S(.*\S)?$)";
constexpr std::string_view kUriPattern = R"(^[a-zA-Z][a-zA-Z0-9+\-.]+:.+$)";
constexpr std::string_view kDateTimeWithTimezonePattern =
    R"(^(((2000|2400|2800|(19|2[0-9](0[48]|[2468][048]|[13579][26])))-02-29)|)"
    R"((((19|2[0-9])[0-9]{2})-02-(0[1-9]|1[0-9]|2[0-8]))|)"
    R"((((19|2[0-9])[0-9]{2})-(0[13578]|10|12)-(0[1-9]|[12][0-9]|3[01]))|)"
    R"((((19|2[0-9])[0-9]{2})-(0[469]|11)-(0[1-9]|[12][0-9]|30)))T(2[0-3]|[01][0-9]):([0-5][0-9]):)"
    R"(([0-5][0-9])(\.[0-9]+)?(Z|(-((0[0-9]|1[0-2]):00|0[39]:30)|\+((0[0-9]|1[0-4]):00|)"
    R"((0[34569]|10):30|(0[58]|12):45)))$)";

// A compiled pattern, shared read-only by every thread (pcre2_match is thread-safe on one code
// object given per-call match data).
class Pattern {
 public:
  explicit Pattern(std::string_view pattern) {
    int error = 0;
    PCRE2_SIZE offset = 0;
    // UTF: code points, and an invalid UTF-8 subject is no match. UCP: \S is Unicode
    // whitespace, as in the JSON schema's ECMAScript regexes. DOLLAR_ENDONLY: "$" does not
    // match before a final newline.
    code_ = pcre2_compile(reinterpret_cast<PCRE2_SPTR>(pattern.data()), pattern.size(),
                          PCRE2_UTF | PCRE2_UCP | PCRE2_DOLLAR_ENDONLY, &error, &offset, nullptr);
    if (code_ == nullptr) std::abort();  // the patterns are constants
    pcre2_jit_compile(code_, PCRE2_JIT_COMPLETE);  // optional: interpreted when unavailable
  }
  ~Pattern() { pcre2_code_free(code_); }
  Pattern(const Pattern&) = delete;
  Pattern& operator=(const Pattern&) = delete;

  bool Matches(std::string_view s) const {
    std::unique_ptr<pcre2_match_data, decltype(&pcre2_match_data_free)> md(
        pcre2_match_data_create(1, nullptr), pcre2_match_data_free);
    if (!md) return false;
    return pcre2_match(code_, reinterpret_cast<PCRE2_SPTR>(s.data()), s.size(), 0, 0, md.get(),
                       nullptr) >= 0;
  }

 private:
  pcre2_code* code_ = nullptr;
};

// The token pattern restricted to ASCII, where \p{L} is exactly [A-Za-z] and \p{N} exactly
// [0-9]: ids are nearly always ASCII, and this spares the regex engine for them.
bool IsAsciiToken(std::string_view s) {
  auto letter = [](char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_'; };
  if (s.empty() || !letter(s[0])) return false;
  for (char c : s.substr(1)) {
    if (!(letter(c) || (c >= '0' && c <= '9') || c == '.' || c == '-')) return false;
  }
  return true;
}

bool IsAscii(std::string_view s) {
  for (char c : s) {
    if (static_cast<unsigned char>(c) >= 0x80) return false;
  }
  return true;
}

// Before the schema's patterns: an ASCII NCName in which any non-ASCII byte also counts as a
// letter.
bool IsTokenAsStoredBefore(std::string_view s) {
  auto letter = [](unsigned char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c >= 0x80; };
  if (s.empty() || !letter(static_cast<unsigned char>(s[0]))) return false;
  for (char ch : s.substr(1)) {
    const auto c = static_cast<unsigned char>(ch);
    if (!(letter(c) || (c >= '0' && c <= '9') || c == '.' || c == '-')) return false;
  }
  return true;
}

thread_local bool schema_checks_on = true;

}  // namespace

StoredDocumentScope::StoredDocumentScope() : outer_(schema_checks_on) { schema_checks_on = false; }
StoredDocumentScope::~StoredDocumentScope() { schema_checks_on = outer_; }
bool SchemaChecksOn() { return schema_checks_on; }

bool IsToken(std::string_view s) {
  if (!schema_checks_on) return IsTokenAsStoredBefore(s);
  if (IsAscii(s)) return IsAsciiToken(s);
  static const Pattern pattern(kTokenPattern);
  return pattern.Matches(s);
}

bool IsOscalString(std::string_view s) {
  if (!schema_checks_on) return true;
  static const Pattern pattern(kStringPattern);
  return pattern.Matches(s);
}

bool IsUri(std::string_view s) {
  if (!schema_checks_on) return true;
  static const Pattern pattern(kUriPattern);
  return pattern.Matches(s);
}

bool IsDateTimeWithTimezone(std::string_view s) {
  if (!schema_checks_on) return true;
  static const Pattern pattern(kDateTimeWithTimezonePattern);
  return pattern.Matches(s);
}

}  // namespace qx::oscal::detail
