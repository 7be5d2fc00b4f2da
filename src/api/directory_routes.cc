// Organisations, users and API tokens.
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

Result<domain::Role> RoleField(const json::object& body, std::string_view key) {
  QX_ASSIGN_OR_RETURN(std::string name, RequiredString(body, key));
  const auto role = domain::ParseRole(name);
  if (!role) return MakeError(ErrorCode::kInvalidArgument, "unknown role '" + name + "'");
  return *role;
}

}  // namespace

void AddDirectoryRoutes(http::Router& router, ApiContext& ctx) {
  auto& dir = ctx.directory;

  router.Add(Method::kGet, "/api/v1/orgs",
             Authed(ctx, [&dir](Request& req, const Principal& p) -> Result<Response> {
               QX_ASSIGN_OR_RETURN(auto page, PageParams(req));
               QX_ASSIGN_OR_RETURN(auto orgs, dir.ListOrganisations(Actor::Of(p), page));
               return http::JsonResponse(200, PageToJson(orgs));
             }));

  router.Add(Method::kPost, "/api/v1/orgs",
             Authed(ctx, [&dir](Request& req, const Principal& p) -> Result<Response> {
               QX_ASSIGN_OR_RETURN(json::object body, ParseJsonBody(req));
               domain::Organisation org;
               QX_ASSIGN_OR_RETURN(org.name, RequiredString(body, "name"));
               QX_ASSIGN_OR_RETURN(std::string kind, RequiredString(body, "kind"));
               const auto parsed = domain::ParseOrgKind(kind);
               if (!parsed) return MakeError(ErrorCode::kInvalidArgument, "unknown kind '" + kind + "'");
               org.kind = *parsed;
               QX_ASSIGN_OR_RETURN(auto sector, OptionalString(body, "sector"));
               org.sector = sector.value_or("");
               QX_ASSIGN_OR_RETURN(org, dir.CreateOrganisation(Actor::Of(p), std::move(org)));
               return http::JsonResponse(201, ToJson(org));
             }));

  router.Add(Method::kGet, "/api/v1/orgs/{id}",
             Authed(ctx, [&dir](Request& req, const Principal& p) -> Result<Response> {
               QX_ASSIGN_OR_RETURN(auto id, IdParam(req, "id"));
               QX_ASSIGN_OR_RETURN(auto org, dir.GetOrganisation(Actor::Of(p), id));
               return http::JsonResponse(200, ToJson(org));
             }));

  router.Add(Method::kGet, "/api/v1/orgs/{id}/users",
             Authed(ctx, [&dir](Request& req, const Principal& p) -> Result<Response> {
               QX_ASSIGN_OR_RETURN(auto id, IdParam(req, "id"));
               QX_ASSIGN_OR_RETURN(auto page, PageParams(req));
               QX_ASSIGN_OR_RETURN(auto users, dir.ListUsers(Actor::Of(p), id, page));
               return http::JsonResponse(200, PageToJson(users));
             }));

  router.Add(Method::kPost, "/api/v1/orgs/{id}/users",
             Authed(ctx, [&dir](Request& req, const Principal& p) -> Result<Response> {
               identity::NewUser in;
               QX_ASSIGN_OR_RETURN(in.org_id, IdParam(req, "id"));
               QX_ASSIGN_OR_RETURN(json::object body, ParseJsonBody(req));
               QX_ASSIGN_OR_RETURN(in.username, RequiredString(body, "username"));
               QX_ASSIGN_OR_RETURN(in.display_name, RequiredString(body, "display_name"));
               QX_ASSIGN_OR_RETURN(in.role, RoleField(body, "role"));
               QX_ASSIGN_OR_RETURN(in.password, RequiredString(body, "password"));
               QX_ASSIGN_OR_RETURN(auto user, dir.CreateUser(Actor::Of(p), in));
               return http::JsonResponse(201, ToJson(user));
             }));

  router.Add(Method::kPost, "/api/v1/users/{id}/password",
             Authed(ctx, [&dir](Request& req, const Principal& p) -> Result<Response> {
               QX_ASSIGN_OR_RETURN(auto id, IdParam(req, "id"));
               QX_ASSIGN_OR_RETURN(json::object body, ParseJsonBody(req));
               QX_ASSIGN_OR_RETURN(std::string password, RequiredString(body, "password"));
               QX_RETURN_IF_ERROR(dir.SetPassword(Actor::Of(p), id, password));
               return http::NoContent();
             }));

  for (const bool disable : {true, false}) {
    router.Add(Method::kPost, disable ? "/api/v1/users/{id}/disable" : "/api/v1/users/{id}/enable",
               Authed(ctx, [&dir, disable](Request& req, const Principal& p) -> Result<Response> {
                 QX_ASSIGN_OR_RETURN(auto id, IdParam(req, "id"));
                 QX_RETURN_IF_ERROR(dir.SetDisabled(Actor::Of(p), id, disable));
                 return http::NoContent();
               }));
  }

  router.Add(Method::kGet, "/api/v1/orgs/{id}/tokens",
             Authed(ctx, [&dir](Request& req, const Principal& p) -> Result<Response> {
               QX_ASSIGN_OR_RETURN(auto id, IdParam(req, "id"));
               QX_ASSIGN_OR_RETURN(auto page, PageParams(req));
               QX_ASSIGN_OR_RETURN(auto tokens, dir.ListTokens(Actor::Of(p), id, page));
               return http::JsonResponse(200, PageToJson(tokens));
             }));

  router.Add(Method::kPost, "/api/v1/orgs/{id}/tokens",
             Authed(ctx, [&dir](Request& req, const Principal& p) -> Result<Response> {
               identity::NewToken in;
               QX_ASSIGN_OR_RETURN(in.org_id, IdParam(req, "id"));
               QX_ASSIGN_OR_RETURN(json::object body, ParseJsonBody(req));
               QX_ASSIGN_OR_RETURN(in.name, RequiredString(body, "name"));
               QX_ASSIGN_OR_RETURN(in.role, RoleField(body, "role"));
               QX_ASSIGN_OR_RETURN(auto days, OptionalInt(body, "expires_in_days"));
               if (days) {
                 if (*days < 1 || *days > 3650) {
                   return MakeError(ErrorCode::kInvalidArgument, "expires_in_days must be 1-3650");
                 }
                 in.expires_in_days = static_cast<int>(*days);
               }
               QX_ASSIGN_OR_RETURN(auto issued, dir.CreateToken(Actor::Of(p), in));
               Response r = http::JsonResponse(
                   201, json::object{{"token", ToJson(issued.token)}, {"secret", issued.secret}});
               r.SetHeader("Cache-Control", "no-store");
               return r;
             }));

  router.Add(Method::kDelete, "/api/v1/tokens/{id}",
             Authed(ctx, [&dir](Request& req, const Principal& p) -> Result<Response> {
               QX_ASSIGN_OR_RETURN(auto id, IdParam(req, "id"));
               QX_RETURN_IF_ERROR(dir.RevokeToken(Actor::Of(p), id));
               return http::NoContent();
             }));
}

}  // namespace qx::api
