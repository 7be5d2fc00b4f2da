// Ed25519 signatures (libsodium) for published requirement versions, with the key pair kept in a
// file of the data directory. Base64 (standard alphabet, padded) on the wire.
#pragma once

#include <array>
#include <string>
#include <string_view>

#include "qx/core/result.h"

namespace qx::crypto {

std::string Base64Encode(std::string_view bytes);
// kInvalidArgument for anything but padded standard base64.
Result<std::string> Base64Decode(std::string_view text);
// kInvalidArgument for anything but 2*N hex digits.
Result<std::string> HexDecode(std::string_view hex);

class SigningKey {
 public:
  // Reads the key pair from path, or creates it there (mode 0600) when the file does not exist.
  // kInvalidArgument when the file exists but is not a key this program wrote.
  static Result<SigningKey> LoadOrCreate(const std::string& path);
  static SigningKey Generate();

  // Lower-case hex of the 32-byte public key.
  std::string PublicKeyHex() const;
  // A short, stable name for the key: the first 16 hex digits of SHA-256(public key).
  std::string KeyId() const;
  // Base64 of the 64-byte detached signature of message.
  std::string Sign(std::string_view message) const;

 private:
  std::array<unsigned char, 32> public_key_{};
  std::array<unsigned char, 64> secret_key_{};
};

// True when signature_b64 is public_key_hex's valid signature of message.
bool VerifySignature(std::string_view public_key_hex, std::string_view message,
                     std::string_view signature_b64);

// The KeyId of a public key given in hex ("" when it is not 32 bytes of hex).
std::string KeyIdOf(std::string_view public_key_hex);

// True for 64 lower-case hex digits encoding a point of the curve that can be an Ed25519 public
// key (canonical, not of small order): what an agent's key pair has, and 32 random bytes mostly not.
bool IsEd25519PublicKey(std::string_view public_key_hex);

}  // namespace qx::crypto
