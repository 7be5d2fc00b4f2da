// GET /api/v1/audit: the audit trail for the regulator, paged and filtered.
#include <charconv>

#include "authn.h"
#include "json_io.h"
#include "routes.h"

namespace qx::api {

void AddAuditRoutes(http::Router& router, ApiContext& ctx) {
  router.Add(http::Method::kGet, "/api/v1/audit",
             Authed(ctx, [&ctx](http::Request& req,
                                const identity::Principal& p) -> Result<http::Response> {
               QX_ASSIGN_OR_RETURN(auto page, PageParams(req));
               store::AuditFilter filter;
               if (const std::string* org = req.Query("org")) {
                 std::int64_t id = 0;
                 auto [end, ec] = std::from_chars(org->data(), org->data() + org->size(), id);
                 if (ec != std::errc() || end != org->data() + org->size()) {
                   return MakeError(ErrorCode::kInvalidArgument, "org must be an organisation id");
                 }
                 filter.org_id = id;
               }
               if (const std::string* actor = req.Query("actor")) filter.actor = *actor;
               if (const std::string* since = req.Query("since")) {
                 QX_ASSIGN_OR_RETURN(filter.since, ParseRfc3339(*since));
               }
               if (const std::string* until = req.Query("until")) {
                 QX_ASSIGN_OR_RETURN(filter.until, ParseRfc3339(*until));
               }
               QX_ASSIGN_OR_RETURN(auto records,
                                   ctx.audit.List(identity::Actor::Of(p), filter, page));
               return http::JsonResponse(200, PageToJson(records));
             }));
}

}  // namespace qx::api
