#include "qx/crypto/uuid.h"

#include <openssl/evp.h>

#include <memory>

#include <array>
#include <cstdint>
#include <cstdlib>

#include "qx/core/hex.h"
#include "qx/crypto/digest.h"

namespace qx::crypto {
namespace {

// The 16 bytes of a UUID in its 8-4-4-4-12 text form.
std::optional<std::array<std::uint8_t, 16>> ParseUuid(std::string_view s) {
  if (s.size() != 36) return std::nullopt;
  std::array<std::uint8_t, 16> out{};
  size_t n = 0;
  for (size_t i = 0; i < s.size();) {
    if (i == 8 || i == 13 || i == 18 || i == 23) {
      if (s[i] != '-') return std::nullopt;
      ++i;
      continue;
    }
    const int hi = HexDigitValue(s[i]);
    const int lo = HexDigitValue(s[i + 1]);
    if (hi < 0 || lo < 0) return std::nullopt;
    out[n++] = static_cast<std::uint8_t>(hi << 4 | lo);
    i += 2;
  }
  return out;
}

}  // namespace

std::optional<std::string> Uuid5(std::string_view namespace_uuid, std::string_view name) {
  const auto ns = ParseUuid(namespace_uuid);
  if (!ns) return std::nullopt;
  // SHA-1 over the namespace's bytes (network order) then the name (RFC 4122 section 4.3).
  std::unique_ptr<EVP_MD_CTX, decltype(&EVP_MD_CTX_free)> ctx(EVP_MD_CTX_new(), EVP_MD_CTX_free);
  std::array<std::uint8_t, EVP_MAX_MD_SIZE> d{};
  unsigned int size = 0;
  if (!ctx || EVP_DigestInit_ex(ctx.get(), EVP_sha1(), nullptr) != 1 ||
      EVP_DigestUpdate(ctx.get(), ns->data(), ns->size()) != 1 ||
      EVP_DigestUpdate(ctx.get(), name.data(), name.size()) != 1 ||
      EVP_DigestFinal_ex(ctx.get(), d.data(), &size) != 1 || size != 20) {
    std::abort();  // only out of memory: OpenSSL always has SHA-1
  }
  d[6] = static_cast<std::uint8_t>((d[6] & 0x0F) | 0x50);  // version 5
  d[8] = static_cast<std::uint8_t>((d[8] & 0x3F) | 0x80);  // RFC 4122 variant
  const std::string hex = ToHex(d.data(), 16);
  return hex.substr(0, 8) + "-" + hex.substr(8, 4) + "-" + hex.substr(12, 4) + "-" +
         hex.substr(16, 4) + "-" + hex.substr(20, 12);
}

std::string QalxanUuid5(std::string_view name) { return *Uuid5(kQalxanUuidNamespace, name); }

}  // namespace qx::crypto
