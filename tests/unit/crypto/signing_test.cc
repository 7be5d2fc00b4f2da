#include "qx/crypto/signing.h"

#include <gtest/gtest.h>
#include <sys/stat.h>

#include <cctype>
#include <filesystem>
#include <fstream>

#include "qx/crypto/secrets.h"

namespace qx::crypto {
namespace {

class SigningTest : public ::testing::Test {
 protected:
  void SetUp() override { ASSERT_TRUE(InitCrypto()); }
};

TEST_F(SigningTest, SignaturesVerifyOnlyForTheirMessageAndKey) {
  const SigningKey key = SigningKey::Generate();
  const std::string sig = key.Sign("published catalog");
  EXPECT_TRUE(VerifySignature(key.PublicKeyHex(), "published catalog", sig));
  EXPECT_FALSE(VerifySignature(key.PublicKeyHex(), "published catalog!", sig));
  EXPECT_FALSE(VerifySignature(SigningKey::Generate().PublicKeyHex(), "published catalog", sig));
  EXPECT_FALSE(VerifySignature("zz", "published catalog", sig));
  EXPECT_FALSE(VerifySignature(key.PublicKeyHex(), "published catalog", "not base64!"));
  EXPECT_EQ(key.KeyId().size(), 16u);
  EXPECT_EQ(KeyIdOf(key.PublicKeyHex()), key.KeyId());
}

// What an agent's enrolment request may name as its key: a generated key, not any 64 hex digits.
TEST_F(SigningTest, OnlyCurvePointsInLowerCaseHexAreEd25519PublicKeys) {
  const std::string hex = SigningKey::Generate().PublicKeyHex();
  EXPECT_TRUE(IsEd25519PublicKey(hex));
  std::string upper = hex;
  for (char& c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  EXPECT_EQ(upper == hex, IsEd25519PublicKey(upper));  // upper case only if it has no letter
  EXPECT_FALSE(IsEd25519PublicKey(hex.substr(0, 62)));
  EXPECT_FALSE(IsEd25519PublicKey(hex + "00"));
  EXPECT_FALSE(IsEd25519PublicKey(std::string(63, 'a') + "g"));
  EXPECT_FALSE(IsEd25519PublicKey(std::string(64, '0')));  // a point of small order
  EXPECT_FALSE(IsEd25519PublicKey("01" + std::string(62, '0')));  // the neutral element
  EXPECT_FALSE(IsEd25519PublicKey(""));
}

TEST_F(SigningTest, TheKeyFileIsCreatedPrivatelyAndReadBack) {
  const auto path = std::filesystem::temp_directory_path() / ("qx-key-" + std::to_string(::getpid()));
  std::filesystem::remove(path);
  auto created = SigningKey::LoadOrCreate(path.string());
  ASSERT_TRUE(created);
  struct stat st;
  ASSERT_EQ(::stat(path.c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600u);
  auto loaded = SigningKey::LoadOrCreate(path.string());
  ASSERT_TRUE(loaded);
  EXPECT_EQ(loaded->PublicKeyHex(), created->PublicKeyHex());
  EXPECT_TRUE(VerifySignature(created->PublicKeyHex(), "m", loaded->Sign("m")));
  std::ofstream(path, std::ios::trunc) << "something else";
  EXPECT_FALSE(SigningKey::LoadOrCreate(path.string()));
  std::filesystem::remove(path);
}

TEST_F(SigningTest, Base64AndHexRejectGarbage) {
  EXPECT_EQ(*Base64Decode(Base64Encode("hello\0world")), std::string("hello\0world", 5));
  EXPECT_EQ(*Base64Decode(Base64Encode(std::string("\x00\xff", 2))), std::string("\x00\xff", 2));
  EXPECT_FALSE(Base64Decode("@@@@"));
  EXPECT_EQ(*HexDecode("00ff"), std::string("\x00\xff", 2));
  EXPECT_FALSE(HexDecode("0"));
  EXPECT_FALSE(HexDecode("zz"));
}

}  // namespace
}  // namespace qx::crypto
