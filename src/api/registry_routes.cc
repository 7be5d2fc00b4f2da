// The CII registry: /api/v1/objects/..., categorisation thresholds, providers' declarations and the
// public provider list.
#include "authn.h"
#include "registry_json.h"
#include "routes.h"
#include "qx/registry/thresholds_json.h"

namespace qx::api {
namespace {

using http::Method;
using http::Request;
using http::Response;
using identity::Actor;
using identity::Principal;

// The object fields of a body onto o (absent fields keep o's values).
Status ReadObjectFields(const json::object& body, domain::CiiObject& o) {
  QX_ASSIGN_OR_RETURN(auto name, OptionalString(body, "name"));
  if (name) o.name = *name;
  QX_ASSIGN_OR_RETURN(auto sector, OptionalString(body, "sector"));
  if (sector) o.sector = *sector;
  QX_ASSIGN_OR_RETURN(auto kind, OptionalString(body, "kind"));
  if (kind) {
    auto k = domain::ParseObjectKind(*kind);
    if (!k) return MakeError(ErrorCode::kInvalidArgument, "kind must be it or ot");
    o.kind = *k;
  }
  QX_ASSIGN_OR_RETURN(auto description, OptionalString(body, "description"));
  if (description) o.description = *description;
  QX_ASSIGN_OR_RETURN(auto location, OptionalString(body, "location"));
  if (location) o.location = *location;
  QX_ASSIGN_OR_RETURN(auto person, OptionalString(body, "responsible_person"));
  if (person) o.responsible_person = *person;
  if (const json::value* deps = body.if_contains("depends_on"); deps && !deps->is_null()) {
    if (!deps->is_array()) return MakeError(ErrorCode::kInvalidArgument, "depends_on must be a list of object ids");
    o.depends_on.clear();
    for (const auto& d : deps->as_array()) {
      if (!d.is_int64()) return MakeError(ErrorCode::kInvalidArgument, "depends_on must be a list of object ids");
      o.depends_on.push_back(d.as_int64());
    }
  }
  return Ok();
}

Result<domain::OtArchitecture> ReadOt(const json::object& body) {
  domain::OtArchitecture ot;
  auto list = [&](std::string_view key) -> Result<const json::array*> {
    const json::value* v = body.if_contains(key);
    if (!v || v->is_null()) return nullptr;
    if (!v->is_array()) return MakeError(ErrorCode::kInvalidArgument, std::string(key) + " must be a list");
    return &v->as_array();
  };
  QX_ASSIGN_OR_RETURN(const json::array* zones, list("zones"));
  QX_ASSIGN_OR_RETURN(const json::array* conduits, list("conduits"));
  if (zones) {
    for (const auto& z : *zones) {
      if (!z.is_object()) return MakeError(ErrorCode::kInvalidArgument, "a zone is an object");
      domain::OtZone zone;
      QX_ASSIGN_OR_RETURN(zone.name, RequiredString(z.as_object(), "name"));
      QX_ASSIGN_OR_RETURN(auto sl, OptionalInt(z.as_object(), "target_sl"));
      if (!sl) return MakeError(ErrorCode::kInvalidArgument, "a zone needs target_sl (1-4)");
      zone.target_sl = static_cast<int>(std::clamp<std::int64_t>(*sl, -1, 99));
      QX_ASSIGN_OR_RETURN(auto d, OptionalString(z.as_object(), "description"));
      zone.description = d.value_or("");
      ot.zones.push_back(std::move(zone));
    }
  }
  if (conduits) {
    for (const auto& c : *conduits) {
      if (!c.is_object()) return MakeError(ErrorCode::kInvalidArgument, "a conduit is an object");
      domain::OtConduit conduit;
      QX_ASSIGN_OR_RETURN(conduit.name, RequiredString(c.as_object(), "name"));
      QX_ASSIGN_OR_RETURN(conduit.from_zone, RequiredString(c.as_object(), "from"));
      QX_ASSIGN_OR_RETURN(conduit.to_zone, RequiredString(c.as_object(), "to"));
      QX_ASSIGN_OR_RETURN(auto d, OptionalString(c.as_object(), "description"));
      conduit.description = d.value_or("");
      ot.conduits.push_back(std::move(conduit));
    }
  }
  return ot;
}

}  // namespace

void AddRegistryRoutes(http::Router& router, ApiContext& ctx) {
  auto& reg = ctx.registry;

  router.Add(Method::kGet, "/api/v1/objects",
             Authed(ctx, [&reg](Request& req, const Principal& p) -> Result<Response> {
               QX_ASSIGN_OR_RETURN(auto page, PageParams(req));
               store::ObjectFilter f;
               QX_ASSIGN_OR_RETURN(f.owner_org, OptionalIntQuery(req, "org"));
               if (const std::string* s = req.Query("sector")) f.sector = *s;
               QX_ASSIGN_OR_RETURN(auto category, OptionalIntQuery(req, "category"));
               if (category) {
                 if (*category > 3) return MakeError(ErrorCode::kInvalidArgument, "category must be 0 (none) to 3");
                 f.category = static_cast<int>(*category);
               }
               QX_ASSIGN_OR_RETURN(auto objects, reg.ListObjects(Actor::Of(p), f, page));
               return http::JsonResponse(200, PageOf(objects));
             }));

  router.Add(Method::kPost, "/api/v1/objects",
             Authed(ctx, [&reg](Request& req, const Principal& p) -> Result<Response> {
               QX_ASSIGN_OR_RETURN(json::object body, ParseJsonBody(req));
               domain::CiiObject o;
               QX_RETURN_IF_ERROR(ReadObjectFields(body, o));
               QX_ASSIGN_OR_RETURN(auto owner, OptionalInt(body, "owner_org"));
               o.owner_org = owner.value_or(0);
               QX_ASSIGN_OR_RETURN(o, reg.CreateObject(Actor::Of(p), std::move(o)));
               return http::JsonResponse(201, ToJson(o));
             }));

  router.Add(Method::kPost, "/api/v1/objects/import",
             Authed(ctx, [&reg](Request& req, const Principal& p) -> Result<Response> {
               const std::string_view type = req.Header("Content-Type");
               if (type.substr(0, type.find(';')) != "text/csv") {
                 return MakeError(ErrorCode::kUnsupportedMediaType, "Content-Type must be text/csv");
               }
               QX_ASSIGN_OR_RETURN(auto owner, OptionalIntQuery(req, "org"));
               const std::string* dry = req.Query("dry_run");
               const bool dry_run = dry && (*dry == "true" || *dry == "1");
               QX_ASSIGN_OR_RETURN(auto report,
                                   reg.ImportCsv(Actor::Of(p), owner.value_or(0), req.body, dry_run));
               json::object out = ToJson(report);
               if (!report.plan.ok()) {
                 out["error"] = json::object{{"code", "invalid_argument"},
                                             {"message", "the file has errors: nothing was imported"}};
                 return http::JsonResponse(400, out);
               }
               return http::JsonResponse(dry_run ? 200 : 201, out);
             }));

  router.Add(Method::kGet, "/api/v1/objects/{id}",
             Authed(ctx, [&reg](Request& req, const Principal& p) -> Result<Response> {
               QX_ASSIGN_OR_RETURN(auto id, IdParam(req, "id"));
               QX_ASSIGN_OR_RETURN(auto view, reg.GetObject(Actor::Of(p), id));
               return http::JsonResponse(200, ToJson(view));
             }));

  router.Add(Method::kPut, "/api/v1/objects/{id}",
             Authed(ctx, [&reg](Request& req, const Principal& p) -> Result<Response> {
               QX_ASSIGN_OR_RETURN(auto id, IdParam(req, "id"));
               QX_ASSIGN_OR_RETURN(json::object body, ParseJsonBody(req));
               QX_ASSIGN_OR_RETURN(auto view, reg.GetObject(Actor::Of(p), id));
               domain::CiiObject o = view.object;
               QX_RETURN_IF_ERROR(ReadObjectFields(body, o));
               QX_ASSIGN_OR_RETURN(o, reg.UpdateObject(Actor::Of(p), std::move(o)));
               return http::JsonResponse(200, ToJson(o));
             }));

  router.Add(Method::kPut, "/api/v1/objects/{id}/ot",
             Authed(ctx, [&reg](Request& req, const Principal& p) -> Result<Response> {
               QX_ASSIGN_OR_RETURN(auto id, IdParam(req, "id"));
               QX_ASSIGN_OR_RETURN(json::object body, ParseJsonBody(req));
               QX_ASSIGN_OR_RETURN(auto ot, ReadOt(body));
               QX_ASSIGN_OR_RETURN(ot, reg.SetOtArchitecture(Actor::Of(p), id, std::move(ot)));
               return http::JsonResponse(200, ToJson(ot));
             }));

  router.Add(Method::kGet, "/api/v1/objects/{id}/categorisations",
             Authed(ctx, [&reg](Request& req, const Principal& p) -> Result<Response> {
               QX_ASSIGN_OR_RETURN(auto id, IdParam(req, "id"));
               QX_ASSIGN_OR_RETURN(auto history, reg.CategorisationHistory(Actor::Of(p), id));
               json::array items;
               for (const auto& c : history) items.push_back(ToJson(c));
               return http::JsonResponse(200, json::object{{"items", std::move(items)}});
             }));

  router.Add(Method::kPost, "/api/v1/objects/{id}/categorisations",
             Authed(ctx, [&reg](Request& req, const Principal& p) -> Result<Response> {
               QX_ASSIGN_OR_RETURN(auto id, IdParam(req, "id"));
               QX_ASSIGN_OR_RETURN(json::object body, ParseJsonBody(req));
               const json::value* answers = body.if_contains("answers");
               if (!answers) return MakeError(ErrorCode::kInvalidArgument, "field 'answers' is required");
               QX_ASSIGN_OR_RETURN(auto parsed, registry::AnswersFromJson(*answers));
               QX_ASSIGN_OR_RETURN(auto c, reg.Categorise(Actor::Of(p), id, parsed));
               return http::JsonResponse(201, ToJson(c));
             }));

  router.Add(Method::kPost, "/api/v1/objects/{id}/categorisations/{cid}/decision",
             Authed(ctx, [&reg](Request& req, const Principal& p) -> Result<Response> {
               QX_ASSIGN_OR_RETURN(auto id, IdParam(req, "id"));
               QX_ASSIGN_OR_RETURN(auto cid, IdParam(req, "cid"));
               QX_ASSIGN_OR_RETURN(json::object body, ParseJsonBody(req));
               QX_ASSIGN_OR_RETURN(std::string decision, RequiredString(body, "decision"));
               registry::Decision d;
               if (decision == "override") {
                 d.override = true;
                 const json::value* c = body.if_contains("category");
                 if (!c) return MakeError(ErrorCode::kInvalidArgument, "an override names the category (1-3 or null)");
                 if (!c->is_null()) {
                   if (!c->is_int64()) return MakeError(ErrorCode::kInvalidArgument, "category must be 1, 2, 3 or null");
                   d.category = static_cast<int>(std::clamp<std::int64_t>(c->as_int64(), -1, 99));
                 }
               } else if (decision != "confirm") {
                 return MakeError(ErrorCode::kInvalidArgument, "decision must be confirm or override");
               }
               QX_ASSIGN_OR_RETURN(auto reason, OptionalString(body, "reason"));
               d.reason = reason.value_or("");
               QX_ASSIGN_OR_RETURN(auto c, reg.Decide(Actor::Of(p), id, cid, d));
               return http::JsonResponse(200, ToJson(c));
             }));

  router.Add(Method::kGet, "/api/v1/categorisation/thresholds",
             Authed(ctx, [&reg](Request&, const Principal&) -> Result<Response> {
               QX_ASSIGN_OR_RETURN(auto t, reg.Thresholds());
               return http::JsonResponse(200, ToJson(t));
             }));

  router.Add(Method::kGet, "/api/v1/categorisation/thresholds/history",
             Authed(ctx, [&reg](Request&, const Principal&) -> Result<Response> {
               QX_ASSIGN_OR_RETURN(auto history, reg.ThresholdsHistory());
               json::array items;
               for (const auto& t : history) items.push_back(ToJson(t));
               return http::JsonResponse(200, json::object{{"items", std::move(items)}});
             }));

  router.Add(Method::kPut, "/api/v1/categorisation/thresholds",
             Authed(ctx, [&reg](Request& req, const Principal& p) -> Result<Response> {
               QX_ASSIGN_OR_RETURN(json::object body, ParseJsonBody(req));
               const json::value* t = body.if_contains("thresholds");
               if (!t) return MakeError(ErrorCode::kInvalidArgument, "field 'thresholds' is required");
               QX_ASSIGN_OR_RETURN(auto parsed, registry::ThresholdsFromJson(*t));
               QX_ASSIGN_OR_RETURN(auto view, reg.SetThresholds(Actor::Of(p), parsed));
               return http::JsonResponse(200, ToJson(view));
             }));

  // The public list of providers: no credentials needed, by design.
  router.Add(Method::kGet, "/api/v1/providers", [&reg](Request& req) -> Response {
    auto page = PageParams(req);
    if (!page) return http::ErrorResponse(page.error());
    auto providers = reg.PublicProviders(*page);
    if (!providers) return http::ErrorResponse(providers.error());
    return http::JsonResponse(200, PageOf(*providers));
  });

  router.Add(Method::kGet, "/api/v1/providers/{org}", [&reg](Request& req) -> Response {
    auto org = IdParam(req, "org");
    if (!org) return http::ErrorResponse(org.error());
    auto provider = reg.GetPublicProvider(*org);
    if (!provider) return http::ErrorResponse(provider.error());
    return http::JsonResponse(200, ToJson(*provider));
  });

  router.Add(Method::kPut, "/api/v1/providers/{org}/declaration",
             Authed(ctx, [&reg](Request& req, const Principal& p) -> Result<Response> {
               QX_ASSIGN_OR_RETURN(auto org, IdParam(req, "org"));
               QX_ASSIGN_OR_RETURN(json::object body, ParseJsonBody(req));
               domain::ProviderDeclaration d;
               d.org_id = org;
               QX_ASSIGN_OR_RETURN(d.services, StringList(body, "services"));
               QX_ASSIGN_OR_RETURN(d.sectors, StringList(body, "sectors"));
               QX_ASSIGN_OR_RETURN(auto description, OptionalString(body, "description"));
               d.description = description.value_or("");
               QX_ASSIGN_OR_RETURN(auto contact, OptionalString(body, "contact"));
               d.contact = contact.value_or("");
               QX_ASSIGN_OR_RETURN(d, reg.Declare(Actor::Of(p), std::move(d)));
               return http::JsonResponse(200, ToJson(d));
             }));
}

}  // namespace qx::api
