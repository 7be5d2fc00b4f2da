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

// True when a and b are equal, in time independent of where they differ.
bool ConstantTimeEquals(std::string_view a, std::string_view b);

}  // namespace qx::crypto
