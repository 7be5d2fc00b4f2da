#include "qx/crypto/secrets.h"

#include <gtest/gtest.h>

#include <set>

#include "qx/crypto/digest.h"

namespace qx::crypto {
namespace {

TEST(SecretsTest, TokensAreUniqueUrlSafeAndPrefixed) {
  ASSERT_TRUE(InitCrypto());
  std::set<std::string> seen;
  for (int i = 0; i < 100; ++i) {
    const std::string t = RandomToken("qxt_");
    EXPECT_EQ(t.rfind("qxt_", 0), 0u);
    EXPECT_EQ(t.find_first_not_of("qxt_ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-"), std::string::npos);
    EXPECT_TRUE(seen.insert(t).second);
  }
}

TEST(SecretsTest, PasswordHashesAreArgon2idAndVerify) {
  ASSERT_TRUE(InitCrypto());
  auto hash = HashPassword("correct horse battery", PasswordCost::kMinimal);
  ASSERT_TRUE(hash);
  EXPECT_EQ(hash->rfind("$argon2id$", 0), 0u);
  EXPECT_TRUE(VerifyPassword("correct horse battery", *hash));
  EXPECT_FALSE(VerifyPassword("correct horse battery!", *hash));
  EXPECT_FALSE(VerifyPassword("x", "$argon2i$v=19$m=8,t=1,p=1$bad"));
  EXPECT_FALSE(VerifyPassword("x", "garbage"));
}

TEST(SecretsTest, Sha256MatchesAKnownVector) {
  EXPECT_EQ(Sha256Hex("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  EXPECT_TRUE(ConstantTimeEquals("abc", "abc"));
  EXPECT_FALSE(ConstantTimeEquals("abc", "abd"));
  EXPECT_FALSE(ConstantTimeEquals("abc", "ab"));
}

}  // namespace
}  // namespace qx::crypto
