// Authorisation, decided in one place: may this subject take this action on a resource owned by
// that organisation? Pure; every HTTP handler and CLI path asks here and nowhere else.
#pragma once

#include <optional>

#include "qx/domain/identity.h"

namespace qx::domain {

// Who is acting: a person (user_id set) or a machine (token_id set).
struct Subject {
  OrgId org_id = 0;
  OrgKind org_kind = OrgKind::kOperator;
  Role role = Role::kStaff;
  std::optional<UserId> user_id;
  std::optional<std::int64_t> token_id;
};

enum class Action {
  kOrgRead,      // read an organisation's profile
  kOrgCreate,    // register a new organisation
  kUserRead,     // list an organisation's people
  kUserManage,   // add people, reset passwords, disable
  kTokenManage,  // create, list and revoke an organisation's API tokens
  kAuditRead,    // read the audit trail
  kGeneralRequirementsRead,   // read the regulator's catalogs and profiles
  kSpecialRequirementsRead,   // read an operator's special requirements
  kGeneralRequirementsWrite,  // import drafts of the regulator's catalogs and profiles
  kSpecialRequirementsWrite,  // file an operator's special requirements (drafts)
  kRequirementsPublish,       // freeze, hash and sign a version
  kTrainingRead,    // an organisation's courses, staff, audiences, completions and rule results
  kTrainingManage,  // record them
  kRegistryRead,              // read an organisation's CII objects and categorisations
  kRegistryWrite,             // register and edit objects, answer the questionnaire, import CSV
  kCategorisationDecide,      // confirm or override a category
  kRegulatorSettings,         // set categorisation thresholds and score weights
  kProviderDeclare,           // file a provider's declaration
  kAssessmentRead,            // read assessments, their answers, evidence and remediation
  kAssessmentCreate,          // open an assessment of a subject, upgrade it to a new version
  kAssessmentRespond,         // answer, attach evidence, plan remediation, submit, reopen
  kAssessmentReview,          // review: start, comment, accept, request changes
  kObservationWrite,          // post automated results (agents, training) for a subject
  kPostureRead,               // scores and posture: an organisation's (resource_org) or, with
                              // resource_org -1, every sector's and the nation's
  kIncidentRead,      // an organisation's incidents (resource_org -1: every organisation's)
  kIncidentReport,    // report an incident of one's own organisation, submit its stages,
                      // attach files to it, answer the CERT's requests for information
  kIncidentNote,      // add a note to an incident's timeline (resource_org: the incident's)
  kIncidentTriage,    // the CERT: status, severity, TLP, assignee, requests, sharing
  kIncidentStats,     // incident statistics of every sector
  kIncidentDeliveries,  // the log of incident notifications sent
  kCampaignManage,            // plan a campaign: choose subjects, profile and due date
  kCampaignRead,              // a campaign's board: the rows of resource_org's subjects, or with
                              // resource_org -1 every row
  kAgentManage,               // enrol agents on resource_org's objects (one-time tokens), revoke them
  kAgentRead,                 // list resource_org's agents and their results (-1: every agent)
  kAgentPolicyPublish,        // sign and publish a host assessment policy for agents
  kAgentPolicyRead,           // list the published agent policies
  kAgentPolicyDownload,       // download the policy served to agents of resource_org's objects
                              // (document and signature), to carry to an air-gapped host
};

// True when subject may take action on a resource owned by resource_org.
bool Allowed(const Subject& subject, Action action, OrgId resource_org);

}  // namespace qx::domain
