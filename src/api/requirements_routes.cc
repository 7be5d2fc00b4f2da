// Catalogs, profiles and their versions: /api/v1/catalogs/..., and the signing key /api/v1/keys.
#include <charconv>

#include "authn.h"
#include "json_io.h"
#include "requirements_json.h"
#include "routes.h"

namespace qx::api {
namespace {

using http::Method;
using http::Request;
using http::Response;
using identity::Actor;
using identity::Principal;

// A version number in the path: a positive integer, or "latest" (0).
Result<int> SeqParam(const Request& req) {
  const std::string& s = req.Param("seq");
  if (s == "latest") return 0;
  int v = 0;
  auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc() || end != s.data() + s.size() || v <= 0) {
    return MakeError(ErrorCode::kNotFound, "no such version");
  }
  return v;
}

Result<int> IntQuery(const Request& req, std::string_view name, int fallback) {
  const std::string* s = req.Query(name);
  if (!s) return fallback;
  int v = 0;
  auto [end, ec] = std::from_chars(s->data(), s->data() + s->size(), v);
  if (ec != std::errc() || end != s->data() + s->size() || v < 0) {
    return MakeError(ErrorCode::kInvalidArgument, std::string(name) + " must be a number");
  }
  return v;
}

std::string Lang(const Request& req) {
  const std::string* lang = req.Query("lang");
  return lang ? *lang : "";
}

}  // namespace

