#include "qx/crypto/uuid.h"

#include <gtest/gtest.h>

namespace qx::crypto {
namespace {

TEST(Uuid5Test, MatchesKnownVectors) {
  // Python: uuid.uuid5(uuid.NAMESPACE_DNS, 'python.org'), and RFC 4122's DNS namespace.
  EXPECT_EQ(Uuid5("6ba7b810-9dad-11d1-80b4-00c04fd430c8", "python.org"),
            "886313e1-3b8a-5372-9b90-0c9aee199e5d");
  // Python: uuid.uuid5(uuid.NAMESPACE_URL, 'https://qalxan.gov.az/'), upper-case namespace.
  EXPECT_EQ(Uuid5("6BA7B811-9DAD-11D1-80B4-00C04FD430C8", "https://qalxan.gov.az/"),
            "5dc52a3a-1e82-506a-bc68-7f3fd019e3b9");
  EXPECT_EQ(Uuid5("6ba7b810-9dad-11d1-80b4-00c04fd430c8", ""),
            "4ebd0208-8328-5d69-8c44-ec50939c0967");
}

TEST(Uuid5Test, IsVersion5WithTheRfc4122Variant) {
  const std::string u = QalxanUuid5("anything");
  ASSERT_EQ(u.size(), 36u);
  EXPECT_EQ(u[14], '5');
  EXPECT_NE(std::string("89ab").find(u[19]), std::string::npos);
  EXPECT_EQ(u, QalxanUuid5("anything"));
  EXPECT_NE(u, QalxanUuid5("anything else"));
  EXPECT_EQ(u, Uuid5(kQalxanUuidNamespace, "anything"));
}

TEST(Uuid5Test, RefusesANamespaceThatIsNotAUuid) {
  EXPECT_FALSE(Uuid5("", "x"));
  EXPECT_FALSE(Uuid5("6ba7b810-9dad-11d1-80b4-00c04fd430c", "x"));
  EXPECT_FALSE(Uuid5("6ba7b810x9dad-11d1-80b4-00c04fd430c8", "x"));
  EXPECT_FALSE(Uuid5("6ba7b810-9dad-11d1-80b4-00c04fd430cg", "x"));
}

}  // namespace
}  // namespace qx::crypto
