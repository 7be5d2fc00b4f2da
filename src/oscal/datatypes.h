// OSCAL 1.1.2 (metaschema) string datatypes, checked with the patterns of the OSCAL JSON schema
// (PCRE2 in UTF mode, so that \p{L} and \p{N} are the Unicode letter and number classes).
#pragma once

#include <string_view>

namespace qx::oscal::detail {

// TokenDatatype ^(\p{L}|_)(\p{L}|\p{N}|[.\-_])*$ (an XML NCName).
bool IsToken(std::string_view s);
// StringDatatype ^\S(.*\S)?$: non-empty, no leading or trailing whitespace, one line.
bool IsOscalString(std::string_view s);
// URIDatatype ^[a-zA-Z][a-zA-Z0-9+\-.]+:.+$ (an absolute URI: scheme, colon, something).
bool IsUri(std::string_view s);
// DateTimeWithTimezoneDatatype: an RFC 3339 date-time with a real calendar date (years 1900 to
// 2999, leap days included) and a required, real UTC offset (Z, -12:00 .. +14:00).
bool IsDateTimeWithTimezone(std::string_view s);

// A document stored earlier was checked by the rules of its import; reading it again must not fail
// on a schema rule added since. While a StoredDocumentScope lives on this thread, the checks the
// OSCAL 1.1.2 schema adds to Qalxan's model pass: the datatype patterns above (a token is then
// what it was before them: an ASCII NCName that also admits any non-ASCII byte), minItems and
// unknown members. Structure, types, ids and Qalxan's own rules are still checked.
class StoredDocumentScope {
 public:
  StoredDocumentScope();
  ~StoredDocumentScope();
  StoredDocumentScope(const StoredDocumentScope&) = delete;
  StoredDocumentScope& operator=(const StoredDocumentScope&) = delete;

 private:
  bool outer_;
};
// False inside a StoredDocumentScope.
bool SchemaChecksOn();

}  // namespace qx::oscal::detail
