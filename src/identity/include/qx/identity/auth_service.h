// AuthService: logs people in (argon2id, throttled), keeps their sessions, and authenticates
// session cookies, API tokens and HTTP Basic credentials into Principals. Thread-safe.
#pragma once

#include <chrono>
#include <memory>
#include <string>

#include "qx/core/clock.h"
#include "qx/crypto/secrets.h"
#include "qx/identity/principal.h"
#include "qx/store/database.h"

namespace qx::identity {
namespace detail {
class CredentialCache;
}

struct AuthOptions {
  std::chrono::milliseconds session_ttl = std::chrono::hours(12);
  int max_failures = 5;                                         // within failure_window
  std::chrono::milliseconds failure_window = std::chrono::minutes(15);
  std::chrono::milliseconds lockout = std::chrono::minutes(15);
  crypto::PasswordCost password_cost = crypto::PasswordCost::kInteractive;
};

struct LoginResult {
  std::string session_secret;  // goes into the cookie, nowhere else
  UnixMillis issued_at = 0;
  UnixMillis expires_at = 0;
  Principal principal;
};

class AuthService {
 public:
  static Result<std::unique_ptr<AuthService>> Create(store::Database& db, const Clock& clock,
                                                     AuthOptions options);
  ~AuthService();

  // kUnauthenticated for a wrong username or password or a disabled user (one message for all);
  // kTooManyRequests while the username is locked out.
  Result<LoginResult> Login(const std::string& username, const std::string& password);
  Status Logout(const std::string& session_secret);

  Result<Principal> AuthenticateSession(const std::string& session_secret);
  Result<Principal> AuthenticateToken(const std::string& bearer_token);
  // HTTP Basic for TAXII clients: the same checks and throttle as Login, but no session. A
  // credential that verified in the last minutes is not hashed again while the user's password
  // hash is unchanged (it is still read, with the user's state and the lockout, every time).
  Result<Principal> AuthenticateBasic(const std::string& username, const std::string& password);

 private:
  AuthService(store::Database& db, const Clock& clock, AuthOptions options, std::string dummy);
  // verified_hash, when given, receives the stored hash the password verified against.
  Result<Principal> CheckPassword(const std::string& username, const std::string& password,
                                  std::string* verified_hash = nullptr);
  Result<Principal> PrincipalOfUser(store::Tx& tx, const domain::User& user);

  store::Database& db_;
  const Clock& clock_;
  AuthOptions options_;
  std::string dummy_hash_;  // verified against for unknown users, so timing tells nothing
  std::unique_ptr<detail::CredentialCache> basic_cache_;
};

}  // namespace qx::identity
