// Helpers for reading untrusted OSCAL JSON without exceptions: typed member lookup that reports
// the JSON path of a problem, OSCAL datatype checks (uuid here; token, string, URI and date-time
// in datatypes.h) and error construction.
#pragma once

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <boost/json/string.hpp>
#include <boost/json/value.hpp>
#include <cstddef>
#include <initializer_list>
#include <string>
#include <string_view>
#include <type_traits>

#include "datatypes.h"
#include "qx/core/result.h"

namespace qx::oscal::detail {

// The deepest nesting of groups/controls (and, separately, of parts) that is accepted.
inline constexpr int kMaxNesting = 32;

// kInvalidArgument "PATH: MESSAGE".
tl::unexpected<Error> Invalid(std::string_view path, std::string_view message);

// "PATH.key" and "PATH[i]".
std::string Member(std::string_view path, std::string_view key);
std::string Index(std::string_view path, size_t i);

// OSCAL UUIDDatatype: an RFC 4122 version 4 or 5 uuid, hex digits of either case.
bool IsUuid(std::string_view s);

std::string_view View(const boost::json::string& s);

// Member lookups on an object at `path`. "Required" variants fail when the member is missing;
// all fail when it has the wrong type. The optional variants return nullptr when absent.
Result<const boost::json::object*> RequireObject(const boost::json::object& o, std::string_view key,
                                                 std::string_view path);
Result<const boost::json::object*> OptionalObject(const boost::json::object& o,
                                                  std::string_view key, std::string_view path);
Result<const boost::json::array*> OptionalArray(const boost::json::object& o, std::string_view key,
                                                std::string_view path);
Result<std::string_view> RequireString(const boost::json::object& o, std::string_view key,
                                       std::string_view path);
// Absent gives an empty view; present must be a string.
Result<std::string_view> OptionalString(const boost::json::object& o, std::string_view key,
                                        std::string_view path);
// Like RequireString/OptionalString, and the value must be a token.
Result<std::string_view> RequireToken(const boost::json::object& o, std::string_view key,
                                      std::string_view path);
Result<std::string_view> OptionalToken(const boost::json::object& o, std::string_view key,
                                       std::string_view path);

// Like OptionalString/RequireString, and a present value must be an OSCAL StringDatatype
// (non-empty, no leading or trailing whitespace).
Result<std::string_view> OptionalOscalString(const boost::json::object& o, std::string_view key,
                                             std::string_view path);
Result<std::string_view> RequireOscalString(const boost::json::object& o, std::string_view key,
                                            std::string_view path);
// A present value must be an OSCAL URIDatatype (an absolute URI).
Result<std::string_view> OptionalUri(const boost::json::object& o, std::string_view key,
                                     std::string_view path);
// A present value must be an OSCAL DateTimeWithTimezoneDatatype.
Result<std::string_view> OptionalDateTime(const boost::json::object& o, std::string_view key,
                                          std::string_view path);
Result<std::string_view> RequireDateTime(const boost::json::object& o, std::string_view key,
                                         std::string_view path);
// An array member (`key` of `o`), when present, must hold at least one item (OSCAL's JSON
// arrays all have minItems 1).
Result<const boost::json::array*> OptionalNonEmptyArray(const boost::json::object& o,
                                                        std::string_view key,
                                                        std::string_view path);
// Every member of `o` must be one of `known` (OSCAL assemblies allow no other members):
// "PATH.member: not a member of an OSCAL <what>".
Status KnownMembers(const boost::json::object& o, std::string_view path, std::string_view what,
                    std::initializer_list<std::string_view> known);

// Element `i` of an array at `path` as an object.
Result<const boost::json::object*> ElementObject(const boost::json::array& a, size_t i,
                                                 std::string_view path);

// Calls f(object, path_of_element), or f(object, path_of_element, index), for each element of the
// optional array `key` of `owner`, which must not be empty when present (minItems 1) and must
// hold objects; the first error (of the walk or of f) is answered.
template <typename F>
Status EachObject(const boost::json::object& owner, std::string_view key, const std::string& path, F&& f) {
  QX_ASSIGN_OR_RETURN(const boost::json::array* items, OptionalNonEmptyArray(owner, key, path));
  if (items == nullptr) return Ok();
  const std::string items_path = Member(path, key);
  for (size_t i = 0; i < items->size(); ++i) {
    QX_ASSIGN_OR_RETURN(const boost::json::object* item, ElementObject(*items, i, items_path));
    if constexpr (std::is_invocable_v<F&, const boost::json::object&, const std::string&, size_t>) {
      QX_RETURN_IF_ERROR(f(*item, Index(items_path, i), i));
    } else {
      QX_RETURN_IF_ERROR(f(*item, Index(items_path, i)));
    }
  }
  return Ok();
}

// Non-throwing accessors for documents already validated (nullptr / empty when absent).
const boost::json::object* FindObject(const boost::json::object& o, std::string_view key);
const boost::json::array* FindArray(const boost::json::object& o, std::string_view key);
boost::json::array* FindArray(boost::json::object& o, std::string_view key);
std::string_view FindString(const boost::json::object& o, std::string_view key);

}  // namespace qx::oscal::detail
