// NamedDigests, the sweep's snapshot of the digests rows name.
#include "qx/assessment/named_digests.h"

#include <gtest/gtest.h>

#include <cctype>
#include <string>

#include "qx/crypto/digest.h"

namespace qx::assessment {
namespace {

TEST(NamedDigestsTest, ContainsWhatWasAddedOnceSealed) {
  const std::string a = crypto::Sha256Hex("a"), b = crypto::Sha256Hex("b"), c = crypto::Sha256Hex("c");
  NamedDigests named;
  named.Add(b);
  named.Add(a);
  named.Add(b);
  EXPECT_FALSE(named.Contains(a));  // not sealed yet: names nothing
  named.Seal();
  EXPECT_EQ(named.size(), 2u);
  EXPECT_TRUE(named.Contains(a));
  EXPECT_TRUE(named.Contains(b));
  EXPECT_FALSE(named.Contains(c));
  // Digits differing in the last place only.
  std::string near = a;
  near.back() = near.back() == '0' ? '1' : '0';
  EXPECT_FALSE(named.Contains(near));
}

// Rows are untrusted: a digest not in the form blobs are named by names nothing, in either role.
TEST(NamedDigestsTest, OnlyLowerCaseSha256HexCounts) {
  const std::string a = crypto::Sha256Hex("a");
  std::string upper = a;
  for (char& ch : upper) ch = static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
  NamedDigests named;
  for (const std::string& bad : {upper, a.substr(1), a + "0", std::string(64, 'g'), std::string()}) named.Add(bad);
  named.Seal();
  EXPECT_EQ(named.size(), 0u);
  EXPECT_FALSE(named.Contains(a));
  named.Add(a);
  named.Seal();
  EXPECT_TRUE(named.Contains(a));
  EXPECT_FALSE(named.Contains(upper));
  EXPECT_FALSE(named.Contains(a.substr(0, 63)));
}

}  // namespace
}  // namespace qx::assessment
