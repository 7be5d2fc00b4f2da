// Typed, non-throwing access to the properties of an untrusted STIX object, with errors that name
// the object and the property: "indicator--...: 'valid_until' must be later than 'valid_from'".
// Private to qx::stix.
#pragma once

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>
#include <cstdint>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "qx/core/result.h"
#include "qx/stix/timestamp.h"

namespace qx::stix::detail {

namespace json = boost::json;

// What a reference property may point to: a description for errors and a test of the type part.
struct RefRule {
  std::string_view what;  // "an identity", "a marking-definition", ...
  bool (*accepts)(std::string_view type);
};

extern const RefRule kAnyRef;  // any valid identifier
extern const RefRule kIdentityRef;
extern const RefRule kMarkingRef;
extern const RefRule kObservedDataRef;
extern const RefRule kIdentityOrLocationRef;
extern const RefRule kSdoRef;       // not a known SRO, SCO or meta type (custom types pass)
extern const RefRule kSdoOrScoRef;  // not a known SRO or meta type
extern const RefRule kExtensionDefinitionRef;

// A value quoted for an error message, cut to a readable length.
std::string Quote(std::string_view value);

class ObjectReader {
 public:
  // `label` names the object in errors (its id, else its type); `prefix` is prepended to property
  // names of nested objects ("external_references[0].").
  ObjectReader(const json::object& object, std::string label, std::string prefix = "");

  const json::object& object() const { return object_; }
  const std::string& label() const { return label_; }
  const std::string& prefix() const { return prefix_; }
  bool Has(std::string_view key) const { return object_.contains(key); }

  // kInvalidArgument "LABEL: 'PREFIXproperty' message".
  tl::unexpected<Error> Fail(std::string_view property, std::string_view message) const;
  // kInvalidArgument "LABEL: message" (for rules about several properties).
  tl::unexpected<Error> FailObject(std::string_view message) const;

  // Optional readers give nullopt (or an empty list, nullptr) when the property is absent and fail
  // when it has the wrong type; required readers also fail when it is absent. Required strings
  // must not be empty; lists must have at least one element (spec 2.12).
  Result<std::optional<std::string_view>> OptString(std::string_view key) const;
  Result<std::string_view> String(std::string_view key) const;
  Result<std::optional<bool>> OptBool(std::string_view key) const;
  Result<bool> Bool(std::string_view key) const;
  Result<std::optional<int64_t>> OptInteger(std::string_view key, int64_t min, int64_t max) const;
  Result<int64_t> Integer(std::string_view key, int64_t min, int64_t max) const;
  Result<std::optional<double>> OptNumber(std::string_view key, double min, double max) const;
  Result<std::optional<StixTimestamp>> OptTimestamp(std::string_view key) const;
  Result<StixTimestamp> Timestamp(std::string_view key) const;
  Result<std::optional<std::string_view>> OptRef(std::string_view key, const RefRule& rule) const;
  Result<std::string_view> Ref(std::string_view key, const RefRule& rule) const;
  Result<std::vector<std::string_view>> OptRefList(std::string_view key, const RefRule& rule) const;
  Result<std::vector<std::string_view>> RefList(std::string_view key, const RefRule& rule) const;
  Result<std::vector<std::string_view>> OptStringList(std::string_view key) const;
  Result<std::vector<std::string_view>> StringList(std::string_view key) const;
  // A JSON object (a STIX dictionary: not empty).
  Result<const json::object*> OptObject(std::string_view key) const;
  Result<const json::object*> Object(std::string_view key) const;
  // A non-empty list of JSON objects.
  Result<std::vector<const json::object*>> OptObjectList(std::string_view key) const;

  // The string must be one of `allowed`.
  Status OptEnum(std::string_view key, std::initializer_list<std::string_view> allowed) const;
  // `later` must not be before `earlier` (or must be after it when `strictly`), when both exist.
  Status Ordered(std::string_view earlier, std::string_view later, bool strictly) const;
  // At least one of `keys` is present.
  Status AtLeastOneOf(std::initializer_list<std::string_view> keys) const;
  // A hashes dictionary (spec 2.7): algorithm names of letters, digits, '-' and '_'; values
  // non-empty strings; the hash-algorithm-ov digests (MD5, SHA-1, SHA-256, SHA-512, SHA3-256,
  // SHA3-512) with their length in hex digits.
  Status OptHashes(std::string_view key) const;
  // kill_chain_phases: objects with kill_chain_name and phase_name.
  Status OptKillChainPhases(std::string_view key) const;

 private:
  const json::value* Find(std::string_view key) const { return object_.if_contains(key); }
  Result<std::string_view> CheckRef(std::string_view key, const json::value& v,
                                    const RefRule& rule) const;

  const json::object& object_;
  std::string label_;
  std::string prefix_;
};

// The status of a reader's result, for checks that need only the validation.
template <typename T>
Status Checked(const Result<T>& result) {
  if (!result) return tl::unexpected(result.error());
  return Ok();
}

// A value's JSON kind for error messages: "a string", "an array", "null".
const char* KindName(const json::value& v);

}  // namespace qx::stix::detail
