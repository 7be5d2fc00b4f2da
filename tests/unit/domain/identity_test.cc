#include "qx/domain/identity.h"

#include <gtest/gtest.h>

namespace qx::domain {
namespace {

TEST(IdentityTest, NamesRoundTrip) {
  for (Role r : {Role::kAdmin, Role::kOfficer, Role::kAnalyst, Role::kStaff, Role::kAuditor,
                 Role::kMachine}) {
    EXPECT_EQ(ParseRole(Name(r)), r);
  }
  for (OrgKind k : {OrgKind::kRegulator, OrgKind::kCert, OrgKind::kOperator, OrgKind::kProvider}) {
    EXPECT_EQ(ParseOrgKind(Name(k)), k);
  }
  EXPECT_FALSE(ParseRole("root"));
  EXPECT_FALSE(ParseOrgKind("Operator"));
}

TEST(IdentityTest, OperatorNeedsAKnownSector) {
  Organisation org{0, "Bank", OrgKind::kOperator, "", 0};
  EXPECT_FALSE(ValidateOrganisation(org));
  org.sector = "banking";
  EXPECT_FALSE(ValidateOrganisation(org));
  org.sector = "finance";
  EXPECT_TRUE(ValidateOrganisation(org));
}

TEST(IdentityTest, RejectsControlCharactersAndOverlongNames) {
  EXPECT_FALSE(ValidateOrganisation({0, "a\nb", OrgKind::kCert, "", 0}));
  EXPECT_FALSE(ValidateOrganisation({0, std::string(201, 'x'), OrgKind::kCert, "", 0}));
  EXPECT_FALSE(ValidateOrganisation({0, "", OrgKind::kCert, "", 0}));
}

TEST(IdentityTest, UsernamesAreLowerCaseAndBounded) {
  EXPECT_TRUE(ValidateUsername("operator.admin"));
  EXPECT_TRUE(ValidateUsername("a@b-c_d"));
  EXPECT_FALSE(ValidateUsername("ab"));
  EXPECT_FALSE(ValidateUsername("Admin"));
  EXPECT_FALSE(ValidateUsername("a b c"));
  EXPECT_FALSE(ValidateUsername(std::string(65, 'a')));
}

TEST(IdentityTest, PasswordsNeedTwelveCharacters) {
  EXPECT_FALSE(ValidatePassword("short-pass1"));
  EXPECT_TRUE(ValidatePassword("long-enough-1"));
  EXPECT_FALSE(ValidatePassword(std::string(1025, 'x')));
}

}  // namespace
}  // namespace qx::domain
