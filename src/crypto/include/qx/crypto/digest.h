// SHA-256 digests and hex encoding (libsodium).
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>

namespace qx::crypto {

using Sha256 = std::array<std::uint8_t, 32>;

Sha256 Sha256Of(std::string_view data);

// Lower-case hex of the SHA-256 of data.
std::string Sha256Hex(std::string_view data);

std::string ToHex(const std::uint8_t* data, std::size_t size);

// True for exactly `digits` lower-case hex digits, the form ToHex and Sha256Hex write.
bool IsLowerHex(std::string_view s, std::size_t digits);
// True for a SHA-256 as Sha256Hex writes it: 64 lower-case hex digits.
inline bool IsSha256Hex(std::string_view s) { return IsLowerHex(s, 64); }

// True when a and b are equal, in time independent of where they differ.
bool ConstantTimeEquals(std::string_view a, std::string_view b);

}  // namespace qx::crypto
