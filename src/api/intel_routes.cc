// GET /api/v1/intel/sightings: sightings per indicator, as the viewer may know them.
#include "authn.h"
#include "qx/core/calendar.h"
#include "json_io.h"
#include "qx/taxii/protocol.h"
#include "routes.h"

namespace qx::api {
namespace {

json::object ToJson(const intel::IndicatorSightings& s) {
  json::array by_org;
  for (const auto& t : s.by_organisation) {
    by_org.push_back(json::object{{"org_id", t.producer_org},
                                  {"sightings", t.sightings},
                                  {"count", t.count},
                                  {"first_seen", TimeOrNull(t.first_seen_ms)},
                                  {"last_seen", TimeOrNull(t.last_seen_ms)}});
  }
  json::array per_day;
  for (const auto& d : s.per_day) {
    per_day.push_back(json::object{{"date", FormatDate(d.day)},
                                   {"sightings", d.sightings},
                                   {"count", d.count}});
  }
  return {{"indicator", s.indicator_ref},
          {"organisations", s.organisations},
          {"anonymous_organisations", s.anonymous_organisations},
          {"sightings", s.sightings},
          {"count", s.count},
          {"first_seen", TimeOrNull(s.first_seen_ms)},
          {"last_seen", TimeOrNull(s.last_seen_ms)},
          {"by_organisation", std::move(by_org)},
          {"per_day", std::move(per_day)}};
}

}  // namespace

void AddIntelRoutes(http::Router& router, ApiContext& ctx) {
  router.Add(http::Method::kGet, "/api/v1/intel/search",
             Authed(ctx, [&ctx](http::Request& req, const identity::Principal& p) -> Result<http::Response> {
               const std::string* collection = req.Query("collection");
               if (!collection) return MakeError(ErrorCode::kInvalidArgument, "collection is required");
               const std::string* q = req.Query("q");
               const std::string* type = req.Query("type");
               QX_ASSIGN_OR_RETURN(auto page, PageParams(req));
               QX_ASSIGN_OR_RETURN(auto found, ctx.intel.Search(p, *collection, q ? *q : "",
                                                                type ? *type : "", page));
               json::array items;
               for (const auto& o : found.items) {
                 items.push_back(json::object{{"object", json::parse(o.json)},
                                              {"tlp", o.tlp},
                                              {"producer_org", o.producer_org},
                                              {"date_added", taxii::FormatTimestamp(o.date_added_us)}});
               }
               json::object out{{"items", std::move(items)}};
               out["next"] = found.next ? json::value(std::to_string(*found.next)) : nullptr;
               return http::JsonResponse(200, out);
             }));

  router.Add(http::Method::kGet, "/api/v1/intel/sightings",
             Authed(ctx, [&ctx](http::Request& req, const identity::Principal& p) -> Result<http::Response> {
               const std::string* indicator = req.Query("indicator");
               QX_ASSIGN_OR_RETURN(auto all, ctx.intel.Sightings(p, indicator ? *indicator : ""));
               int limit = 100;
               if (req.Query("limit")) {
                 QX_ASSIGN_OR_RETURN(auto page, PageParams(req));
                 limit = page.limit;
               }
               json::array items;
               for (const auto& s : all) {
                 if (static_cast<int>(items.size()) == limit) break;
                 items.push_back(ToJson(s));
               }
               return http::JsonResponse(200, json::object{{"items", std::move(items)}});
             }));
}

}  // namespace qx::api
