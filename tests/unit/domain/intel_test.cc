#include "qx/domain/intel.h"

#include <gtest/gtest.h>

namespace qx::domain {
namespace {

Subject Of(OrgId org, OrgKind kind, Role role) { return Subject{org, kind, role, 1, {}}; }

TEST(IntelAccessTest, NationalIsReadByAllAndWrittenByAnalystsAndMachines) {
  const IntelCollection national{"c", "National", "", Audience::kNational, ""};
  EXPECT_TRUE(AccessTo(Of(3, OrgKind::kOperator, Role::kStaff), "energy", national).read);
  EXPECT_FALSE(AccessTo(Of(3, OrgKind::kOperator, Role::kStaff), "energy", national).write);
  EXPECT_FALSE(AccessTo(Of(3, OrgKind::kOperator, Role::kAuditor), "energy", national).write);
  EXPECT_TRUE(AccessTo(Of(3, OrgKind::kOperator, Role::kAnalyst), "energy", national).write);
  EXPECT_TRUE(AccessTo(Of(3, OrgKind::kOperator, Role::kMachine), "energy", national).write);
}

TEST(IntelAccessTest, SectorCollectionsAreForTheSectorTheRegulatorAndTheCert) {
  const IntelCollection energy{"c", "Energy", "", Audience::kSector, "energy"};
  EXPECT_TRUE(AccessTo(Of(3, OrgKind::kOperator, Role::kAnalyst), "energy", energy).write);
  EXPECT_FALSE(AccessTo(Of(4, OrgKind::kOperator, Role::kAdmin), "finance", energy).read);
  EXPECT_FALSE(AccessTo(Of(5, OrgKind::kProvider, Role::kAdmin), "", energy).read);
  EXPECT_TRUE(AccessTo(Of(2, OrgKind::kCert, Role::kAnalyst), "", energy).read);
  EXPECT_TRUE(AccessTo(Of(1, OrgKind::kRegulator, Role::kAuditor), "", energy).read);
}

TEST(IntelAccessTest, PrivateCollectionsAreTheirOrganisationsOnly) {
  const IntelCollection mine{"c", "Own", "", Audience::kPrivate, "3"};
  EXPECT_TRUE(AccessTo(Of(3, OrgKind::kOperator, Role::kAnalyst), "energy", mine).write);
  EXPECT_FALSE(AccessTo(Of(33, OrgKind::kOperator, Role::kAdmin), "energy", mine).read);
  EXPECT_FALSE(AccessTo(Of(1, OrgKind::kRegulator, Role::kAdmin), "", mine).read);
}

TEST(IntelAccessTest, TheCertInboxIsWrittenByAllAndReadByTheCertOnly) {
  const IntelCollection inbox{"c", "CERT inbox", "", Audience::kCertInbox, ""};
  const auto op = AccessTo(Of(3, OrgKind::kOperator, Role::kAnalyst), "energy", inbox);
  EXPECT_FALSE(op.read);
  EXPECT_TRUE(op.write);
  EXPECT_TRUE(AccessTo(Of(2, OrgKind::kCert, Role::kStaff), "", inbox).read);
  EXPECT_FALSE(AccessTo(Of(1, OrgKind::kRegulator, Role::kAdmin), "", inbox).read);
}

TEST(IntelAccessTest, DeletesOnlyWhereItBothReadsAndWrites) {
  // TAXII 2.1 section 5.7: can_read false with can_write true refuses DELETE.
  EXPECT_FALSE(MayDelete({false, true}));
  EXPECT_FALSE(MayDelete({true, false}));
  EXPECT_FALSE(MayDelete({false, false}));
  EXPECT_TRUE(MayDelete({true, true}));
  const IntelCollection inbox{"c", "CERT inbox", "", Audience::kCertInbox, ""};
  EXPECT_FALSE(MayDelete(AccessTo(Of(3, OrgKind::kOperator, Role::kAnalyst), "energy", inbox)));
  EXPECT_TRUE(MayDelete(AccessTo(Of(2, OrgKind::kCert, Role::kAnalyst), "", inbox)));
}

}  // namespace
}  // namespace qx::domain
