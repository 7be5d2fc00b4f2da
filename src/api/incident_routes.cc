// Incident reporting under statutory clocks, and CERT triage: /api/v1/incidents,
// /api/v1/incident-regimes, /api/v1/incident-stats and /api/v1/incident-deliveries; attachments
// under /api/v1/incidents/{id}/attachments.
#include "authn.h"
#include "file_download.h"
#include "incident_json.h"
#include "qx/incident/regime_json.h"
#include "routes.h"

namespace qx::api {
namespace {

using http::Method;
using http::Request;
using http::Response;
using identity::Principal;

json::object RegimesJson(const incident::RegimeSettings& s) {
  json::array items;
  for (const auto& r : s.regimes) items.push_back(incident::RegimeToJson(r));
  return {{"items", std::move(items)}, {"mapping", incident::MappingToJson(s.mapping)},
          {"default", domain::kDefaultRegimeId}};
}

template <typename T>
json::object ViewPage(const store::Page<T>& page) {
  json::array items;
  for (const auto& v : page.items) items.push_back(ToJson(v));
  json::object out{{"items", std::move(items)}};
  out["next"] = page.next ? json::value(std::to_string(*page.next)) : json::value(nullptr);
  return out;
}

Result<std::string> RequiredText(Request& req, std::string_view key) {
  QX_ASSIGN_OR_RETURN(json::object body, ParseJsonBody(req));
  return RequiredString(body, key);
}

}  // namespace

void AddIncidentRoutes(http::Router& router, ApiContext& ctx) {
  auto& svc = ctx.incidents;

  router.Add(Method::kGet, "/api/v1/incident-regimes",
             Authed(ctx, [&svc](Request&, const Principal& p) -> Result<Response> {
               QX_ASSIGN_OR_RETURN(auto regimes, svc.Regimes(p));
               return http::JsonResponse(200, RegimesJson(regimes));
             }));

  router.Add(Method::kPut, "/api/v1/incident-regimes/national",
             Authed(ctx, [&svc](Request& req, const Principal& p) -> Result<Response> {
               QX_ASSIGN_OR_RETURN(json::object body, ParseJsonBody(req));
               QX_ASSIGN_OR_RETURN(auto regime, incident::RegimeFromJson(body));
               QX_ASSIGN_OR_RETURN(regime, svc.PutNationalRegime(p, std::move(regime)));
               return http::JsonResponse(200, incident::RegimeToJson(regime));
             }));

  router.Add(Method::kPut, "/api/v1/incident-regimes/mapping",
             Authed(ctx, [&svc](Request& req, const Principal& p) -> Result<Response> {
               QX_ASSIGN_OR_RETURN(json::object body, ParseJsonBody(req));
               const json::value* m = body.if_contains("mapping");
               if (!m) return MakeError(ErrorCode::kInvalidArgument, "mapping is required");
               QX_ASSIGN_OR_RETURN(auto mapping, incident::MappingFromJson(*m));
               QX_ASSIGN_OR_RETURN(mapping, svc.PutMapping(p, std::move(mapping)));
               return http::JsonResponse(200, json::object{{"mapping", incident::MappingToJson(mapping)}});
             }));

  router.Add(Method::kGet, "/api/v1/incidents",
             Authed(ctx, [&svc](Request& req, const Principal& p) -> Result<Response> {
               QX_ASSIGN_OR_RETURN(auto page, PageParams(req));
               incident::IncidentQuery q;
               QX_ASSIGN_OR_RETURN(q.org, OptionalIntQuery(req, "org"));
               if (const std::string* status = req.Query("status")) {
                 q.status = domain::ParseIncidentStatus(*status);
                 if (!q.status) return MakeError(ErrorCode::kInvalidArgument, "status must be new, triage, in_progress, resolved or closed");
               }
               QX_ASSIGN_OR_RETURN(auto found, svc.List(p, q, page));
               return http::JsonResponse(200, ViewPage(found));
             }));

  router.Add(Method::kPost, "/api/v1/incidents",
             Authed(ctx, [&svc](Request& req, const Principal& p) -> Result<Response> {
               QX_ASSIGN_OR_RETURN(json::object body, ParseJsonBody(req));
               QX_ASSIGN_OR_RETURN(auto draft, IncidentFromJson(body));
               QX_ASSIGN_OR_RETURN(auto view, svc.Report(p, std::move(draft)));
               return http::JsonResponse(201, ToJson(view));
             }));

  router.Add(Method::kGet, "/api/v1/incidents/{id}",
             Authed(ctx, [&svc](Request& req, const Principal& p) -> Result<Response> {
               QX_ASSIGN_OR_RETURN(auto id, IdParam(req, "id"));
               QX_ASSIGN_OR_RETURN(auto view, svc.Get(p, id));
               return http::JsonResponse(200, ToJson(view));
             }));

  router.Add(Method::kPatch, "/api/v1/incidents/{id}",
             Authed(ctx, [&svc](Request& req, const Principal& p) -> Result<Response> {
               QX_ASSIGN_OR_RETURN(auto id, IdParam(req, "id"));
               QX_ASSIGN_OR_RETURN(json::object body, ParseJsonBody(req));
               incident::TriageChange change;
               QX_ASSIGN_OR_RETURN(auto status, OptionalString(body, "status"));
               if (status) {
                 change.status = domain::ParseIncidentStatus(*status);
                 if (!change.status) return MakeError(ErrorCode::kInvalidArgument, "status must be new, triage, in_progress, resolved or closed");
               }
               QX_ASSIGN_OR_RETURN(auto severity, OptionalString(body, "severity"));
               if (severity) {
                 change.severity = domain::ParseIncidentSeverity(*severity);
                 if (!change.severity) return MakeError(ErrorCode::kInvalidArgument, "severity must be low, medium, high or critical");
               }
               QX_ASSIGN_OR_RETURN(change.tlp, OptionalString(body, "tlp"));
               if (const auto* a = body.if_contains("assignee")) {
                 if (a->is_null()) change.assignee = "";
                 else if (a->is_string()) change.assignee = std::string(a->as_string());
                 else return MakeError(ErrorCode::kInvalidArgument, "assignee must be a username or null");
               }
               QX_ASSIGN_OR_RETURN(auto view, svc.Triage(p, id, change));
               return http::JsonResponse(200, ToJson(view));
             }));

  router.Add(Method::kPost, "/api/v1/incidents/{id}/stages/{key}",
             Authed(ctx, [&svc](Request& req, const Principal& p) -> Result<Response> {
               QX_ASSIGN_OR_RETURN(auto id, IdParam(req, "id"));
               QX_ASSIGN_OR_RETURN(json::object body, ParseJsonBody(req));
               const json::value* fields = body.if_contains("fields");
               if (!fields || !fields->is_object()) return MakeError(ErrorCode::kInvalidArgument, "fields must be an object");
               QX_ASSIGN_OR_RETURN(auto view, svc.SubmitStage(p, id, req.Param("key"), fields->as_object()));
               return http::JsonResponse(201, ToJson(view));
             }));

  router.Add(Method::kPost, "/api/v1/incidents/{id}/stages/{key}/request",
             Authed(ctx, [&svc](Request& req, const Principal& p) -> Result<Response> {
               QX_ASSIGN_OR_RETURN(auto id, IdParam(req, "id"));
               QX_ASSIGN_OR_RETURN(auto view, svc.RequestStage(p, id, req.Param("key")));
               return http::JsonResponse(200, ToJson(view));
             }));

  router.Add(Method::kGet, "/api/v1/incidents/{id}/timeline",
             Authed(ctx, [&svc](Request& req, const Principal& p) -> Result<Response> {
               QX_ASSIGN_OR_RETURN(auto id, IdParam(req, "id"));
               QX_ASSIGN_OR_RETURN(auto page, PageParams(req));
               QX_ASSIGN_OR_RETURN(auto entries, svc.Timeline(p, id, page));
               return http::JsonResponse(200, PageToJson(entries));
             }));

  router.Add(Method::kPost, "/api/v1/incidents/{id}/timeline",
             Authed(ctx, [&svc](Request& req, const Principal& p) -> Result<Response> {
               QX_ASSIGN_OR_RETURN(auto id, IdParam(req, "id"));
               QX_ASSIGN_OR_RETURN(auto text, RequiredText(req, "text"));
               QX_ASSIGN_OR_RETURN(auto entry, svc.AddNote(p, id, text));
               return http::JsonResponse(201, ToJson(entry));
             }));

  router.Add(Method::kGet, "/api/v1/incidents/{id}/rfis",
             Authed(ctx, [&svc](Request& req, const Principal& p) -> Result<Response> {
               QX_ASSIGN_OR_RETURN(auto id, IdParam(req, "id"));
               QX_ASSIGN_OR_RETURN(auto page, PageParams(req));
               QX_ASSIGN_OR_RETURN(auto rfis, svc.Rfis(p, id, page));
               return http::JsonResponse(200, PageToJson(rfis));
             }));

  router.Add(Method::kPost, "/api/v1/incidents/{id}/rfis",
             Authed(ctx, [&svc](Request& req, const Principal& p) -> Result<Response> {
               QX_ASSIGN_OR_RETURN(auto id, IdParam(req, "id"));
               QX_ASSIGN_OR_RETURN(auto question, RequiredText(req, "question"));
               QX_ASSIGN_OR_RETURN(auto rfi, svc.AskRfi(p, id, question));
               return http::JsonResponse(201, ToJson(rfi));
             }));

  router.Add(Method::kPost, "/api/v1/incidents/{id}/rfis/{rid}/answer",
             Authed(ctx, [&svc](Request& req, const Principal& p) -> Result<Response> {
               QX_ASSIGN_OR_RETURN(auto id, IdParam(req, "id"));
               QX_ASSIGN_OR_RETURN(auto rid, IdParam(req, "rid"));
               QX_ASSIGN_OR_RETURN(auto answer, RequiredText(req, "answer"));
               QX_ASSIGN_OR_RETURN(auto rfi, svc.AnswerRfi(p, id, rid, answer));
               return http::JsonResponse(200, ToJson(rfi));
             }));

  // Attachments: the raw bytes are the body, their media type the Content-Type; the name (and
  // optionally the stage they support) travel in the query.
  router.Add(Method::kPost, "/api/v1/incidents/{id}/attachments",
             Authed(ctx, [&svc](Request& req, const Principal& p) -> Result<Response> {
               QX_ASSIGN_OR_RETURN(auto id, IdParam(req, "id"));
               incident::NewAttachment meta;
               if (const std::string* f = req.Query("filename")) meta.filename = *f;
               if (const std::string* s = req.Query("stage")) meta.stage_key = *s;
               meta.media_type = std::string(req.Header("Content-Type"));
               QX_ASSIGN_OR_RETURN(auto a, svc.AddAttachment(p, id, meta, req.body));
               return http::JsonResponse(201, ToJson(a));
             }));

  router.Add(Method::kGet, "/api/v1/incidents/{id}/attachments",
             Authed(ctx, [&svc](Request& req, const Principal& p) -> Result<Response> {
               QX_ASSIGN_OR_RETURN(auto id, IdParam(req, "id"));
               QX_ASSIGN_OR_RETURN(auto list, svc.Attachments(p, id));
               json::array items;
               for (const auto& a : list) items.push_back(ToJson(a));
               return http::JsonResponse(200, json::object{{"items", std::move(items)}});
             }));

  router.Add(Method::kGet, "/api/v1/incidents/{id}/attachments/{aid}/content",
             Authed(ctx, [&svc](Request& req, const Principal& p) -> Result<Response> {
               QX_ASSIGN_OR_RETURN(auto id, IdParam(req, "id"));
               QX_ASSIGN_OR_RETURN(auto aid, IdParam(req, "aid"));
               QX_ASSIGN_OR_RETURN(auto a, svc.ReadAttachment(p, id, aid));
               return FileDownload(std::move(a.second), a.first.filename);
             }));

  router.Add(Method::kPost, "/api/v1/incidents/{id}/share",
             Authed(ctx, [&svc](Request& req, const Principal& p) -> Result<Response> {
               QX_ASSIGN_OR_RETURN(auto id, IdParam(req, "id"));
               QX_ASSIGN_OR_RETURN(json::object body, ParseJsonBody(req));
               QX_ASSIGN_OR_RETURN(auto tlp, RequiredString(body, "tlp"));
               QX_ASSIGN_OR_RETURN(auto collection, RequiredString(body, "collection_id"));
               QX_ASSIGN_OR_RETURN(auto shared, svc.Share(p, id, tlp, collection));
               json::array ids;
               for (const auto& s : shared.indicator_ids) ids.emplace_back(s);
               return http::JsonResponse(201, json::object{{"report_id", shared.report_id},
                                                           {"indicator_ids", std::move(ids)},
                                                           {"bundle", std::move(shared.bundle)}});
             }));

  router.Add(Method::kGet, "/api/v1/incident-stats",
             Authed(ctx, [&svc](Request& req, const Principal& p) -> Result<Response> {
               QX_ASSIGN_OR_RETURN(auto months, OptionalIntQuery(req, "months"));
               if (months && (*months < 1 || *months > 120)) return MakeError(ErrorCode::kInvalidArgument, "months must be 1-120");
               QX_ASSIGN_OR_RETURN(auto stats, svc.Stats(p, static_cast<int>(months.value_or(12))));
               json::array per, on_time;
               for (const auto& s : stats.per_sector_month) {
                 per.push_back(json::object{{"sector", s.sector}, {"month", s.month}, {"count", s.count}});
               }
               for (const auto& o : stats.on_time) {
                 on_time.push_back(json::object{{"month", o.month}, {"stages", o.stages}, {"on_time", o.on_time},
                                                {"share", o.stages ? static_cast<double>(o.on_time) / o.stages : 0.0}});
               }
               return http::JsonResponse(200, json::object{{"per_sector_month", std::move(per)}, {"on_time", std::move(on_time)}});
             }));

  router.Add(Method::kGet, "/api/v1/incident-deliveries",
             Authed(ctx, [&svc](Request& req, const Principal& p) -> Result<Response> {
               QX_ASSIGN_OR_RETURN(auto page, PageParams(req));
               QX_ASSIGN_OR_RETURN(auto log, svc.Deliveries(p, page));
               return http::JsonResponse(200, PageToJson(log));
             }));
}

}  // namespace qx::api
