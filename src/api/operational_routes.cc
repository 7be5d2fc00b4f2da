// /healthz and /metrics, and the assembly of every route group.
#include "json_io.h"
#include "routes.h"

namespace qx::api {

void AddOperationalRoutes(http::Router& router, ApiContext& ctx) {
  router.Add(http::Method::kGet, "/healthz", [&ctx](http::Request&) {
    const Status db = ctx.db.Ping();
    http::Response r = http::JsonResponse(
        db ? 200 : 503, json::object{{"status", db ? "ok" : "degraded"},
                                     {"database", db ? std::string(ctx.db.backend())
                                                     : "unreachable"}});
    r.SetHeader("Cache-Control", "no-store");
    return r;
  });
  router.Add(http::Method::kGet, "/metrics", [&ctx](http::Request&) {
    http::Response r;
    r.body = ctx.metrics ? ctx.metrics->RenderPrometheus() : "";
    r.SetHeader("Content-Type", "text/plain; version=0.0.4; charset=utf-8");
    return r;
  });
}

void RegisterRoutes(http::Router& router, ApiContext& ctx) {
  AddOperationalRoutes(router, ctx);
  AddSessionRoutes(router, ctx);
  AddDirectoryRoutes(router, ctx);
  AddAuditRoutes(router, ctx);
  AddRequirementsRoutes(router, ctx);
  AddTaxiiRoutes(router, ctx);
  AddIntelRoutes(router, ctx);
  AddTrainingRoutes(router, ctx);
  AddRegistryRoutes(router, ctx);
  AddAssessmentRoutes(router, ctx);
  AddIncidentRoutes(router, ctx);
  AddCampaignRoutes(router, ctx);
  AddAgentRoutes(router, ctx);
}

}  // namespace qx::api
