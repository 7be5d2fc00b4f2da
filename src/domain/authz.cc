#include "qx/domain/authz.h"

namespace qx::domain {
namespace {

bool IsPerson(const Subject& s) { return s.role != Role::kMachine; }

// Roles that may see who works in an organisation.
bool ReadsPeople(Role r) {
  return r == Role::kAdmin || r == Role::kOfficer || r == Role::kAuditor;
}

// Roles that change an organisation's registry entries and assessments.
bool Manages(Role r) { return r == Role::kAdmin || r == Role::kOfficer; }

}  // namespace

bool Allowed(const Subject& s, Action action, OrgId resource_org) {
  const bool own = s.org_id == resource_org;
  const bool regulator = s.org_kind == OrgKind::kRegulator;
  switch (action) {
    case Action::kOrgRead:
      // The regulator and the CERT know every registered organisation; others see their own.
      if (own) return true;
      return IsPerson(s) && (regulator || s.org_kind == OrgKind::kCert);
    case Action::kOrgCreate:
      return regulator && s.role == Role::kAdmin;
    case Action::kUserRead:
      if (!ReadsPeople(s.role)) return false;
      return own || regulator;
    case Action::kUserManage:
    case Action::kTokenManage:
      // An organisation's admin, and the regulator's admin who bootstraps new organisations.
      return s.role == Role::kAdmin && (own || regulator);
    case Action::kAuditRead:
      return regulator && (s.role == Role::kAdmin || s.role == Role::kOfficer ||
                           s.role == Role::kAuditor);
    case Action::kGeneralRequirementsRead:
      return true;  // published to everyone who is registered, agents included
    case Action::kSpecialRequirementsRead:
      return own || (IsPerson(s) && regulator);
    case Action::kGeneralRequirementsWrite:
      return regulator && (s.role == Role::kAdmin || s.role == Role::kOfficer);
    case Action::kSpecialRequirementsWrite:
      // resource_org is the operator that files them.
      return (s.role == Role::kAdmin || s.role == Role::kOfficer) && (own || regulator);
    case Action::kRequirementsPublish:
      return regulator && (s.role == Role::kAdmin || s.role == Role::kOfficer);
    case Action::kTrainingRead:
      // Names of staff: those who may see an organisation's people, and the regulator's.
      if (!ReadsPeople(s.role)) return false;
      return own || regulator;
    case Action::kTrainingManage:
      return own && (s.role == Role::kAdmin || s.role == Role::kOfficer);
    case Action::kRegistryRead:
    case Action::kAssessmentRead:
      // An operator's (or provider's) own people and machines, and the regulator's people.
      return own || (IsPerson(s) && regulator);
    case Action::kRegistryWrite:
    case Action::kAssessmentCreate:
      return Manages(s.role) && (own || regulator);
    case Action::kCategorisationDecide:
    case Action::kRegulatorSettings:
    case Action::kAssessmentReview:
      return regulator && Manages(s.role);
    case Action::kProviderDeclare:
      return Manages(s.role) && ((own && s.org_kind == OrgKind::kProvider) || regulator);
    case Action::kAssessmentRespond:
      // Only the owner answers its self-assessment; analysts do the legwork.
      return own && !regulator && (Manages(s.role) || s.role == Role::kAnalyst);
    case Action::kObservationWrite:
      return own && !regulator &&
             (s.role == Role::kMachine || Manages(s.role) || s.role == Role::kAnalyst);
    case Action::kPostureRead:
      return own || (IsPerson(s) && regulator);
    case Action::kIncidentRead:
      // The reporting organisation's people, and every person of the CERT and the regulator.
      if (!IsPerson(s)) return false;
      return own || regulator || s.org_kind == OrgKind::kCert;
    case Action::kIncidentReport:
      return own && (s.org_kind == OrgKind::kOperator || s.org_kind == OrgKind::kProvider) &&
             (Manages(s.role) || s.role == Role::kAnalyst);
    case Action::kIncidentNote:
      if (s.org_kind == OrgKind::kCert) return Manages(s.role) || s.role == Role::kAnalyst;
      return Allowed(s, Action::kIncidentReport, resource_org);
    case Action::kIncidentTriage:
      return s.org_kind == OrgKind::kCert && (Manages(s.role) || s.role == Role::kAnalyst);
    case Action::kIncidentStats:
      return IsPerson(s) && (regulator || s.org_kind == OrgKind::kCert);
    case Action::kIncidentDeliveries:
      return s.role == Role::kAdmin && (regulator || s.org_kind == OrgKind::kCert);
    case Action::kCampaignManage:
      return regulator && Manages(s.role);
    case Action::kCampaignRead:
      // The regulator's people see every row; an operator's or provider's people the rows of
      // their own subjects (what they would see of those assessments anyway).
      return IsPerson(s) && (regulator || own);
    case Action::kAgentManage:
      // The object's owner installs (and retires) agents on its hosts; the regulator only
      // publishes policies.
      return own && !regulator && Manages(s.role);
    case Action::kAgentRead:
      return IsPerson(s) && (own || regulator);
    case Action::kAgentPolicyPublish:
      return regulator && Manages(s.role);
    case Action::kAgentPolicyRead:
      return IsPerson(s) && regulator;
    case Action::kAgentPolicyDownload:
      // The object's owner runs its air-gapped hosts; the regulator published the policy. Other
      // organisations learn nothing of what is checked on the object.
      return IsPerson(s) && (own || regulator);
  }
  return false;
}

}  // namespace qx::domain
