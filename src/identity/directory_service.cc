#include "qx/identity/directory_service.h"

#include <boost/json.hpp>
#include <fmt/format.h>

#include "qx/crypto/digest.h"
#include "qx/identity/audited.h"

namespace qx::identity {
namespace {

namespace json = boost::json;
using domain::Action;
using store::Tx;
using store::TxMode;



}  // namespace

Result<domain::Organisation> DirectoryService::CreateOrganisation(const Actor& actor,
                                                                 domain::Organisation org) {
  QX_RETURN_IF_ERROR(actor.Authorize(Action::kOrgCreate, 0));
  QX_RETURN_IF_ERROR(domain::ValidateOrganisation(org));
  org.created_at = clock_.Now();
  return store::Transact(db_, TxMode::kWrite, [&](Tx& tx) -> Result<domain::Organisation> {
    QX_ASSIGN_OR_RETURN(org.id, NameConflict(tx.orgs().Insert(org), "organisation name"));
    QX_RETURN_IF_ERROR(AuditChange(tx, actor, org.id, "organisation.create", "organisation", org.id,
                              {{"name", org.name},
                               {"kind", domain::Name(org.kind)},
                               {"sector", org.sector}},
                              org.created_at));
    return org;
  });
}

Result<domain::Organisation> DirectoryService::GetOrganisation(const Actor& actor,
                                                              domain::OrgId id) {
  QX_RETURN_IF_ERROR(actor.Authorize(Action::kOrgRead, id));
  return store::Transact(db_, TxMode::kRead, [&](Tx& tx) { return tx.orgs().Get(id); });
}

Result<store::Page<domain::Organisation>> DirectoryService::ListOrganisations(
    const Actor& actor, const store::PageRequest& page) {
  const auto& subject = actor.subject();
  // No real organisation has id -1: "may it read one that is not its own?"
  if (subject && !domain::Allowed(*subject, Action::kOrgRead, -1)) {
    // Sees only its own organisation: a page of one.
    QX_ASSIGN_OR_RETURN(domain::Organisation own, GetOrganisation(actor, subject->org_id));
    store::Page<domain::Organisation> out;
    if (own.id > page.after) out.items.push_back(std::move(own));
    return out;
  }
  return store::Transact(db_, TxMode::kRead, [&](Tx& tx) { return tx.orgs().List(page); });
}

Result<domain::User> DirectoryService::CreateUser(const Actor& actor, const NewUser& in) {
  QX_RETURN_IF_ERROR(actor.Authorize(Action::kUserManage, in.org_id));
  QX_RETURN_IF_ERROR(domain::ValidateUsername(in.username));
  QX_RETURN_IF_ERROR(domain::ValidateDisplayName(in.display_name));
  QX_RETURN_IF_ERROR(domain::ValidatePassword(in.password));
  if (in.role == domain::Role::kMachine) {
    return MakeError(ErrorCode::kInvalidArgument, "the machine role is for API tokens only");
  }
  QX_ASSIGN_OR_RETURN(std::string hash, crypto::HashPassword(in.password, password_cost_));
  domain::User user{0, in.org_id, in.username, in.display_name, in.role, false, clock_.Now()};
  return store::Transact(db_, TxMode::kWrite, [&](Tx& tx) -> Result<domain::User> {
    QX_RETURN_IF_ERROR(tx.orgs().Get(in.org_id));
    QX_ASSIGN_OR_RETURN(user.id, NameConflict(tx.users().Insert(user, hash), "username"));
    QX_RETURN_IF_ERROR(AuditChange(tx, actor, user.org_id, "user.create", "user", user.id,
                              {{"username", user.username}, {"role", domain::Name(user.role)}},
                              user.created_at));
    return user;
  });
}

Result<store::Page<domain::User>> DirectoryService::ListUsers(const Actor& actor,
                                                              domain::OrgId org,
                                                              const store::PageRequest& page) {
  QX_RETURN_IF_ERROR(actor.Authorize(Action::kUserRead, org));
  return store::Transact(db_, TxMode::kRead, [&](Tx& tx) -> Result<store::Page<domain::User>> {
    QX_RETURN_IF_ERROR(tx.orgs().Get(org));
    return tx.users().ListByOrg(org, page);
  });
}

Status DirectoryService::SetPassword(const Actor& actor, domain::UserId id,
                                     const std::string& password) {
  QX_RETURN_IF_ERROR(domain::ValidatePassword(password));
  QX_ASSIGN_OR_RETURN(domain::User user, store::Transact(db_, TxMode::kRead, [&](Tx& tx) {
                        return tx.users().Get(id);
                      }));
  const bool self = actor.subject() && actor.subject()->user_id == id;
  if (!self) QX_RETURN_IF_ERROR(actor.Authorize(Action::kUserManage, user.org_id));
  QX_ASSIGN_OR_RETURN(std::string hash, crypto::HashPassword(password, password_cost_));
  return db_.Run(TxMode::kWrite, [&](Tx& tx) -> Status {
    QX_RETURN_IF_ERROR(tx.users().SetPasswordHash(id, hash));
    QX_RETURN_IF_ERROR(tx.sessions().DeleteForUser(id));
    return AuditChange(tx, actor, user.org_id, "user.password", "user", id, {}, clock_.Now());
  });
}

Status DirectoryService::SetDisabled(const Actor& actor, domain::UserId id, bool disabled) {
  return db_.Run(TxMode::kWrite, [&](Tx& tx) -> Status {
    QX_ASSIGN_OR_RETURN(domain::User user, tx.users().Get(id));
    QX_RETURN_IF_ERROR(actor.Authorize(Action::kUserManage, user.org_id));
    QX_RETURN_IF_ERROR(tx.users().SetDisabled(id, disabled));
    if (disabled) QX_RETURN_IF_ERROR(tx.sessions().DeleteForUser(id));
    return AuditChange(tx, actor, user.org_id, disabled ? "user.disable" : "user.enable", "user", id,
                  {}, clock_.Now());
  });
}

Result<IssuedToken> DirectoryService::CreateToken(const Actor& actor, const NewToken& in) {
  QX_RETURN_IF_ERROR(actor.Authorize(Action::kTokenManage, in.org_id));
  QX_RETURN_IF_ERROR(domain::ValidateTokenName(in.name));
  if (in.expires_in_days < 1 || in.expires_in_days > 3650) {
    return MakeError(ErrorCode::kInvalidArgument, "expires_in_days must be 1-3650");
  }
  IssuedToken out;
  out.secret = crypto::RandomToken("qxt_");
  const UnixMillis now = clock_.Now();
  out.token.org_id = in.org_id;
  out.token.name = in.name;
  out.token.role = in.role;
  out.token.created_by = actor.subject() ? actor.subject()->user_id.value_or(0) : 0;
  out.token.created_at = now;
  out.token.expires_at = now + std::int64_t{in.expires_in_days} * 86'400'000;
  return store::Transact(db_, TxMode::kWrite, [&](Tx& tx) -> Result<IssuedToken> {
    QX_RETURN_IF_ERROR(tx.orgs().Get(in.org_id));
    QX_ASSIGN_OR_RETURN(out.token.id, tx.tokens().Insert(out.token, crypto::Sha256Hex(out.secret)));
    QX_RETURN_IF_ERROR(AuditChange(tx, actor, in.org_id, "token.create", "token", out.token.id,
                              {{"name", in.name}, {"role", domain::Name(in.role)}}, now));
    return out;
  });
}

Result<store::Page<domain::ApiToken>> DirectoryService::ListTokens(
    const Actor& actor, domain::OrgId org, const store::PageRequest& page) {
  QX_RETURN_IF_ERROR(actor.Authorize(Action::kTokenManage, org));
  return store::Transact(db_, TxMode::kRead,
                         [&](Tx& tx) { return tx.tokens().ListByOrg(org, page); });
}

Status DirectoryService::RevokeToken(const Actor& actor, std::int64_t token_id) {
  return db_.Run(TxMode::kWrite, [&](Tx& tx) -> Status {
    QX_ASSIGN_OR_RETURN(domain::ApiToken token, tx.tokens().Get(token_id));
    QX_RETURN_IF_ERROR(actor.Authorize(Action::kTokenManage, token.org_id));
    if (token.revoked_at) return Ok();
    QX_RETURN_IF_ERROR(tx.tokens().Revoke(token_id, clock_.Now()));
    return AuditChange(tx, actor, token.org_id, "token.revoke", "token", token_id, {}, clock_.Now());
  });
}

}  // namespace qx::identity
