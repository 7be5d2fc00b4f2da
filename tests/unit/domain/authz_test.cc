#include "qx/domain/authz.h"

#include <gtest/gtest.h>

namespace qx::domain {
namespace {

constexpr OrgId kRegulator = 1, kCert = 2, kOperatorA = 3, kOperatorB = 4;

Subject Of(OrgId org, OrgKind kind, Role role) { return Subject{org, kind, role, 1, {}}; }

TEST(AuthzTest, RegulatorAdminMayDoEverythingEverywhere) {
  const Subject s = Of(kRegulator, OrgKind::kRegulator, Role::kAdmin);
  for (Action a : {Action::kOrgRead, Action::kOrgCreate, Action::kUserRead, Action::kUserManage,
                   Action::kTokenManage, Action::kAuditRead}) {
    EXPECT_TRUE(Allowed(s, a, kOperatorA));
  }
}

TEST(AuthzTest, OperatorSeesOnlyItsOwnOrganisation) {
  const Subject admin = Of(kOperatorA, OrgKind::kOperator, Role::kAdmin);
  EXPECT_TRUE(Allowed(admin, Action::kOrgRead, kOperatorA));
  EXPECT_TRUE(Allowed(admin, Action::kUserManage, kOperatorA));
  EXPECT_FALSE(Allowed(admin, Action::kOrgRead, kOperatorB));
  EXPECT_FALSE(Allowed(admin, Action::kUserRead, kOperatorB));
  EXPECT_FALSE(Allowed(admin, Action::kUserManage, kOperatorB));
  EXPECT_FALSE(Allowed(admin, Action::kTokenManage, kOperatorB));
  EXPECT_FALSE(Allowed(admin, Action::kOrgCreate, 0));
  EXPECT_FALSE(Allowed(admin, Action::kAuditRead, kOperatorA));
}

TEST(AuthzTest, StaffAndAnalystsDoNotSeePeople) {
  for (Role r : {Role::kStaff, Role::kAnalyst, Role::kMachine}) {
    EXPECT_FALSE(Allowed(Of(kOperatorA, OrgKind::kOperator, r), Action::kUserRead, kOperatorA));
  }
  EXPECT_TRUE(Allowed(Of(kOperatorA, OrgKind::kOperator, Role::kAuditor), Action::kUserRead,
                      kOperatorA));
}

TEST(AuthzTest, CertReadsOrganisationsButManagesOnlyItsOwn) {
  const Subject admin = Of(kCert, OrgKind::kCert, Role::kAdmin);
  EXPECT_TRUE(Allowed(admin, Action::kOrgRead, kOperatorA));
  EXPECT_FALSE(Allowed(admin, Action::kUserRead, kOperatorA));
  EXPECT_FALSE(Allowed(admin, Action::kUserManage, kOperatorA));
  EXPECT_TRUE(Allowed(admin, Action::kUserManage, kCert));
  EXPECT_FALSE(Allowed(admin, Action::kAuditRead, kCert));
}

TEST(AuthzTest, RegulatorReadOnlyRolesCannotChangeAnything) {
  for (Role r : {Role::kAuditor, Role::kOfficer}) {
    const Subject s = Of(kRegulator, OrgKind::kRegulator, r);
    EXPECT_TRUE(Allowed(s, Action::kAuditRead, kOperatorA));
    EXPECT_TRUE(Allowed(s, Action::kUserRead, kOperatorA));
    EXPECT_FALSE(Allowed(s, Action::kUserManage, kOperatorA));
    EXPECT_FALSE(Allowed(s, Action::kOrgCreate, 0));
  }
}

TEST(AuthzTest, MachinesReadOnlyTheirOwnOrganisation) {
  const Subject machine{kRegulator, OrgKind::kRegulator, Role::kMachine, {}, 7};
  EXPECT_TRUE(Allowed(machine, Action::kOrgRead, kRegulator));
  EXPECT_FALSE(Allowed(machine, Action::kOrgRead, kOperatorA));
  EXPECT_FALSE(Allowed(machine, Action::kAuditRead, kRegulator));
}

// The policy an object's agents are served, downloaded for an air-gapped host: every person of
// the owner and of the regulator; no other organisation (the CERT included), no machine token.
TEST(AuthzTest, AnObjectsAgentPolicyIsDownloadedByItsOwnerAndTheRegulator) {
  for (Role r : {Role::kAdmin, Role::kOfficer, Role::kAnalyst, Role::kStaff, Role::kAuditor}) {
    EXPECT_TRUE(Allowed(Of(kOperatorA, OrgKind::kOperator, r), Action::kAgentPolicyDownload, kOperatorA));
    EXPECT_TRUE(Allowed(Of(kRegulator, OrgKind::kRegulator, r), Action::kAgentPolicyDownload, kOperatorA));
    EXPECT_FALSE(Allowed(Of(kOperatorB, OrgKind::kOperator, r), Action::kAgentPolicyDownload, kOperatorA));
    EXPECT_FALSE(Allowed(Of(kCert, OrgKind::kCert, r), Action::kAgentPolicyDownload, kOperatorA));
  }
  const Subject machine{kOperatorA, OrgKind::kOperator, Role::kMachine, {}, 7};
  EXPECT_FALSE(Allowed(machine, Action::kAgentPolicyDownload, kOperatorA));
}

}  // namespace
}  // namespace qx::domain
