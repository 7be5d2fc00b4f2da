// Authentication of API requests: a bearer API token, or the session cookie plus the CSRF header
// on state-changing requests. The one place where credentials are read from a request.
#pragma once

#include <functional>

#include "qx/api/api.h"
#include "qx/http/message.h"
#include "qx/identity/principal.h"

namespace qx::api {

inline constexpr std::string_view kSessionCookie = "qx_session";

Result<identity::Principal> Authenticate(http::Request& req, identity::AuthService& auth);

// The token of an "Authorization: Bearer <token>" header (the scheme in any case, RFC 9110
// 11.1): nullopt without an Authorization header; kUnauthenticated for another scheme or no
// token. The one reader of bearer tokens: people's API tokens and agents' credentials.
Result<std::optional<std::string_view>> BearerToken(const http::Request& req);

// A handler body that runs for an authenticated principal and answers, or fails with an Error.
using AuthedHandler =
    std::function<Result<http::Response>(http::Request&, const identity::Principal&)>;

// Wraps body: authenticates first (401/403 on failure) and maps its error to the error response.
http::Handler Authed(ApiContext& ctx, AuthedHandler body);

}  // namespace qx::api
