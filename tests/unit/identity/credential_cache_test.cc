// The Basic-credential cache: hits only for the same username, password and stored hash,
// within its time to live, and bounded in size.
#include "credential_cache.h"

#include <gtest/gtest.h>

#include "qx/crypto/secrets.h"

namespace qx::identity::detail {
namespace {

TEST(CredentialCacheTest, HoldsTheSameCredentialAgainstTheSameHashUntilItExpires) {
  ASSERT_TRUE(crypto::InitCrypto());
  CredentialCache cache(1000, 10);
  EXPECT_FALSE(cache.Holds("alice", "pw", "$hash1", 0));
  cache.Remember("alice", "pw", "$hash1", 0);
  EXPECT_TRUE(cache.Holds("alice", "pw", "$hash1", 999));
  EXPECT_FALSE(cache.Holds("alice", "pw2", "$hash1", 1));
  EXPECT_FALSE(cache.Holds("bob", "pw", "$hash1", 1));
  EXPECT_FALSE(cache.Holds("alic", "epw", "$hash1", 1));  // the parts are kept apart
  EXPECT_FALSE(cache.Holds("alice", "pw", "$hash1", 1000));  // expired
  cache.Remember("alice", "pw", "$hash1", 2000);
  EXPECT_FALSE(cache.Holds("alice", "pw", "$hash2", 2001));  // the password was changed
  EXPECT_FALSE(cache.Holds("alice", "pw", "$hash1", 2002));  // and the entry is gone
}

TEST(CredentialCacheTest, StaysWithinItsCapacity) {
  ASSERT_TRUE(crypto::InitCrypto());
  CredentialCache cache(1000, 3);
  for (int i = 0; i < 3; ++i) cache.Remember("user" + std::to_string(i), "pw", "$h", 0);
  EXPECT_TRUE(cache.Holds("user2", "pw", "$h", 1));
  cache.Remember("user3", "pw", "$h", 1);  // full of live entries: starts over
  EXPECT_FALSE(cache.Holds("user0", "pw", "$h", 2));
  EXPECT_TRUE(cache.Holds("user3", "pw", "$h", 2));
  for (int i = 4; i < 6; ++i) cache.Remember("user" + std::to_string(i), "pw", "$h", 2);
  cache.Remember("user9", "pw", "$h", 1500);  // full, but the first three have expired
  EXPECT_TRUE(cache.Holds("user9", "pw", "$h", 1501));
}

}  // namespace
}  // namespace qx::identity::detail
