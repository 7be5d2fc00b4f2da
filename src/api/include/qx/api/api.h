// The REST API under /api/v1 and the operational endpoints (/healthz, /metrics): HTTP handlers
// that authenticate, parse, call a service and serialise. No business rules live here.
#pragma once

#include "qx/agent_server/agent_service.h"
#include "qx/assessment/assessment_service.h"
#include "qx/audit_trail/audit_trail.h"
#include "qx/campaign/campaign_service.h"
#include "qx/http/metrics.h"
#include "qx/http/router.h"
#include "qx/identity/auth_service.h"
#include "qx/identity/directory_service.h"
#include "qx/incident/incident_service.h"
#include "qx/intel/intel_service.h"
#include "qx/registry/registry_service.h"
#include "qx/requirements/requirements_service.h"
#include "qx/store/database.h"
#include "qx/training/training_service.h"

namespace qx::api {

struct ApiContext {
  store::Database& db;
  identity::AuthService& auth;
  identity::DirectoryService& directory;
  audit_trail::AuditTrail& audit;
  requirements::RequirementsService& requirements;
  intel::IntelService& intel;
  training::TrainingService& training;
  registry::RegistryService& registry;
  assessment::AssessmentService& assessments;
  incident::IncidentService& incidents;
  campaign::CampaignService& campaigns;
  agent_server::AgentService& agents;
  http::Metrics* metrics = nullptr;
  std::int64_t max_content_length = 16 << 20;  // TAXII: the request body limit
  int taxii_max_page = 1000;                   // TAXII: the most objects a page returns
};

// Adds every route; ctx must outlive the router.
void RegisterRoutes(http::Router& router, ApiContext& ctx);

}  // namespace qx::api
