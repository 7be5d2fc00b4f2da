// Store interfaces for identities: organisations, users, API tokens, sessions, login throttling.
// Implementations live in store_* adapters. Errors: kNotFound, kAlreadyExists, kUnavailable.
#pragma once

#include <optional>
#include <string>

#include "qx/core/result.h"
#include "qx/domain/identity.h"
#include "qx/store/page.h"

namespace qx::store {

using domain::ApiToken;
using domain::OrgId;
using domain::Organisation;
using domain::User;
using domain::UserId;

class OrganisationRepo {
 public:
  virtual ~OrganisationRepo() = default;
  // kAlreadyExists when the name is taken.
  virtual Result<OrgId> Insert(const Organisation& org) = 0;
  virtual Result<Organisation> Get(OrgId id) = 0;
  virtual Result<Page<Organisation>> List(const PageRequest& page) = 0;
};

// A user with the hash that authenticates them; only the login path reads it.
struct UserCredential {
  User user;
  std::string password_hash;
};

class UserRepo {
 public:
  virtual ~UserRepo() = default;
  // kAlreadyExists when the username is taken.
  virtual Result<UserId> Insert(const User& user, const std::string& password_hash) = 0;
  virtual Result<User> Get(UserId id) = 0;
  virtual Result<UserCredential> FindByUsername(const std::string& username) = 0;
  virtual Result<Page<User>> ListByOrg(OrgId org, const PageRequest& page) = 0;
  virtual Status SetPasswordHash(UserId id, const std::string& password_hash) = 0;
  virtual Status SetDisabled(UserId id, bool disabled) = 0;
};

class TokenRepo {
 public:
  virtual ~TokenRepo() = default;
  virtual Result<std::int64_t> Insert(const ApiToken& token, const std::string& secret_hash) = 0;
  virtual Result<ApiToken> Get(std::int64_t id) = 0;
  virtual Result<ApiToken> FindBySecretHash(const std::string& secret_hash) = 0;
  virtual Result<Page<ApiToken>> ListByOrg(OrgId org, const PageRequest& page) = 0;
  virtual Status Revoke(std::int64_t id, UnixMillis at) = 0;
};

// A browser session. The cookie carries the secret; the store keeps its SHA-256.
struct Session {
  std::string secret_hash;
  UserId user_id = 0;
  std::string csrf_token;
  UnixMillis created_at = 0;
  UnixMillis expires_at = 0;
};

class SessionRepo {
 public:
  virtual ~SessionRepo() = default;
  virtual Status Insert(const Session& session) = 0;
  virtual Result<Session> FindBySecretHash(const std::string& secret_hash) = 0;
  virtual Status Delete(const std::string& secret_hash) = 0;
  virtual Status DeleteForUser(UserId user) = 0;
  virtual Status DeleteExpired(UnixMillis now) = 0;
};

// Failed logins per key (a username), kept in the store so that every replica sees them.
struct ThrottleState {
  int failures = 0;
  UnixMillis window_start = 0;
  UnixMillis locked_until = 0;
};

class LoginThrottleRepo {
 public:
  virtual ~LoginThrottleRepo() = default;
  // A key never seen yields a zero state.
  virtual Result<ThrottleState> Get(const std::string& key) = 0;
  virtual Status Put(const std::string& key, const ThrottleState& state) = 0;
  virtual Status Clear(const std::string& key) = 0;
};

}  // namespace qx::store
