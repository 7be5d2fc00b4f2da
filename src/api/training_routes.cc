// Training and awareness: courses, staff, audiences, completions and training rules of one
// organisation, under /api/v1/orgs/{org}/training/ (collections) and /api/v1/training/ (items).
#include "authn.h"
#include "json_io.h"
#include "routes.h"

namespace qx::api {
namespace {

using http::Method;
using http::Request;
using http::Response;
using identity::Actor;
using identity::Principal;

json::value OptionalDate(const std::optional<Days>& d) {
  return d ? json::value(FormatDate(*d)) : json::value(nullptr);
}


// The per-row report of a CSV import: row 0 is the header.
json::object ImportJson(const training::CompletionImportReport& r) {
  json::array errors;
  for (const auto& e : r.plan.errors) {
    errors.push_back(json::object{{"row", e.row}, {"line", e.line}, {"column", e.column}, {"message", e.message}});
  }
  return {{"dry_run", r.dry_run},
          {"imported", r.imported},
          {"rows", r.plan.rows},
          {"valid", static_cast<std::int64_t>(r.plan.completions.size())},
          {"duplicates", r.plan.duplicates},
          {"created", r.created},
          {"errors", std::move(errors)}};
}

json::object RuleJson(const training::RuleView& v) {
  const auto& r = v.rule;
  return {{"id", r.id},
          {"requirement_id", r.requirement_id},
          {"course_id", r.course_id},
          {"course_title", v.course.title},
          {"audience_id", r.audience_id},
          {"audience_name", v.audience.name},
          {"min_percent", r.min_percent},
          {"window_months", r.window_months},
          {"result", {{"members", v.result.members},
                      {"trained", v.result.trained},
                      {"percent", v.result.percent},
                      {"met", v.result.met},
                      {"detail", v.result.detail},
                      {"evaluated_on", FormatDate(v.evaluated_on)}}}};
}

template <typename T>
json::object Items(const std::vector<T>& list) {
  json::array items;
  for (const auto& x : list) items.push_back(ToJson(x));
  return {{"items", std::move(items)}};
}

template <typename T, typename Fn>
json::object Items(const std::vector<T>& list, Fn to_json) {
  json::array items;
  for (const auto& x : list) items.push_back(to_json(x));
  return {{"items", std::move(items)}};
}

Result<int> IntField(const json::object& body, std::string_view key, int fallback) {
  QX_ASSIGN_OR_RETURN(auto v, OptionalInt(body, key));
  if (!v) return fallback;
  if (*v < INT32_MIN || *v > INT32_MAX) return MakeError(ErrorCode::kInvalidArgument, std::string(key) + " is out of range");
  return static_cast<int>(*v);
}

Result<std::int64_t> RequiredId(const json::object& body, std::string_view key) {
  QX_ASSIGN_OR_RETURN(auto v, OptionalInt(body, key));
  if (!v || *v <= 0) return MakeError(ErrorCode::kInvalidArgument, std::string(key) + " must be a positive id");
  return *v;
}

Result<std::vector<std::int64_t>> IdList(const json::object& body, std::string_view key) {
  std::vector<std::int64_t> out;
  const json::value* v = body.if_contains(key);
  if (!v) return out;
  if (!v->is_array()) return MakeError(ErrorCode::kInvalidArgument, std::string(key) + " must be a list of ids");
  for (const auto& id : v->as_array()) {
    if (!id.is_int64() || id.as_int64() <= 0) {
      return MakeError(ErrorCode::kInvalidArgument, std::string(key) + " must be a list of ids");
    }
    out.push_back(id.as_int64());
  }
  return out;
}

Result<domain::Course> CourseFields(const json::object& body) {
  domain::Course c;
  QX_ASSIGN_OR_RETURN(c.title, RequiredString(body, "title"));
  QX_ASSIGN_OR_RETURN(auto description, OptionalString(body, "description"));
  c.description = description.value_or("");
  QX_ASSIGN_OR_RETURN(c.recurrence_months, IntField(body, "recurrence_months", 0));
  return c;
}

Result<domain::StaffMember> StaffFields(const json::object& body) {
  domain::StaffMember s;
  QX_ASSIGN_OR_RETURN(s.staff_ref, RequiredString(body, "staff_ref"));
  QX_ASSIGN_OR_RETURN(s.name, RequiredString(body, "name"));
  QX_ASSIGN_OR_RETURN(auto email, OptionalString(body, "email"));
  s.email = email.value_or("");
  if (const json::value* active = body.if_contains("active")) {
    if (!active->is_bool()) return MakeError(ErrorCode::kInvalidArgument, "active must be true or false");
    s.active = active->as_bool();
  }
  return s;
}

}  // namespace

json::object ToJson(const domain::Course& c) {
  return {{"id", c.id},
          {"org_id", c.org_id},
          {"title", c.title},
          {"description", c.description},
          {"recurrence_months", c.recurrence_months},
          {"created_at", FormatRfc3339(c.created_at)}};
}

json::object ToJson(const domain::StaffMember& s) {
  return {{"id", s.id}, {"org_id", s.org_id}, {"staff_ref", s.staff_ref},
          {"name", s.name}, {"email", s.email}, {"active", s.active}};
}

json::object ToJson(const domain::TrainingAudience& a) {
  json::array members;
  for (const auto id : a.members) members.push_back(id);
  return {{"id", a.id}, {"org_id", a.org_id}, {"name", a.name}, {"description", a.description},
          {"members", std::move(members)}};
}

json::object ToJson(const domain::Completion& c) {
  return {{"id", c.id},
          {"staff_id", c.staff_id},
          {"course_id", c.course_id},
          {"completed_on", FormatDate(c.completed_on)},
          {"source", c.source},
          {"recorded_by", c.recorded_by},
          {"recorded_at", FormatRfc3339(c.recorded_at)}};
}

void AddTrainingRoutes(http::Router& router, ApiContext& ctx) {
  auto& svc = ctx.training;

  router.Add(Method::kGet, "/api/v1/orgs/{org}/training/courses",
             Authed(ctx, [&svc](Request& req, const Principal& p) -> Result<Response> {
               QX_ASSIGN_OR_RETURN(auto org, IdParam(req, "org"));
               QX_ASSIGN_OR_RETURN(auto courses, svc.Courses(Actor::Of(p), org));
               return http::JsonResponse(200, Items(courses));
             }));

  router.Add(Method::kPost, "/api/v1/orgs/{org}/training/courses",
             Authed(ctx, [&svc](Request& req, const Principal& p) -> Result<Response> {
               QX_ASSIGN_OR_RETURN(auto org, IdParam(req, "org"));
               QX_ASSIGN_OR_RETURN(json::object body, ParseJsonBody(req));
               QX_ASSIGN_OR_RETURN(domain::Course c, CourseFields(body));
               c.org_id = org;
               QX_ASSIGN_OR_RETURN(c, svc.CreateCourse(Actor::Of(p), std::move(c)));
               return http::JsonResponse(201, ToJson(c));
             }));

  router.Add(Method::kPut, "/api/v1/training/courses/{id}",
             Authed(ctx, [&svc](Request& req, const Principal& p) -> Result<Response> {
               QX_ASSIGN_OR_RETURN(auto id, IdParam(req, "id"));
               QX_ASSIGN_OR_RETURN(json::object body, ParseJsonBody(req));
               QX_ASSIGN_OR_RETURN(domain::Course c, CourseFields(body));
               c.id = id;
               QX_ASSIGN_OR_RETURN(c, svc.UpdateCourse(Actor::Of(p), std::move(c)));
               return http::JsonResponse(200, ToJson(c));
             }));

  router.Add(Method::kGet, "/api/v1/orgs/{org}/training/courses/{id}/status",
             Authed(ctx, [&svc](Request& req, const Principal& p) -> Result<Response> {
               QX_ASSIGN_OR_RETURN(auto org, IdParam(req, "org"));
               QX_ASSIGN_OR_RETURN(auto course, IdParam(req, "id"));
               QX_ASSIGN_OR_RETURN(auto audience, OptionalIntQuery(req, "audience"));
               if (!audience) return MakeError(ErrorCode::kInvalidArgument, "audience is required");
               QX_ASSIGN_OR_RETURN(auto status, svc.CourseStatus(Actor::Of(p), org, course, *audience));
               return http::JsonResponse(200, Items(status, [](const training::MemberStatus& s) {
                 return json::object{{"staff_id", s.staff_id},
                                     {"state", training::Name(s.state)},
                                     {"last_completed", OptionalDate(s.last_completed)},
                                     {"lapses_on", OptionalDate(s.lapses_on)}};
               }));
             }));

  router.Add(Method::kGet, "/api/v1/orgs/{org}/training/staff",
             Authed(ctx, [&svc](Request& req, const Principal& p) -> Result<Response> {
               QX_ASSIGN_OR_RETURN(auto org, IdParam(req, "org"));
               QX_ASSIGN_OR_RETURN(auto page, PageParams(req));
               QX_ASSIGN_OR_RETURN(auto staff, svc.Staff(Actor::Of(p), org, page));
               return http::JsonResponse(200, PageToJson(staff));
             }));

  router.Add(Method::kPost, "/api/v1/orgs/{org}/training/staff",
             Authed(ctx, [&svc](Request& req, const Principal& p) -> Result<Response> {
               QX_ASSIGN_OR_RETURN(auto org, IdParam(req, "org"));
               QX_ASSIGN_OR_RETURN(json::object body, ParseJsonBody(req));
               QX_ASSIGN_OR_RETURN(domain::StaffMember s, StaffFields(body));
               s.org_id = org;
               QX_ASSIGN_OR_RETURN(s, svc.AddStaff(Actor::Of(p), std::move(s)));
               return http::JsonResponse(201, ToJson(s));
             }));

  router.Add(Method::kPut, "/api/v1/training/staff/{id}",
             Authed(ctx, [&svc](Request& req, const Principal& p) -> Result<Response> {
               QX_ASSIGN_OR_RETURN(auto id, IdParam(req, "id"));
               QX_ASSIGN_OR_RETURN(json::object body, ParseJsonBody(req));
               QX_ASSIGN_OR_RETURN(domain::StaffMember s, StaffFields(body));
               s.id = id;
               QX_ASSIGN_OR_RETURN(s, svc.UpdateStaff(Actor::Of(p), std::move(s)));
               return http::JsonResponse(200, ToJson(s));
             }));

  router.Add(Method::kGet, "/api/v1/orgs/{org}/training/audiences",
             Authed(ctx, [&svc](Request& req, const Principal& p) -> Result<Response> {
               QX_ASSIGN_OR_RETURN(auto org, IdParam(req, "org"));
               QX_ASSIGN_OR_RETURN(auto audiences, svc.Audiences(Actor::Of(p), org));
               return http::JsonResponse(200, Items(audiences));
             }));

  router.Add(Method::kPost, "/api/v1/orgs/{org}/training/audiences",
             Authed(ctx, [&svc](Request& req, const Principal& p) -> Result<Response> {
               QX_ASSIGN_OR_RETURN(auto org, IdParam(req, "org"));
               QX_ASSIGN_OR_RETURN(json::object body, ParseJsonBody(req));
               domain::TrainingAudience a;
               a.org_id = org;
               QX_ASSIGN_OR_RETURN(a.name, RequiredString(body, "name"));
               QX_ASSIGN_OR_RETURN(auto description, OptionalString(body, "description"));
               a.description = description.value_or("");
               QX_ASSIGN_OR_RETURN(auto members, IdList(body, "members"));
               QX_ASSIGN_OR_RETURN(a, svc.CreateAudience(Actor::Of(p), std::move(a)));
               if (!members.empty()) {
                 QX_ASSIGN_OR_RETURN(a, svc.SetMembers(Actor::Of(p), a.id, std::move(members)));
               }
               return http::JsonResponse(201, ToJson(a));
             }));

  router.Add(Method::kPut, "/api/v1/training/audiences/{id}/members",
             Authed(ctx, [&svc](Request& req, const Principal& p) -> Result<Response> {
               QX_ASSIGN_OR_RETURN(auto id, IdParam(req, "id"));
               QX_ASSIGN_OR_RETURN(json::object body, ParseJsonBody(req));
               if (!body.contains("members")) return MakeError(ErrorCode::kInvalidArgument, "members is required");
               QX_ASSIGN_OR_RETURN(auto members, IdList(body, "members"));
               QX_ASSIGN_OR_RETURN(auto a, svc.SetMembers(Actor::Of(p), id, std::move(members)));
               return http::JsonResponse(200, ToJson(a));
             }));

  router.Add(Method::kGet, "/api/v1/orgs/{org}/training/completions",
             Authed(ctx, [&svc](Request& req, const Principal& p) -> Result<Response> {
               QX_ASSIGN_OR_RETURN(auto org, IdParam(req, "org"));
               QX_ASSIGN_OR_RETURN(auto page, PageParams(req));
               store::CompletionFilter filter;
               QX_ASSIGN_OR_RETURN(filter.course_id, OptionalIntQuery(req, "course"));
               QX_ASSIGN_OR_RETURN(filter.staff_id, OptionalIntQuery(req, "staff"));
               QX_ASSIGN_OR_RETURN(auto done, svc.Completions(Actor::Of(p), org, filter, page));
               return http::JsonResponse(200, PageToJson(done));
             }));

  router.Add(Method::kPost, "/api/v1/orgs/{org}/training/completions",
             Authed(ctx, [&svc](Request& req, const Principal& p) -> Result<Response> {
               QX_ASSIGN_OR_RETURN(auto org, IdParam(req, "org"));
               QX_ASSIGN_OR_RETURN(json::object body, ParseJsonBody(req));
               const json::value* list = body.if_contains("completions");
               if (!list || !list->is_array()) {
                 return MakeError(ErrorCode::kInvalidArgument, "completions must be a list");
               }
               std::vector<training::CompletionInput> in;
               for (const auto& item : list->as_array()) {
                 if (!item.is_object()) return MakeError(ErrorCode::kInvalidArgument, "each completion is an object");
                 training::CompletionInput c;
                 QX_ASSIGN_OR_RETURN(c.staff_id, RequiredId(item.as_object(), "staff_id"));
                 QX_ASSIGN_OR_RETURN(c.course_id, RequiredId(item.as_object(), "course_id"));
                 QX_ASSIGN_OR_RETURN(std::string date, RequiredString(item.as_object(), "completed_on"));
                 QX_ASSIGN_OR_RETURN(c.completed_on, ParseDate(date));
                 in.push_back(c);
               }
               QX_ASSIGN_OR_RETURN(auto done, svc.RecordCompletions(Actor::Of(p), org, in));
               return http::JsonResponse(201, Items(done));
             }));

  // A CSV file of completions (text/csv). 400 with the report when any row is invalid: nothing
  // is written then, nor ever on a dry run.
  router.Add(Method::kPost, "/api/v1/orgs/{org}/training/completions/import",
             Authed(ctx, [&svc](Request& req, const Principal& p) -> Result<Response> {
               QX_ASSIGN_OR_RETURN(auto org, IdParam(req, "org"));
               const std::string_view type = req.Header("Content-Type");
               if (type.substr(0, type.find(';')) != "text/csv") {
                 return MakeError(ErrorCode::kUnsupportedMediaType, "Content-Type must be text/csv");
               }
               const std::string* dry = req.Query("dry_run");
               const bool dry_run = dry && (*dry == "true" || *dry == "1");
               QX_ASSIGN_OR_RETURN(auto report, svc.ImportCompletionsCsv(Actor::Of(p), org, req.body, dry_run));
               json::object out = ImportJson(report);
               if (!report.plan.ok()) {
                 out["error"] = json::object{{"code", "invalid_argument"},
                                             {"message", "the file has errors: nothing was imported"}};
                 return http::JsonResponse(400, out);
               }
               return http::JsonResponse(dry_run ? 200 : 201, out);
             }));

  router.Add(Method::kGet, "/api/v1/orgs/{org}/training/rules",
             Authed(ctx, [&svc](Request& req, const Principal& p) -> Result<Response> {
               QX_ASSIGN_OR_RETURN(auto org, IdParam(req, "org"));
               QX_ASSIGN_OR_RETURN(auto rules, svc.Rules(Actor::Of(p), org));
               return http::JsonResponse(200, Items(rules, RuleJson));
             }));

  router.Add(Method::kPost, "/api/v1/orgs/{org}/training/rules",
             Authed(ctx, [&svc](Request& req, const Principal& p) -> Result<Response> {
               QX_ASSIGN_OR_RETURN(auto org, IdParam(req, "org"));
               QX_ASSIGN_OR_RETURN(json::object body, ParseJsonBody(req));
               domain::TrainingRule r;
               r.org_id = org;
               QX_ASSIGN_OR_RETURN(r.requirement_id, RequiredString(body, "requirement_id"));
               QX_ASSIGN_OR_RETURN(r.course_id, RequiredId(body, "course_id"));
               QX_ASSIGN_OR_RETURN(r.audience_id, RequiredId(body, "audience_id"));
               QX_ASSIGN_OR_RETURN(r.min_percent, IntField(body, "min_percent", 90));
               QX_ASSIGN_OR_RETURN(r.window_months, IntField(body, "window_months", 12));
               QX_ASSIGN_OR_RETURN(auto view, svc.CreateRule(Actor::Of(p), std::move(r)));
               return http::JsonResponse(201, RuleJson(view));
             }));

  router.Add(Method::kDelete, "/api/v1/training/rules/{id}",
             Authed(ctx, [&svc](Request& req, const Principal& p) -> Result<Response> {
               QX_ASSIGN_OR_RETURN(auto id, IdParam(req, "id"));
               QX_RETURN_IF_ERROR(svc.DeleteRule(Actor::Of(p), id));
               return http::NoContent();
             }));
}

}  // namespace qx::api
