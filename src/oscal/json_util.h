// Helpers for reading untrusted OSCAL JSON without exceptions: typed member lookup that reports
// the JSON path of a problem, OSCAL datatype checks (token, uuid) and error construction.
#pragma once

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <boost/json/string.hpp>
#include <boost/json/value.hpp>
#include <cstddef>
#include <string>
#include <string_view>

#include "qx/core/result.h"

namespace qx::oscal::detail {

// The deepest nesting of groups/controls (and, separately, of parts) that is accepted.
inline constexpr int kMaxNesting = 32;

// kInvalidArgument "PATH: MESSAGE".
tl::unexpected<Error> Invalid(std::string_view path, std::string_view message);

// "PATH.key" and "PATH[i]".
std::string Member(std::string_view path, std::string_view key);
std::string Index(std::string_view path, size_t i);

// OSCAL TokenDatatype (an XML NCName): a letter or '_', then letters, digits, '.', '-', '_'.
// Non-ASCII UTF-8 sequences count as letters (the parser has already checked the encoding).
bool IsToken(std::string_view s);
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

// Element `i` of an array at `path` as an object.
Result<const boost::json::object*> ElementObject(const boost::json::array& a, size_t i,
                                                 std::string_view path);

// Non-throwing accessors for documents already validated (nullptr / empty when absent).
const boost::json::object* FindObject(const boost::json::object& o, std::string_view key);
const boost::json::array* FindArray(const boost::json::object& o, std::string_view key);
boost::json::array* FindArray(boost::json::object& o, std::string_view key);
std::string_view FindString(const boost::json::object& o, std::string_view key);

}  // namespace qx::oscal::detail
