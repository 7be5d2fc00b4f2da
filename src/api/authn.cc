#include "authn.h"

#include "qx/crypto/digest.h"
#include "qx/http/target.h"

namespace qx::api {

Result<identity::Principal> Authenticate(http::Request& req, identity::AuthService& auth) {
  const std::string_view authorization = req.Header("Authorization");
  if (!authorization.empty()) {
    constexpr std::string_view kBearer = "Bearer ";
    if (authorization.substr(0, kBearer.size()) != kBearer) {
      return MakeError(ErrorCode::kUnauthenticated, "unsupported Authorization scheme");
    }
    QX_ASSIGN_OR_RETURN(identity::Principal p,
                        auth.AuthenticateToken(std::string(authorization.substr(kBearer.size()))));
    req.actor = p.actor;
    return p;
  }
  const auto session = http::CookieValue(req.Header("Cookie"), kSessionCookie);
  if (!session) return MakeError(ErrorCode::kUnauthenticated, "log in or send an API token");
  QX_ASSIGN_OR_RETURN(identity::Principal p, auth.AuthenticateSession(*session));
  req.actor = p.actor;
  if (http::ChangesState(req.method) &&
      !crypto::ConstantTimeEquals(req.Header("X-CSRF-Token"), p.csrf_token)) {
    return MakeError(ErrorCode::kPermissionDenied, "missing or wrong X-CSRF-Token header");
  }
  return p;
}

http::Handler Authed(ApiContext& ctx, AuthedHandler body) {
  return [&ctx, body = std::move(body)](http::Request& req) -> http::Response {
    auto principal = Authenticate(req, ctx.auth);
    if (!principal) {
      http::Response r = http::ErrorResponse(principal.error());
      if (principal.error().code == ErrorCode::kUnauthenticated) {
        r.SetHeader("WWW-Authenticate", "Bearer realm=\"qalxan\"");
      }
      return r;
    }
    auto response = body(req, *principal);
    return response ? std::move(*response) : http::ErrorResponse(response.error());
  };
}

}  // namespace qx::api
