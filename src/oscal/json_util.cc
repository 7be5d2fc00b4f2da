#include "json_util.h"

#include <fmt/format.h>

#include <algorithm>

namespace qx::oscal::detail {
namespace {

namespace json = boost::json;

bool IsDigit(unsigned char c) { return c >= '0' && c <= '9'; }
bool IsHex(unsigned char c) {
  return IsDigit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

const char* KindName(const json::value& v) {
  switch (v.kind()) {
    case json::kind::null:
      return "null";
    case json::kind::bool_:
      return "a boolean";
    case json::kind::int64:
    case json::kind::uint64:
    case json::kind::double_:
      return "a number";
    case json::kind::string:
      return "a string";
    case json::kind::array:
      return "an array";
    case json::kind::object:
      return "an object";
  }
  return "a value";
}

tl::unexpected<Error> WrongType(std::string_view path, const char* want, const json::value& got) {
  return Invalid(path, fmt::format("expected {}, got {}", want, KindName(got)));
}

}  // namespace

tl::unexpected<Error> Invalid(std::string_view path, std::string_view message) {
  return MakeError(ErrorCode::kInvalidArgument, fmt::format("{}: {}", path, message));
}

std::string Member(std::string_view path, std::string_view key) {
  std::string out;
  out.reserve(path.size() + key.size() + 1);
  out.append(path).push_back('.');
  out.append(key);
  return out;
}

std::string Index(std::string_view path, size_t i) { return fmt::format("{}[{}]", path, i); }

bool IsUuid(std::string_view s) {
  if (s.size() != 36) return false;
  for (size_t i = 0; i < s.size(); ++i) {
    const auto c = static_cast<unsigned char>(s[i]);
    if (i == 8 || i == 13 || i == 18 || i == 23) {
      if (c != '-') return false;
    } else if (!IsHex(c)) {
      return false;
    }
  }
  const char version = s[14];
  const char variant = static_cast<char>(s[19] | 0x20);  // lower-case
  return (version == '4' || version == '5') &&
         (variant == '8' || variant == '9' || variant == 'a' || variant == 'b');
}

std::string_view View(const json::string& s) { return {s.data(), s.size()}; }

Result<const json::object*> OptionalObject(const json::object& o, std::string_view key,
                                           std::string_view path) {
  const json::value* v = o.if_contains(key);
  if (v == nullptr) return nullptr;
  if (const json::object* obj = v->if_object()) return obj;
  return WrongType(Member(path, key), "an object", *v);
}

Result<const json::object*> RequireObject(const json::object& o, std::string_view key,
                                          std::string_view path) {
  QX_ASSIGN_OR_RETURN(const json::object* obj, OptionalObject(o, key, path));
  if (obj == nullptr) return Invalid(Member(path, key), "missing");
  return obj;
}

Result<const json::array*> OptionalArray(const json::object& o, std::string_view key,
                                         std::string_view path) {
  const json::value* v = o.if_contains(key);
  if (v == nullptr) return nullptr;
  if (const json::array* a = v->if_array()) return a;
  return WrongType(Member(path, key), "an array", *v);
}

Result<std::string_view> OptionalString(const json::object& o, std::string_view key,
                                        std::string_view path) {
  const json::value* v = o.if_contains(key);
  if (v == nullptr) return std::string_view{};
  if (const json::string* s = v->if_string()) return View(*s);
  return WrongType(Member(path, key), "a string", *v);
}

Result<std::string_view> RequireString(const json::object& o, std::string_view key,
                                       std::string_view path) {
  if (!o.contains(key)) return Invalid(Member(path, key), "missing");
  return OptionalString(o, key, path);
}

Result<std::string_view> OptionalToken(const json::object& o, std::string_view key,
                                       std::string_view path) {
  QX_ASSIGN_OR_RETURN(std::string_view s, OptionalString(o, key, path));
  if (o.contains(key) && !IsToken(s)) {
    return Invalid(Member(path, key), fmt::format("'{}' is not a valid OSCAL token", s));
  }
  return s;
}

Result<std::string_view> RequireToken(const json::object& o, std::string_view key,
                                      std::string_view path) {
  if (!o.contains(key)) return Invalid(Member(path, key), "missing");
  return OptionalToken(o, key, path);
}

Result<std::string_view> OptionalOscalString(const json::object& o, std::string_view key,
                                             std::string_view path) {
  QX_ASSIGN_OR_RETURN(std::string_view s, OptionalString(o, key, path));
  if (o.contains(key) && !IsOscalString(s)) {
    return Invalid(Member(path, key),
                   fmt::format("'{}' is not a valid OSCAL string (empty, several lines, or "
                               "leading or trailing whitespace)",
                               s));
  }
  return s;
}

Result<std::string_view> RequireOscalString(const json::object& o, std::string_view key,
                                            std::string_view path) {
  if (!o.contains(key)) return Invalid(Member(path, key), "missing");
  return OptionalOscalString(o, key, path);
}

Result<std::string_view> OptionalUri(const json::object& o, std::string_view key,
                                     std::string_view path) {
  QX_ASSIGN_OR_RETURN(std::string_view s, OptionalString(o, key, path));
  if (o.contains(key) && !IsUri(s)) {
    return Invalid(Member(path, key), fmt::format("'{}' is not an absolute URI", s));
  }
  return s;
}

Result<std::string_view> OptionalDateTime(const json::object& o, std::string_view key,
                                          std::string_view path) {
  QX_ASSIGN_OR_RETURN(std::string_view s, OptionalString(o, key, path));
  if (o.contains(key) && !IsDateTimeWithTimezone(s)) {
    return Invalid(Member(path, key),
                   fmt::format("'{}' is not a date-time with a time zone, such as "
                               "2026-11-27T22:00:00Z",
                               s));
  }
  return s;
}

Result<std::string_view> RequireDateTime(const json::object& o, std::string_view key,
                                         std::string_view path) {
  if (!o.contains(key)) return Invalid(Member(path, key), "missing");
  return OptionalDateTime(o, key, path);
}

Result<const json::array*> OptionalNonEmptyArray(const json::object& o, std::string_view key,
                                                 std::string_view path) {
  QX_ASSIGN_OR_RETURN(const json::array* items, OptionalArray(o, key, path));
  if (items != nullptr && items->empty() && SchemaChecksOn()) return Invalid(Member(path, key), "must not be empty");
  return items;
}

Status KnownMembers(const json::object& o, std::string_view path, std::string_view what,
                    std::initializer_list<std::string_view> known) {
  if (!SchemaChecksOn()) return Ok();
  for (const auto& kv : o) {
    const std::string_view key(kv.key().data(), kv.key().size());
    if (std::find(known.begin(), known.end(), key) == known.end()) {
      return Invalid(Member(path, key), fmt::format("not a member of an OSCAL {}", what));
    }
  }
  return Ok();
}

Result<const json::object*> ElementObject(const json::array& a, size_t i, std::string_view path) {
  if (const json::object* obj = a[i].if_object()) return obj;
  return WrongType(Index(path, i), "an object", a[i]);
}

const json::object* FindObject(const json::object& o, std::string_view key) {
  const json::value* v = o.if_contains(key);
  return v == nullptr ? nullptr : v->if_object();
}

const json::array* FindArray(const json::object& o, std::string_view key) {
  const json::value* v = o.if_contains(key);
  return v == nullptr ? nullptr : v->if_array();
}

json::array* FindArray(json::object& o, std::string_view key) {
  json::value* v = o.if_contains(key);
  return v == nullptr ? nullptr : v->if_array();
}

std::string_view FindString(const json::object& o, std::string_view key) {
  const json::value* v = o.if_contains(key);
  if (v == nullptr) return {};
  const json::string* s = v->if_string();
  return s == nullptr ? std::string_view{} : View(*s);
}

}  // namespace qx::oscal::detail
