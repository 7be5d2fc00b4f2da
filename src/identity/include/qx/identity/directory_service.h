// DirectoryService: organisations, their people and their API tokens. Every call is authorised
// through Actor::Authorize and every change is audited in the same transaction. Thread-safe.
#pragma once

#include <string>

#include "qx/core/clock.h"
#include "qx/crypto/secrets.h"
#include "qx/identity/principal.h"
#include "qx/store/database.h"

namespace qx::identity {

struct NewUser {
  domain::OrgId org_id = 0;
  std::string username;
  std::string display_name;
  domain::Role role = domain::Role::kStaff;
  std::string password;
};

struct NewToken {
  domain::OrgId org_id = 0;
  std::string name;
  domain::Role role = domain::Role::kMachine;
  int expires_in_days = 90;
};

struct IssuedToken {
  domain::ApiToken token;
  std::string secret;  // shown once to the caller, never stored
};

class DirectoryService {
 public:
  DirectoryService(store::Database& db, const Clock& clock,
                   crypto::PasswordCost cost = crypto::PasswordCost::kInteractive)
      : db_(db), clock_(clock), password_cost_(cost) {}

  Result<domain::Organisation> CreateOrganisation(const Actor& actor, domain::Organisation org);
  Result<domain::Organisation> GetOrganisation(const Actor& actor, domain::OrgId id);
  // The organisations the actor may read, in id order.
  Result<store::Page<domain::Organisation>> ListOrganisations(const Actor& actor,
                                                              const store::PageRequest& page);

  Result<domain::User> CreateUser(const Actor& actor, const NewUser& user);
  Result<store::Page<domain::User>> ListUsers(const Actor& actor, domain::OrgId org,
                                              const store::PageRequest& page);
  // Ends the user's sessions. Users may change their own password.
  Status SetPassword(const Actor& actor, domain::UserId user, const std::string& password);
  Status SetDisabled(const Actor& actor, domain::UserId user, bool disabled);

  Result<IssuedToken> CreateToken(const Actor& actor, const NewToken& token);
  Result<store::Page<domain::ApiToken>> ListTokens(const Actor& actor, domain::OrgId org,
                                                   const store::PageRequest& page);
  Status RevokeToken(const Actor& actor, std::int64_t token_id);

 private:
  store::Database& db_;
  const Clock& clock_;
  crypto::PasswordCost password_cost_;
};

}  // namespace qx::identity
