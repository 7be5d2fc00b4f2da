// Secrets: random tokens and argon2id password hashes (libsodium). Thread-safe after
// InitCrypto().
#pragma once

#include <string>
#include <string_view>

#include "qx/core/result.h"

namespace qx::crypto {

// Initialises libsodium; call once before any other function here. Fails when the library cannot.
Status InitCrypto();

// A URL-safe random token carrying `bytes` bytes of entropy, prefixed with `prefix`.
std::string RandomToken(std::string_view prefix, std::size_t bytes = 32);

// A random (version 4) UUID, lower-case: "8f0c...-4...-a...".
std::string RandomUuid();

// A password that people can type: 20 characters from an unambiguous alphabet.
std::string RandomPassword();

// Cost of argon2id: interactive for logins, minimal for tests that hash many passwords.
enum class PasswordCost { kInteractive, kMinimal };

// The PHC string ("$argon2id$v=19$m=...") of password. kUnavailable when memory runs out.
Result<std::string> HashPassword(std::string_view password,
                                 PasswordCost cost = PasswordCost::kInteractive);

// True when password matches the PHC string; false for a wrong password or a malformed hash.
bool VerifyPassword(std::string_view password, const std::string& phc);

}  // namespace qx::crypto
