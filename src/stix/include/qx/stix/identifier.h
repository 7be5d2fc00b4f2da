// STIX 2.1 type names and identifiers (spec 2.9, 3.1): the syntax checks shared by object
// validation, pattern parsing and callers that follow references. Pure functions; thread-safe.
#pragma once

#include <optional>
#include <string_view>

namespace qx::stix {

// A type name: 3 to 250 characters of a-z, 0-9 and '-', starting with a letter, not ending with
// '-' and without "--" (which separates the type from the UUID in an identifier).
bool IsValidTypeName(std::string_view type);

// An RFC 4122 UUID: 8-4-4-4-12 hex digits (either case), version 1 to 5, variant 10xx. This is
// the form the STIX 2.1 JSON schema's identifier pattern accepts.
bool IsRfc4122Uuid(std::string_view uuid);

// The parts of "<type>--<uuid>"; views into the argument.
struct Identifier {
  std::string_view type;
  std::string_view uuid;
};

// Splits and checks an identifier; nullopt unless the type is valid and the UUID is RFC 4122.
std::optional<Identifier> ParseIdentifier(std::string_view id);

}  // namespace qx::stix
