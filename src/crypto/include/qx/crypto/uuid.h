// Name-based UUIDs (RFC 4122 section 4.3, version 5: SHA-1): the same namespace and name always
// give the same UUID, and OSCAL's UUIDDatatype accepts version 5 ("type 4 or type 5").
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace qx::crypto {

// The namespace of every UUID Qalxan derives for its OSCAL documents (itself a random version 4
// UUID, fixed for good: changing it would change every derived UUID).
inline constexpr std::string_view kQalxanUuidNamespace = "60f3ad6f-077f-48f5-8879-e4532c172892";

// The version 5 UUID of `name` in `namespace_uuid` (canonical text form, either case), in lower
// case; nullopt when `namespace_uuid` is not a UUID.
std::optional<std::string> Uuid5(std::string_view namespace_uuid, std::string_view name);

// Uuid5(kQalxanUuidNamespace, name).
std::string QalxanUuid5(std::string_view name);

}  // namespace qx::crypto
