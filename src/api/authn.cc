#include "authn.h"

#include <algorithm>
#include <cctype>

#include "qx/crypto/digest.h"
#include "qx/http/target.h"

namespace qx::api {

Result<std::optional<std::string_view>> BearerToken(const http::Request& req) {
  const std::string_view authorization = req.Header("Authorization");
  if (authorization.empty()) return std::optional<std::string_view>();
  constexpr std::string_view kScheme = "bearer";
  const bool bearer = authorization.size() > kScheme.size() && authorization[kScheme.size()] == ' ' &&
                      std::equal(kScheme.begin(), kScheme.end(), authorization.begin(), [](char a, char b) {
                        return a == std::tolower(static_cast<unsigned char>(b));
                      });
  if (!bearer) return MakeError(ErrorCode::kUnauthenticated, "unsupported Authorization scheme: send a bearer token");
  std::string_view token = authorization.substr(kScheme.size());
  token.remove_prefix(std::min(token.find_first_not_of(' '), token.size()));
  if (token.empty()) return MakeError(ErrorCode::kUnauthenticated, "the bearer token is missing");
  return std::optional(token);
}

Result<identity::Principal> Authenticate(http::Request& req, identity::AuthService& auth) {
  QX_ASSIGN_OR_RETURN(const auto token, BearerToken(req));
  if (token) {
    QX_ASSIGN_OR_RETURN(identity::Principal p, auth.AuthenticateToken(std::string(*token)));
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
