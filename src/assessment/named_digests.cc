#include "qx/assessment/named_digests.h"

#include <algorithm>
#include <optional>

namespace qx::assessment {
namespace {

int LowerHexDigit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  return -1;
}

std::optional<std::array<std::uint8_t, 32>> Parse(std::string_view hex) {
  std::array<std::uint8_t, 32> out;
  if (hex.size() != 2 * out.size()) return std::nullopt;
  for (std::size_t i = 0; i < out.size(); ++i) {
    const int hi = LowerHexDigit(hex[2 * i]);
    const int lo = LowerHexDigit(hex[2 * i + 1]);
    if (hi < 0 || lo < 0) return std::nullopt;
    out[i] = static_cast<std::uint8_t>(hi << 4 | lo);
  }
  return out;
}

}  // namespace

void NamedDigests::Add(std::string_view sha256) {
  if (auto digest = Parse(sha256)) {
    digests_.push_back(*digest);
    sealed_ = false;
  }
}

void NamedDigests::Seal() {
  std::sort(digests_.begin(), digests_.end());
  digests_.erase(std::unique(digests_.begin(), digests_.end()), digests_.end());
  sealed_ = true;
}

bool NamedDigests::Contains(std::string_view sha256) const {
  if (!sealed_) return false;
  const auto digest = Parse(sha256);
  return digest && std::binary_search(digests_.begin(), digests_.end(), *digest);
}

}  // namespace qx::assessment
