#include "qx/crypto/signing.h"

#include <sodium.h>
#include <sys/stat.h>

#include <fstream>
#include <sstream>

#include "qx/crypto/digest.h"

namespace qx::crypto {
namespace {

constexpr std::string_view kKeyFileHeader = "qalxan-ed25519-v1\n";

}  // namespace

std::string Base64Encode(std::string_view bytes) {
  std::string out(sodium_base64_ENCODED_LEN(bytes.size(), sodium_base64_VARIANT_ORIGINAL), '\0');
  sodium_bin2base64(out.data(), out.size(), reinterpret_cast<const unsigned char*>(bytes.data()),
                    bytes.size(), sodium_base64_VARIANT_ORIGINAL);
  out.resize(std::char_traits<char>::length(out.c_str()));
  return out;
}

Result<std::string> Base64Decode(std::string_view text) {
  std::string out(text.size(), '\0');
  size_t len = 0;
  const char* end = nullptr;
  if (sodium_base642bin(reinterpret_cast<unsigned char*>(out.data()), out.size(), text.data(),
                        text.size(), nullptr, &len, &end, sodium_base64_VARIANT_ORIGINAL) != 0 ||
      end != text.data() + text.size()) {
    return MakeError(ErrorCode::kInvalidArgument, "not valid base64");
  }
  out.resize(len);
  return out;
}

Result<std::string> HexDecode(std::string_view hex) {
  std::string out(hex.size() / 2, '\0');
  size_t len = 0;
  const char* end = nullptr;
  if (hex.size() % 2 != 0 ||
      sodium_hex2bin(reinterpret_cast<unsigned char*>(out.data()), out.size(), hex.data(),
                     hex.size(), nullptr, &len, &end) != 0 ||
      end != hex.data() + hex.size()) {
    return MakeError(ErrorCode::kInvalidArgument, "not valid hex");
  }
  out.resize(len);
  return out;
}

SigningKey SigningKey::Generate() {
  SigningKey key;
  crypto_sign_keypair(key.public_key_.data(), key.secret_key_.data());
  return key;
}

Result<SigningKey> SigningKey::LoadOrCreate(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    SigningKey key = Generate();
    const mode_t old_mask = ::umask(077);
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out << kKeyFileHeader << ToHex(key.secret_key_.data(), key.secret_key_.size()) << "\n";
    out.close();
    ::umask(old_mask);
    if (!out) return MakeError(ErrorCode::kUnavailable, "cannot write signing key " + path);
    return key;
  }
  std::stringstream content;
  content << in.rdbuf();
  const std::string text = content.str();
  auto bad = [&] {
    return MakeError(ErrorCode::kInvalidArgument, path + " is not a Qalxan signing key");
  };
  if (text.rfind(kKeyFileHeader, 0) != 0) return bad();
  std::string hex = text.substr(kKeyFileHeader.size());
  while (!hex.empty() && (hex.back() == '\n' || hex.back() == '\r')) hex.pop_back();
  auto secret = HexDecode(hex);
  if (!secret || secret->size() != crypto_sign_SECRETKEYBYTES) return bad();
  SigningKey key;
  std::copy(secret->begin(), secret->end(), key.secret_key_.begin());
  sodium_memzero(secret->data(), secret->size());
  crypto_sign_ed25519_sk_to_pk(key.public_key_.data(), key.secret_key_.data());
  return key;
}

std::string SigningKey::PublicKeyHex() const { return ToHex(public_key_.data(), public_key_.size()); }

std::string SigningKey::KeyId() const { return KeyIdOf(PublicKeyHex()); }

std::string SigningKey::Sign(std::string_view message) const {
  unsigned char sig[crypto_sign_BYTES];
  crypto_sign_detached(sig, nullptr, reinterpret_cast<const unsigned char*>(message.data()),
                       message.size(), secret_key_.data());
  return Base64Encode(std::string_view(reinterpret_cast<const char*>(sig), sizeof sig));
}

bool VerifySignature(std::string_view public_key_hex, std::string_view message,
                     std::string_view signature_b64) {
  auto pk = HexDecode(public_key_hex);
  auto sig = Base64Decode(signature_b64);
  if (!pk || !sig || pk->size() != crypto_sign_PUBLICKEYBYTES || sig->size() != crypto_sign_BYTES) {
    return false;
  }
  return crypto_sign_verify_detached(reinterpret_cast<const unsigned char*>(sig->data()),
                                     reinterpret_cast<const unsigned char*>(message.data()),
                                     message.size(),
                                     reinterpret_cast<const unsigned char*>(pk->data())) == 0;
}

std::string KeyIdOf(std::string_view public_key_hex) {
  auto pk = HexDecode(public_key_hex);
  if (!pk || pk->size() != crypto_sign_PUBLICKEYBYTES) return "";
  return Sha256Hex(*pk).substr(0, 16);
}

bool IsEd25519PublicKey(std::string_view public_key_hex) {
  if (!IsLowerHex(public_key_hex, 2 * crypto_sign_PUBLICKEYBYTES)) return false;
  auto pk = HexDecode(public_key_hex);
  return pk && pk->size() == crypto_sign_PUBLICKEYBYTES &&
         crypto_core_ed25519_is_valid_point(reinterpret_cast<const unsigned char*>(pk->data())) == 1;
}

}  // namespace qx::crypto
