// The route groups of the API, one file each.
#pragma once

#include "qx/api/api.h"

namespace qx::api {

void AddSessionRoutes(http::Router& router, ApiContext& ctx);
void AddDirectoryRoutes(http::Router& router, ApiContext& ctx);
void AddAuditRoutes(http::Router& router, ApiContext& ctx);
void AddOperationalRoutes(http::Router& router, ApiContext& ctx);
void AddRequirementsRoutes(http::Router& router, ApiContext& ctx);
void AddTaxiiRoutes(http::Router& router, ApiContext& ctx);
void AddIntelRoutes(http::Router& router, ApiContext& ctx);
void AddTrainingRoutes(http::Router& router, ApiContext& ctx);
void AddRegistryRoutes(http::Router& router, ApiContext& ctx);
void AddAssessmentRoutes(http::Router& router, ApiContext& ctx);
void AddIncidentRoutes(http::Router& router, ApiContext& ctx);
void AddCampaignRoutes(http::Router& router, ApiContext& ctx);
void AddAgentRoutes(http::Router& router, ApiContext& ctx);

}  // namespace qx::api
