#include "qx/identity/auth_service.h"

#include <fmt/format.h>

#include "credential_cache.h"
#include "qx/crypto/digest.h"
#include "throttle_policy.h"

namespace qx::identity {
namespace {

using store::Tx;
using store::TxMode;

Error BadCredentials() {
  return Error{ErrorCode::kUnauthenticated, "wrong username or password"};
}

std::string ThrottleKey(const std::string& username) { return "user:" + username; }

constexpr std::int64_t kBasicCacheTtlMs = 5 * 60 * 1000;
constexpr std::size_t kBasicCacheCapacity = 4096;

}  // namespace

Result<std::unique_ptr<AuthService>> AuthService::Create(store::Database& db, const Clock& clock,
                                                         AuthOptions options) {
  QX_ASSIGN_OR_RETURN(std::string dummy,
                      crypto::HashPassword(crypto::RandomPassword(), options.password_cost));
  return std::unique_ptr<AuthService>(new AuthService(db, clock, options, std::move(dummy)));
}

AuthService::AuthService(store::Database& db, const Clock& clock, AuthOptions options,
                         std::string dummy)
    : db_(db),
      clock_(clock),
      options_(options),
      dummy_hash_(std::move(dummy)),
      basic_cache_(std::make_unique<detail::CredentialCache>(kBasicCacheTtlMs, kBasicCacheCapacity)) {}

AuthService::~AuthService() = default;

Result<Principal> AuthService::PrincipalOfUser(Tx& tx, const domain::User& user) {
  QX_ASSIGN_OR_RETURN(domain::Organisation org, tx.orgs().Get(user.org_id));
  Principal p;
  p.subject = domain::Subject{org.id, org.kind, user.role, user.id, std::nullopt};
  p.org = std::move(org);
  p.user = user;
  p.actor = fmt::format("user:{}", user.id);
  return p;
}

Result<Principal> AuthService::CheckPassword(const std::string& username,
                                             const std::string& password,
                                             std::string* verified_hash) {
  if (!domain::ValidateUsername(username) || password.size() > 1024) {
    return tl::unexpected(BadCredentials());
  }
  const UnixMillis now = clock_.Now();
  QX_ASSIGN_OR_RETURN(store::ThrottleState throttle,
                      store::Transact(db_, TxMode::kRead, [&](Tx& tx) {
                        return tx.throttle().Get(ThrottleKey(username));
                      }));
  if (detail::IsLocked(throttle, now)) {
    return MakeError(ErrorCode::kTooManyRequests,
                     "too many failed logins; try again later");
  }
  auto credential = store::Transact(db_, TxMode::kRead, [&](Tx& tx) {
    return tx.users().FindByUsername(username);
  });
  if (!credential && credential.error().code != ErrorCode::kNotFound) {
    return tl::unexpected(credential.error());
  }
  // The expensive hash runs outside any transaction, and for unknown users too.
  const bool password_ok =
      crypto::VerifyPassword(password, credential ? credential->password_hash : dummy_hash_);
  const bool ok = credential && password_ok && !credential->user.disabled;

  // A failure is committed to the throttle before the caller learns of it.
  QX_ASSIGN_OR_RETURN(
      std::optional<Principal> principal,
      store::Transact(db_, TxMode::kWrite, [&](Tx& tx) -> Result<std::optional<Principal>> {
        if (!ok) {
          QX_ASSIGN_OR_RETURN(store::ThrottleState current,
                              tx.throttle().Get(ThrottleKey(username)));
          const store::ThrottleState next = detail::AfterFailure(current, now, options_);
          QX_RETURN_IF_ERROR(tx.throttle().Put(ThrottleKey(username), next));
          if (detail::IsLocked(next, now) && credential) {
            QX_RETURN_IF_ERROR(tx.audit().Append(
                {"system", credential->user.org_id, "user.lockout", "user",
                 std::to_string(credential->user.id), "{}"},
                now));
          }
          return std::optional<Principal>();
        }
        if (throttle.failures > 0) QX_RETURN_IF_ERROR(tx.throttle().Clear(ThrottleKey(username)));
        QX_ASSIGN_OR_RETURN(Principal p, PrincipalOfUser(tx, credential->user));
        return std::optional<Principal>(std::move(p));
      }));
  if (!principal) return tl::unexpected(BadCredentials());
  if (verified_hash) *verified_hash = credential->password_hash;
  return std::move(*principal);
}

Result<LoginResult> AuthService::Login(const std::string& username, const std::string& password) {
  QX_ASSIGN_OR_RETURN(Principal principal, CheckPassword(username, password));
  const UnixMillis now = clock_.Now();
  LoginResult result;
  result.session_secret = crypto::RandomToken("qxs_");
  result.issued_at = now;
  result.expires_at = now + options_.session_ttl.count();
  principal.csrf_token = crypto::RandomToken("", 24);
  store::Session session{crypto::Sha256Hex(result.session_secret), principal.user->id,
                         principal.csrf_token, now, result.expires_at};
  QX_RETURN_IF_ERROR(db_.Run(TxMode::kWrite, [&](Tx& tx) -> Status {
    QX_RETURN_IF_ERROR(tx.sessions().DeleteExpired(now));
    QX_RETURN_IF_ERROR(tx.sessions().Insert(session));
    return tx.audit()
        .Append({principal.actor, principal.org.id, "session.login", "user",
                 std::to_string(principal.user->id), "{}"},
                now)
        .map([](auto&&) {});
  }));
  result.principal = std::move(principal);
  return result;
}

Status AuthService::Logout(const std::string& session_secret) {
  const std::string hash = crypto::Sha256Hex(session_secret);
  return db_.Run(TxMode::kWrite, [&](Tx& tx) -> Status {
    auto session = tx.sessions().FindBySecretHash(hash);
    if (!session) return Ok();  // already gone: logging out twice is fine
    QX_ASSIGN_OR_RETURN(domain::User user, tx.users().Get(session->user_id));
    QX_RETURN_IF_ERROR(tx.sessions().Delete(hash));
    return tx.audit()
        .Append({fmt::format("user:{}", user.id), user.org_id, "session.logout", "user",
                 std::to_string(user.id), "{}"},
                clock_.Now())
        .map([](auto&&) {});
  });
}

Result<Principal> AuthService::AuthenticateSession(const std::string& session_secret) {
  if (session_secret.rfind("qxs_", 0) != 0 || session_secret.size() > 100) {
    return MakeError(ErrorCode::kUnauthenticated, "invalid session");
  }
  const UnixMillis now = clock_.Now();
  return store::Transact(db_, TxMode::kRead, [&](Tx& tx) -> Result<Principal> {
    auto session = tx.sessions().FindBySecretHash(crypto::Sha256Hex(session_secret));
    if (!session || session->expires_at <= now) {
      return MakeError(ErrorCode::kUnauthenticated, "session expired or unknown; log in again");
    }
    QX_ASSIGN_OR_RETURN(domain::User user, tx.users().Get(session->user_id));
    if (user.disabled) return MakeError(ErrorCode::kUnauthenticated, "user is disabled");
    QX_ASSIGN_OR_RETURN(Principal p, PrincipalOfUser(tx, user));
    p.csrf_token = session->csrf_token;
    return p;
  });
}

Result<Principal> AuthService::AuthenticateToken(const std::string& bearer_token) {
  if (bearer_token.rfind("qxt_", 0) != 0 || bearer_token.size() > 100) {
    return MakeError(ErrorCode::kUnauthenticated, "invalid API token");
  }
  const UnixMillis now = clock_.Now();
  return store::Transact(db_, TxMode::kRead, [&](Tx& tx) -> Result<Principal> {
    auto token = tx.tokens().FindBySecretHash(crypto::Sha256Hex(bearer_token));
    if (!token) return MakeError(ErrorCode::kUnauthenticated, "invalid API token");
    if (token->revoked_at) return MakeError(ErrorCode::kUnauthenticated, "API token revoked");
    if (token->expires_at <= now) {
      return MakeError(ErrorCode::kUnauthenticated, "API token expired");
    }
    QX_ASSIGN_OR_RETURN(domain::Organisation org, tx.orgs().Get(token->org_id));
    Principal p;
    p.subject = domain::Subject{org.id, org.kind, token->role, std::nullopt, token->id};
    p.org = std::move(org);
    p.actor = fmt::format("token:{}", token->id);
    return p;
  });
}

Result<Principal> AuthService::AuthenticateBasic(const std::string& username,
                                                 const std::string& password) {
  if (!domain::ValidateUsername(username) || password.size() > 1024) {
    return tl::unexpected(BadCredentials());
  }
  const UnixMillis now = clock_.Now();
  QX_ASSIGN_OR_RETURN(
      std::optional<Principal> remembered,
      store::Transact(db_, TxMode::kRead, [&](Tx& tx) -> Result<std::optional<Principal>> {
        QX_ASSIGN_OR_RETURN(store::ThrottleState throttle, tx.throttle().Get(ThrottleKey(username)));
        if (detail::IsLocked(throttle, now)) return std::optional<Principal>();  // CheckPassword says so
        auto credential = tx.users().FindByUsername(username);
        if (!credential || credential->user.disabled ||
            !basic_cache_->Holds(username, password, credential->password_hash, now)) {
          return std::optional<Principal>();
        }
        QX_ASSIGN_OR_RETURN(Principal p, PrincipalOfUser(tx, credential->user));
        return std::optional<Principal>(std::move(p));
      }));
  if (remembered) return std::move(*remembered);
  std::string verified_hash;
  QX_ASSIGN_OR_RETURN(Principal p, CheckPassword(username, password, &verified_hash));
  basic_cache_->Remember(username, password, verified_hash, now);
  return p;
}

}  // namespace qx::identity