void AddRequirementsRoutes(http::Router& router, ApiContext& ctx) {
  auto& svc = ctx.requirements;

  router.Add(Method::kGet, "/api/v1/keys", [&svc](Request&) {
    const auto& key = svc.key();
    return http::JsonResponse(
        200, json::object{{"keys", json::array{json::object{{"key_id", key.KeyId()},
                                                            {"alg", "Ed25519"},
                                                            {"use", "publication"},
                                                            {"public_key", key.PublicKeyHex()}}}}});
  });

  router.Add(Method::kGet, "/api/v1/catalogs",
             Authed(ctx, [&svc](Request& req, const Principal& p) -> Result<Response> {
               QX_ASSIGN_OR_RETURN(auto page, PageParams(req));
               std::optional<domain::CatalogKind> kind;
               if (const std::string* k = req.Query("kind")) {
                 kind = domain::ParseCatalogKind(*k);
                 if (!kind) return MakeError(ErrorCode::kInvalidArgument, "kind must be catalog or profile");
               }
               QX_ASSIGN_OR_RETURN(auto catalogs, svc.ListCatalogs(Actor::Of(p), kind, page));
               json::array items;
               for (const auto& listed : catalogs.items) {
                 json::object item = ToJson(listed.catalog);
                 item["latest"] = listed.latest ? json::value(ToJson(*listed.latest)) : nullptr;
                 items.push_back(std::move(item));
               }
               json::object out{{"items", std::move(items)}};
               out["next"] = catalogs.next ? json::value(std::to_string(*catalogs.next)) : nullptr;
               return http::JsonResponse(200, out);
             }));

  router.Add(Method::kPost, "/api/v1/catalogs",
             Authed(ctx, [&svc](Request& req, const Principal& p) -> Result<Response> {
               QX_ASSIGN_OR_RETURN(json::object body, ParseJsonBody(req));
               requirements::ImportRequest in;
               QX_ASSIGN_OR_RETURN(in.name, RequiredString(body, "name"));
               QX_ASSIGN_OR_RETURN(auto scope, OptionalString(body, "scope"));
               if (scope) {
                 auto parsed = domain::ParseCatalogScope(*scope);
                 if (!parsed) return MakeError(ErrorCode::kInvalidArgument, "scope must be general or special");
                 in.scope = *parsed;
               }
               QX_ASSIGN_OR_RETURN(auto owner, OptionalInt(body, "owner_org"));
               in.owner_org = owner.value_or(0);
               const json::value* document = body.if_contains("document");
               if (!document || !document->is_object()) {
                 return MakeError(ErrorCode::kInvalidArgument, "field 'document' must be an OSCAL JSON object");
               }
               in.document = json::serialize(*document);
               if (const json::value* t = body.if_contains("translations")) {
                 if (!t->is_array()) return MakeError(ErrorCode::kInvalidArgument, "field 'translations' must be an array");
                 for (const auto& overlay : t->as_array()) in.translations.push_back(json::serialize(overlay));
               }
               QX_ASSIGN_OR_RETURN(auto result, svc.Import(Actor::Of(p), in));
               json::object out{{"catalog", ToJson(result.catalog)},
                                {"version", ToJson(result.version)},
                                {"requirements", result.requirements},
                                {"warnings", json::value_from(result.warnings)}};
               return http::JsonResponse(201, out);
             }));

  router.Add(Method::kGet, "/api/v1/catalogs/{id}",
             Authed(ctx, [&svc](Request& req, const Principal& p) -> Result<Response> {
               QX_ASSIGN_OR_RETURN(auto id, IdParam(req, "id"));
               QX_ASSIGN_OR_RETURN(auto catalog, svc.GetCatalog(Actor::Of(p), id));
               QX_ASSIGN_OR_RETURN(auto versions, svc.ListVersions(Actor::Of(p), id));
               json::array vs;
               for (const auto& v : versions) vs.push_back(ToJson(v));
               json::object out = ToJson(catalog);
               out["versions"] = std::move(vs);
               return http::JsonResponse(200, out);
             }));

  router.Add(Method::kPost, "/api/v1/catalogs/{id}/publish",
             Authed(ctx, [&svc](Request& req, const Principal& p) -> Result<Response> {
               QX_ASSIGN_OR_RETURN(auto id, IdParam(req, "id"));
               QX_ASSIGN_OR_RETURN(auto published, svc.Publish(Actor::Of(p), id));
               json::object out = ToJson(published.version);
               out["warnings"] = json::value_from(published.warnings);
               return http::JsonResponse(200, out);
             }));

  router.Add(Method::kGet, "/api/v1/catalogs/{id}/diff",
             Authed(ctx, [&svc](Request& req, const Principal& p) -> Result<Response> {
               QX_ASSIGN_OR_RETURN(auto id, IdParam(req, "id"));
               QX_ASSIGN_OR_RETURN(int from, IntQuery(req, "from", -1));
               QX_ASSIGN_OR_RETURN(int to, IntQuery(req, "to", 0));
               if (from <= 0) return MakeError(ErrorCode::kInvalidArgument, "from must be a version number");
               QX_ASSIGN_OR_RETURN(auto diff, svc.Diff(Actor::Of(p), id, from, to));
               return http::JsonResponse(200, ToJson(diff));
             }));

  router.Add(Method::kGet, "/api/v1/catalogs/{id}/versions/{seq}",
             Authed(ctx, [&svc](Request& req, const Principal& p) -> Result<Response> {
               QX_ASSIGN_OR_RETURN(auto id, IdParam(req, "id"));
               QX_ASSIGN_OR_RETURN(int seq, SeqParam(req));
               QX_ASSIGN_OR_RETURN(auto view, svc.GetVersion(Actor::Of(p), id, seq));
               return http::JsonResponse(200, ToJson(view));
             }));

  router.Add(Method::kGet, "/api/v1/catalogs/{id}/versions/{seq}/oscal",
             Authed(ctx, [&svc](Request& req, const Principal& p) -> Result<Response> {
               QX_ASSIGN_OR_RETURN(auto id, IdParam(req, "id"));
               QX_ASSIGN_OR_RETURN(int seq, SeqParam(req));
               QX_ASSIGN_OR_RETURN(auto doc, svc.EffectiveCatalog(Actor::Of(p), id, seq, Lang(req)));
               return http::JsonResponse(200, doc);
             }));

  router.Add(Method::kGet, "/api/v1/catalogs/{id}/versions/{seq}/source",
             Authed(ctx, [&svc](Request& req, const Principal& p) -> Result<Response> {
               QX_ASSIGN_OR_RETURN(auto id, IdParam(req, "id"));
               QX_ASSIGN_OR_RETURN(int seq, SeqParam(req));
               QX_ASSIGN_OR_RETURN(auto doc, svc.SourceDocument(Actor::Of(p), id, seq));
               return http::JsonResponse(200, doc);
             }));

  router.Add(Method::kGet, "/api/v1/catalogs/{id}/versions/{seq}/signed",
             Authed(ctx, [&svc](Request& req, const Principal& p) -> Result<Response> {
               QX_ASSIGN_OR_RETURN(auto id, IdParam(req, "id"));
               QX_ASSIGN_OR_RETURN(int seq, SeqParam(req));
               QX_ASSIGN_OR_RETURN(std::string envelope, svc.ExportSigned(Actor::Of(p), id, seq));
               Response r;
               r.body = std::move(envelope);
               r.SetHeader("Content-Type", "application/json");
               r.SetHeader("Content-Disposition", "attachment; filename=\"publication.json\"");
               return r;
             }));

  router.Add(Method::kGet, "/api/v1/catalogs/{id}/versions/{seq}/requirements",
             Authed(ctx, [&svc](Request& req, const Principal& p) -> Result<Response> {
               QX_ASSIGN_OR_RETURN(auto id, IdParam(req, "id"));
               QX_ASSIGN_OR_RETURN(int seq, SeqParam(req));
               QX_ASSIGN_OR_RETURN(auto page, PageParams(req));
               store::RequirementFilter f;
               if (const std::string* s = req.Query("sector")) f.sector = *s;
               if (req.Query("category")) {
                 QX_ASSIGN_OR_RETURN(int c, IntQuery(req, "category", 0));
                 if (c < 1 || c > 3) return MakeError(ErrorCode::kInvalidArgument, "category must be 1, 2 or 3");
                 f.category = c;
               }
               if (const std::string* q = req.Query("q"); q && !q->empty()) f.text = *q;
               if (const std::string* c = req.Query("check"); c && !c->empty()) f.machine_check = *c;
               QX_ASSIGN_OR_RETURN(auto rows, svc.ListRequirements(Actor::Of(p), id, seq, f, page));
               return http::JsonResponse(200, PageToJson(rows));
             }));

  router.Add(Method::kGet, "/api/v1/catalogs/{id}/versions/{seq}/requirements/{control}",
             Authed(ctx, [&svc](Request& req, const Principal& p) -> Result<Response> {
               QX_ASSIGN_OR_RETURN(auto id, IdParam(req, "id"));
               QX_ASSIGN_OR_RETURN(int seq, SeqParam(req));
               QX_ASSIGN_OR_RETURN(auto control, svc.Requirement(Actor::Of(p), id, seq,
                                                                 req.Param("control"), Lang(req)));
               return http::JsonResponse(200, control);
             }));
}

}  // namespace qx::api
