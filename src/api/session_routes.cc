// POST/GET/DELETE /api/v1/session: people log in and out with a cookie.
#include <fmt/format.h>

#include "authn.h"
#include "qx/http/target.h"
#include "json_io.h"
#include "routes.h"

namespace qx::api {
namespace {

json::object SessionBody(const identity::Principal& p) {
  return {{"user", ToJson(*p.user)}, {"org", ToJson(p.org)}, {"csrf_token", p.csrf_token}};
}

std::string SessionCookie(const std::string& value, long max_age_seconds, bool secure) {
  return fmt::format("{}={}; Path=/; Max-Age={}; HttpOnly; SameSite=Strict{}", kSessionCookie,
                     value, max_age_seconds, secure ? "; Secure" : "");
}

}  // namespace

void AddSessionRoutes(http::Router& router, ApiContext& ctx) {
  router.Add(http::Method::kPost, "/api/v1/session", [&ctx](http::Request& req) {
    auto login = [&]() -> Result<http::Response> {
      QX_ASSIGN_OR_RETURN(json::object body, ParseJsonBody(req));
      QX_ASSIGN_OR_RETURN(std::string username, RequiredString(body, "username"));
      QX_ASSIGN_OR_RETURN(std::string password, RequiredString(body, "password"));
      QX_ASSIGN_OR_RETURN(identity::LoginResult result, ctx.auth.Login(username, password));
      req.actor = result.principal.actor;
      http::Response r = http::JsonResponse(200, SessionBody(result.principal));
      const long max_age = static_cast<long>((result.expires_at - result.issued_at) / 1000);
      r.SetHeader("Set-Cookie", SessionCookie(result.session_secret, max_age, req.tls));
      r.SetHeader("Cache-Control", "no-store");
      return r;
    }();
    if (!login) {
      http::Response r = http::ErrorResponse(login.error());
      if (login.error().code == ErrorCode::kTooManyRequests) r.SetHeader("Retry-After", "900");
      return r;
    }
    return std::move(*login);
  });

  router.Add(http::Method::kGet, "/api/v1/session",
             Authed(ctx, [](http::Request&, const identity::Principal& p) -> Result<http::Response> {
               if (!p.user) return MakeError(ErrorCode::kInvalidArgument, "an API token has no session");
               http::Response r = http::JsonResponse(200, SessionBody(p));
               r.SetHeader("Cache-Control", "no-store");
               return r;
             }));

  router.Add(http::Method::kDelete, "/api/v1/session",
             Authed(ctx, [&ctx](http::Request& req, const identity::Principal&) -> Result<http::Response> {
               const auto session = http::CookieValue(req.Header("Cookie"), kSessionCookie);
               if (session) QX_RETURN_IF_ERROR(ctx.auth.Logout(*session));
               http::Response r = http::NoContent();
               r.SetHeader("Set-Cookie", SessionCookie("", 0, req.tls));
               return r;
             }));
}

}  // namespace qx::api
