// Self-assessments: /api/v1/assessments/..., evidence, remediation, observations, score weights
// and posture.
#include <charconv>

#include <fmt/format.h>

#include "qx/assessment/assessment_export.h"

#include "authn.h"
#include "file_download.h"
#include "registry_json.h"
#include "routes.h"

namespace qx::api {
namespace {

using http::Method;
using http::Request;
using http::Response;
using identity::Actor;
using identity::Principal;

Result<std::int64_t> CatalogParam(const Request& req) { return IdParam(req, "catalog"); }

Result<std::optional<UnixMillis>> TimeQuery(const Request& req, std::string_view name) {
  const std::string* s = req.Query(name);
  if (!s || s->empty()) return std::optional<UnixMillis>();
  auto t = ParseRfc3339(*s);
  if (!t) return MakeError(ErrorCode::kInvalidArgument, std::string(name) + " must be an RFC 3339 time");
  return std::optional(*t);
}

Result<domain::SubjectKind> SubjectKindField(const json::object& body) {
  QX_ASSIGN_OR_RETURN(auto kind, OptionalString(body, "subject_kind"));
  if (!kind) return domain::SubjectKind::kObject;
  auto k = domain::ParseSubjectKind(*kind);
  if (!k) return MakeError(ErrorCode::kInvalidArgument, "subject_kind must be object or provider");
  return *k;
}

json::object AssessmentPage(const store::Page<domain::Assessment>& page) { return PageOf(page); }

json::array Rollups(const std::vector<store::Rollup>& rows, const char* key_name, bool numeric_key) {
  json::array out;
  for (const auto& r : rows) {
    json::object o{{"score", OptionalNumber(r.score)}, {"subjects", r.subjects}};
    if (numeric_key) {
      std::int64_t id = 0;
      std::from_chars(r.key.data(), r.key.data() + r.key.size(), id);
      o[key_name] = id;
    } else {
      o[key_name] = r.key;
    }
    out.push_back(std::move(o));
  }
  return out;
}

}  // namespace

void AddAssessmentRoutes(http::Router& router, ApiContext& ctx) {
  auto& svc = ctx.assessments;

  router.Add(Method::kGet, "/api/v1/assessments",
             Authed(ctx, [&svc](Request& req, const Principal& p) -> Result<Response> {
               QX_ASSIGN_OR_RETURN(auto page, PageParams(req));
               store::AssessmentFilter f;
               QX_ASSIGN_OR_RETURN(f.owner_org, OptionalIntQuery(req, "org"));
               QX_ASSIGN_OR_RETURN(f.subject_id, OptionalIntQuery(req, "subject_id"));
               if (const std::string* k = req.Query("subject_kind")) {
                 f.subject_kind = domain::ParseSubjectKind(*k);
                 if (!f.subject_kind) return MakeError(ErrorCode::kInvalidArgument, "subject_kind must be object or provider");
               }
               if (const std::string* s = req.Query("status")) {
                 f.status = domain::ParseAssessmentStatus(*s);
                 if (!f.status) return MakeError(ErrorCode::kInvalidArgument, "unknown status");
               }
               QX_ASSIGN_OR_RETURN(auto list, svc.List(Actor::Of(p), f, page));
               return http::JsonResponse(200, AssessmentPage(list));
             }));

  router.Add(Method::kPost, "/api/v1/assessments",
             Authed(ctx, [&svc](Request& req, const Principal& p) -> Result<Response> {
               QX_ASSIGN_OR_RETURN(json::object body, ParseJsonBody(req));
               assessment::NewAssessment in;
               QX_ASSIGN_OR_RETURN(in.subject_kind, SubjectKindField(body));
               QX_ASSIGN_OR_RETURN(auto subject, OptionalInt(body, "subject_id"));
               in.subject_id = subject.value_or(0);
               QX_ASSIGN_OR_RETURN(in.profile_id, OptionalInt(body, "profile_id"));
               QX_ASSIGN_OR_RETURN(auto seq, OptionalInt(body, "profile_seq"));
               in.profile_seq = static_cast<int>(std::clamp<std::int64_t>(seq.value_or(0), 0, 1 << 20));
               if (const json::value* s = body.if_contains("include_special"); s && !s->is_null()) {
                 if (!s->is_bool()) return MakeError(ErrorCode::kInvalidArgument, "include_special must be true or false");
                 in.include_special = s->as_bool();
               }
               QX_ASSIGN_OR_RETURN(in.due_at, OptionalTime(body, "due_at"));
               QX_ASSIGN_OR_RETURN(auto a, svc.Create(Actor::Of(p), in));
               return http::JsonResponse(201, ToJson(a));
             }));

  router.Add(Method::kGet, "/api/v1/assessments/{id}",
             Authed(ctx, [&svc](Request& req, const Principal& p) -> Result<Response> {
               QX_ASSIGN_OR_RETURN(auto id, IdParam(req, "id"));
               QX_ASSIGN_OR_RETURN(auto view, svc.Get(Actor::Of(p), id));
               return http::JsonResponse(200, ToJson(view, svc.clock().Now()));
             }));

  // Exports: OSCAL assessment-results and a CSV sheet, for whoever may read the assessment.
  auto export_context = [&ctx](const Actor& actor, const assessment::AssessmentView& view) {
    assessment::ExportContext ec;
    ec.now = ctx.assessments.clock().Now();
    const auto& profile = view.assessment.profile;
    if (auto v = ctx.requirements.GetVersion(actor, profile.catalog_id, profile.seq)) {
      ec.profile_name = v->catalog.name;
      ec.profile_title = v->catalog.title;
    } else {
      ec.profile_name = fmt::format("catalog {}", profile.catalog_id);
    }
    return ec;
  };
  router.Add(Method::kGet, "/api/v1/assessments/{id}/export.oscal.json",
             Authed(ctx, [&svc, export_context](Request& req, const Principal& p) -> Result<Response> {
               QX_ASSIGN_OR_RETURN(auto id, IdParam(req, "id"));
               const Actor actor = Actor::Of(p);
               QX_ASSIGN_OR_RETURN(auto view, svc.Get(actor, id));
               Response r = http::JsonResponse(200, assessment::AssessmentResultsOscal(view, export_context(actor, view)));
               r.SetHeader("Content-Disposition", fmt::format("attachment; filename=\"assessment-{}.oscal.json\"", id));
               r.SetHeader("Cache-Control", "private, no-store");
               return r;
             }));
  router.Add(Method::kGet, "/api/v1/assessments/{id}/export.csv",
             Authed(ctx, [&svc](Request& req, const Principal& p) -> Result<Response> {
               QX_ASSIGN_OR_RETURN(auto id, IdParam(req, "id"));
               QX_ASSIGN_OR_RETURN(auto view, svc.Get(Actor::Of(p), id));
               Response r;
               r.status = 200;
               r.body = assessment::AssessmentCsv(view);
               r.SetHeader("Content-Type", "text/csv; charset=utf-8");
               r.SetHeader("Content-Disposition", fmt::format("attachment; filename=\"assessment-{}.csv\"", id));
               r.SetHeader("X-Content-Type-Options", "nosniff");
               r.SetHeader("Cache-Control", "private, no-store");
               return r;
             }));

  for (domain::FlowAction action :
       {domain::FlowAction::kSubmit, domain::FlowAction::kStartReview, domain::FlowAction::kAccept,
        domain::FlowAction::kRequestChanges, domain::FlowAction::kReopen}) {
    router.Add(Method::kPost, "/api/v1/assessments/{id}/" + std::string(domain::Name(action)),
               Authed(ctx, [&svc, action](Request& req, const Principal& p) -> Result<Response> {
                 QX_ASSIGN_OR_RETURN(auto id, IdParam(req, "id"));
                 QX_ASSIGN_OR_RETURN(auto a, svc.Act(Actor::Of(p), id, action));
                 return http::JsonResponse(200, ToJson(a));
               }));
  }

  router.Add(Method::kPost, "/api/v1/assessments/{id}/upgrade",
             Authed(ctx, [&svc](Request& req, const Principal& p) -> Result<Response> {
               QX_ASSIGN_OR_RETURN(auto id, IdParam(req, "id"));
               std::optional<std::int64_t> profile;
               std::optional<std::int64_t> seq;
               if (!req.body.empty()) {
                 QX_ASSIGN_OR_RETURN(json::object body, ParseJsonBody(req));
                 QX_ASSIGN_OR_RETURN(profile, OptionalInt(body, "profile_id"));
                 QX_ASSIGN_OR_RETURN(seq, OptionalInt(body, "profile_seq"));
               }
               QX_ASSIGN_OR_RETURN(auto a, svc.Upgrade(Actor::Of(p), id, profile,
                                                        static_cast<int>(std::clamp<std::int64_t>(seq.value_or(0), 0, 1 << 20))));
               return http::JsonResponse(201, ToJson(a));
             }));

  router.Add(Method::kPut, "/api/v1/assessments/{id}/items/{catalog}/{control}",
             Authed(ctx, [&svc](Request& req, const Principal& p) -> Result<Response> {
               QX_ASSIGN_OR_RETURN(auto id, IdParam(req, "id"));
               QX_ASSIGN_OR_RETURN(auto catalog, CatalogParam(req));
               QX_ASSIGN_OR_RETURN(json::object body, ParseJsonBody(req));
               QX_ASSIGN_OR_RETURN(std::string result, RequiredString(body, "result"));
               const auto parsed = domain::ParseItemResult(result);
               if (!parsed) {
                 return MakeError(ErrorCode::kInvalidArgument,
                                  "result must be compliant, partial, non_compliant or not_applicable");
               }
               QX_ASSIGN_OR_RETURN(auto justification, OptionalString(body, "justification"));
               QX_ASSIGN_OR_RETURN(auto comment, OptionalString(body, "comment"));
               QX_ASSIGN_OR_RETURN(auto item, svc.Answer(Actor::Of(p), id, catalog, req.Param("control"),
                                                         *parsed, justification.value_or(""),
                                                         comment.value_or("")));
               return http::JsonResponse(200, ToJson(item));
             }));

  router.Add(Method::kPost, "/api/v1/assessments/{id}/items/{catalog}/{control}/comments",
             Authed(ctx, [&svc](Request& req, const Principal& p) -> Result<Response> {
               QX_ASSIGN_OR_RETURN(auto id, IdParam(req, "id"));
               QX_ASSIGN_OR_RETURN(auto catalog, CatalogParam(req));
               QX_ASSIGN_OR_RETURN(json::object body, ParseJsonBody(req));
               QX_ASSIGN_OR_RETURN(std::string text, RequiredString(body, "body"));
               QX_ASSIGN_OR_RETURN(auto c, svc.Comment(Actor::Of(p), id, catalog, req.Param("control"), text));
               return http::JsonResponse(201, ToJson(c));
             }));

  // Evidence: the raw bytes are the body; what describes them travels in the query.
  router.Add(Method::kPost, "/api/v1/assessments/{id}/items/{catalog}/{control}/evidence",
             Authed(ctx, [&svc](Request& req, const Principal& p) -> Result<Response> {
               QX_ASSIGN_OR_RETURN(auto id, IdParam(req, "id"));
               QX_ASSIGN_OR_RETURN(auto catalog, CatalogParam(req));
               if (static_cast<std::int64_t>(req.body.size()) > svc.evidence_limit()) {
                 return MakeError(ErrorCode::kPayloadTooLarge,
                                  "evidence files are limited to " + std::to_string(svc.evidence_limit()) + " bytes");
               }
               assessment::NewEvidence meta;
               if (const std::string* f = req.Query("filename")) meta.filename = *f;
               if (const std::string* d = req.Query("description")) meta.description = *d;
               QX_ASSIGN_OR_RETURN(meta.effective_at, TimeQuery(req, "effective"));
               QX_ASSIGN_OR_RETURN(meta.expires_at, TimeQuery(req, "expires"));
               QX_ASSIGN_OR_RETURN(auto e, svc.AddEvidence(Actor::Of(p), id, catalog, req.Param("control"),
                                                           meta, req.body));
               return http::JsonResponse(201, ToJson(e));
             }));

  router.Add(Method::kGet, "/api/v1/evidence/{id}",
             Authed(ctx, [&svc](Request& req, const Principal& p) -> Result<Response> {
               QX_ASSIGN_OR_RETURN(auto id, IdParam(req, "id"));
               QX_ASSIGN_OR_RETURN(auto e, svc.ReadEvidence(Actor::Of(p), id));
               json::object out = ToJson(e.first);
               out["in_force"] = domain::InForce(e.first, svc.clock().Now());
               return http::JsonResponse(200, out);
             }));

  router.Add(Method::kGet, "/api/v1/evidence/{id}/content",
             Authed(ctx, [&svc](Request& req, const Principal& p) -> Result<Response> {
               QX_ASSIGN_OR_RETURN(auto id, IdParam(req, "id"));
               QX_ASSIGN_OR_RETURN(auto e, svc.ReadEvidence(Actor::Of(p), id));
               return FileDownload(std::move(e.second), e.first.filename);
             }));

  router.Add(Method::kDelete, "/api/v1/evidence/{id}",
             Authed(ctx, [&svc](Request& req, const Principal& p) -> Result<Response> {
               QX_ASSIGN_OR_RETURN(auto id, IdParam(req, "id"));
               QX_RETURN_IF_ERROR(svc.DeleteEvidence(Actor::Of(p), id));
               return http::NoContent();
             }));

  router.Add(Method::kPost, "/api/v1/assessments/{id}/items/{catalog}/{control}/remediation",
             Authed(ctx, [&svc](Request& req, const Principal& p) -> Result<Response> {
               domain::RemediationAction r;
               QX_ASSIGN_OR_RETURN(r.assessment_id, IdParam(req, "id"));
               QX_ASSIGN_OR_RETURN(r.catalog_id, CatalogParam(req));
               r.control_id = req.Param("control");
               QX_ASSIGN_OR_RETURN(json::object body, ParseJsonBody(req));
               QX_ASSIGN_OR_RETURN(r.action, RequiredString(body, "action"));
               QX_ASSIGN_OR_RETURN(r.owner, RequiredString(body, "owner"));
               QX_ASSIGN_OR_RETURN(auto due, OptionalTime(body, "due_at"));
               if (!due) return MakeError(ErrorCode::kInvalidArgument, "field 'due_at' is required");
               r.due_at = *due;
               QX_ASSIGN_OR_RETURN(r, svc.AddRemediation(Actor::Of(p), std::move(r)));
               return http::JsonResponse(201, ToJson(r));
             }));

  router.Add(Method::kPut, "/api/v1/remediation/{id}",
             Authed(ctx, [&svc](Request& req, const Principal& p) -> Result<Response> {
               domain::RemediationAction r;
               QX_ASSIGN_OR_RETURN(r.id, IdParam(req, "id"));
               QX_ASSIGN_OR_RETURN(json::object body, ParseJsonBody(req));
               QX_ASSIGN_OR_RETURN(r.action, RequiredString(body, "action"));
               QX_ASSIGN_OR_RETURN(r.owner, RequiredString(body, "owner"));
               QX_ASSIGN_OR_RETURN(auto due, OptionalTime(body, "due_at"));
               if (!due) return MakeError(ErrorCode::kInvalidArgument, "field 'due_at' is required");
               r.due_at = *due;
               QX_ASSIGN_OR_RETURN(std::string status, RequiredString(body, "status"));
               const auto s = domain::ParseRemediationStatus(status);
               if (!s) return MakeError(ErrorCode::kInvalidArgument, "status must be open, in_progress or done");
               r.status = *s;
               QX_ASSIGN_OR_RETURN(r, svc.UpdateRemediation(Actor::Of(p), std::move(r)));
               return http::JsonResponse(200, ToJson(r));
             }));

  router.Add(Method::kPost, "/api/v1/observations",
             Authed(ctx, [&svc](Request& req, const Principal& p) -> Result<Response> {
               QX_ASSIGN_OR_RETURN(json::object body, ParseJsonBody(req));
               domain::Observation o;
               QX_ASSIGN_OR_RETURN(o.subject_kind, SubjectKindField(body));
               QX_ASSIGN_OR_RETURN(auto subject, OptionalInt(body, "subject_id"));
               if (!subject) return MakeError(ErrorCode::kInvalidArgument, "field 'subject_id' is required");
               o.subject_id = *subject;
               QX_ASSIGN_OR_RETURN(o.control_id, RequiredString(body, "control_id"));
               QX_ASSIGN_OR_RETURN(o.source, RequiredString(body, "source"));
               QX_ASSIGN_OR_RETURN(std::string result, RequiredString(body, "result"));
               const auto r = domain::ParseObservationResult(result);
               if (!r) return MakeError(ErrorCode::kInvalidArgument, "result must be pass, fail, error or info");
               o.result = *r;
               QX_ASSIGN_OR_RETURN(auto detail, OptionalString(body, "detail"));
               o.detail = detail.value_or("");
               QX_ASSIGN_OR_RETURN(auto observed, OptionalTime(body, "observed_at"));
               if (!observed) return MakeError(ErrorCode::kInvalidArgument, "field 'observed_at' is required");
               o.observed_at = *observed;
               QX_ASSIGN_OR_RETURN(o, svc.Observe(Actor::Of(p), std::move(o)));
               return http::JsonResponse(201, ToJson(o));
             }));

  router.Add(Method::kGet, "/api/v1/scoring/weights",
             Authed(ctx, [&svc](Request&, const Principal&) -> Result<Response> {
               QX_ASSIGN_OR_RETURN(auto w, svc.Weights());
               return http::JsonResponse(200, ToJson(w));
             }));

  router.Add(Method::kPut, "/api/v1/scoring/weights",
             Authed(ctx, [&svc](Request& req, const Principal& p) -> Result<Response> {
               QX_ASSIGN_OR_RETURN(json::object body, ParseJsonBody(req));
               const json::value* w = body.if_contains("weights");
               if (!w) return MakeError(ErrorCode::kInvalidArgument, "field 'weights' is required");
               QX_ASSIGN_OR_RETURN(auto parsed, assessment::WeightsFromJson(*w));
               QX_ASSIGN_OR_RETURN(auto view, svc.SetWeights(Actor::Of(p), parsed));
               return http::JsonResponse(200, ToJson(view));
             }));

  router.Add(Method::kPost, "/api/v1/posture/recompute",
             Authed(ctx, [&svc](Request&, const Principal& p) -> Result<Response> {
               QX_ASSIGN_OR_RETURN(int changed, svc.RecomputeScores(Actor::Of(p)));
               return http::JsonResponse(200, json::object{{"changed", changed}});
             }));

  router.Add(Method::kGet, "/api/v1/orgs/{id}/posture",
             Authed(ctx, [&svc](Request& req, const Principal& p) -> Result<Response> {
               QX_ASSIGN_OR_RETURN(auto id, IdParam(req, "id"));
               QX_ASSIGN_OR_RETURN(auto posture, svc.OrgPosture(Actor::Of(p), id));
               return http::JsonResponse(200, json::object{{"org_id", id},
                                                           {"score", OptionalNumber(posture.score)},
                                                           {"subjects", posture.subjects}});
             }));

  router.Add(Method::kGet, "/api/v1/posture/nation",
             Authed(ctx, [&svc](Request&, const Principal& p) -> Result<Response> {
               QX_ASSIGN_OR_RETURN(auto posture, svc.NationPosture(Actor::Of(p)));
               return http::JsonResponse(200, json::object{{"score", OptionalNumber(posture.score)},
                                                           {"subjects", posture.subjects}});
             }));

  router.Add(Method::kGet, "/api/v1/posture/sectors",
             Authed(ctx, [&svc](Request&, const Principal& p) -> Result<Response> {
               QX_ASSIGN_OR_RETURN(auto rows, svc.SectorPosture(Actor::Of(p)));
               return http::JsonResponse(200, json::object{{"items", Rollups(rows, "sector", false)}});
             }));

  router.Add(Method::kGet, "/api/v1/posture/orgs",
             Authed(ctx, [&svc](Request& req, const Principal& p) -> Result<Response> {
               std::optional<std::string> sector;
               if (const std::string* s = req.Query("sector")) sector = *s;
               QX_ASSIGN_OR_RETURN(auto rows, svc.OrgsPosture(Actor::Of(p), sector));
               return http::JsonResponse(200, json::object{{"items", Rollups(rows, "org_id", true)}});
             }));

  router.Add(Method::kGet, "/api/v1/posture/series",
             Authed(ctx, [&svc](Request& req, const Principal& p) -> Result<Response> {
               const std::string* scope = req.Query("scope");
               if (!scope) return MakeError(ErrorCode::kInvalidArgument, "scope is required");
               const std::string* key = req.Query("key");
               QX_ASSIGN_OR_RETURN(auto since, TimeQuery(req, "since"));
               QX_ASSIGN_OR_RETURN(auto until, TimeQuery(req, "until"));
               QX_ASSIGN_OR_RETURN(auto points, svc.Series(Actor::Of(p), *scope, key ? *key : "",
                                                           since.value_or(0),
                                                           until.value_or(INT64_MAX)));
               json::array items;
               for (const auto& pt : points) items.push_back(ToJson(pt));
               return http::JsonResponse(200, json::object{{"scope", *scope},
                                                           {"key", key ? *key : ""},
                                                           {"items", std::move(items)}});
             }));
}

}  // namespace qx::api
