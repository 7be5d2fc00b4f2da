#include "qx/assessment/named_digests.h"

#include <algorithm>
#include <optional>

#include "qx/core/hex.h"
#include "qx/crypto/digest.h"

namespace qx::assessment {
namespace {

// The 32 bytes of a digest in the form rows hold it (64 lower-case hex digits), or nothing.
std::optional<crypto::Sha256> Parse(std::string_view hex) {
  if (!crypto::IsSha256Hex(hex)) return std::nullopt;
  crypto::Sha256 out;
  for (std::size_t i = 0; i < out.size(); ++i) {
    out[i] = static_cast<std::uint8_t>(HexDigitValue(hex[2 * i]) << 4 | HexDigitValue(hex[2 * i + 1]));
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
