// The PostgreSQL repositories of identities and the audit trail; each works on the connection of
// the transaction that owns it. A new repository is one new file plus a line in PgTx.
#pragma once

#include <type_traits>
#include <vector>

#include "pg_conn.h"
#include "qx/store/audit_repo.h"
#include "qx/store/identity_repos.h"

namespace qx::store::pg {

class PgOrganisationRepo final : public OrganisationRepo {
 public:
  explicit PgOrganisationRepo(Connection& c) : c_(c) {}
  Result<OrgId> Insert(const Organisation& org) override;
  Result<Organisation> Get(OrgId id) override;
  Result<Page<Organisation>> List(const PageRequest& page) override;

 private:
  Connection& c_;
};

class PgUserRepo final : public UserRepo {
 public:
  explicit PgUserRepo(Connection& c) : c_(c) {}
  Result<UserId> Insert(const User& user, const std::string& password_hash) override;
  Result<User> Get(UserId id) override;
  Result<UserCredential> FindByUsername(const std::string& username) override;
  Result<Page<User>> ListByOrg(OrgId org, const PageRequest& page) override;
  Status SetPasswordHash(UserId id, const std::string& password_hash) override;
  Status SetDisabled(UserId id, bool disabled) override;

 private:
  Connection& c_;
};

class PgTokenRepo final : public TokenRepo {
 public:
  explicit PgTokenRepo(Connection& c) : c_(c) {}
  Result<std::int64_t> Insert(const ApiToken& token, const std::string& secret_hash) override;
  Result<ApiToken> Get(std::int64_t id) override;
  Result<ApiToken> FindBySecretHash(const std::string& secret_hash) override;
  Result<Page<ApiToken>> ListByOrg(OrgId org, const PageRequest& page) override;
  Status Revoke(std::int64_t id, UnixMillis at) override;

 private:
  Connection& c_;
};

class PgSessionRepo final : public SessionRepo {
 public:
  explicit PgSessionRepo(Connection& c) : c_(c) {}
  Status Insert(const Session& session) override;
  Result<Session> FindBySecretHash(const std::string& secret_hash) override;
  Status Delete(const std::string& secret_hash) override;
  Status DeleteForUser(UserId user) override;
  Status DeleteExpired(UnixMillis now) override;

 private:
  Connection& c_;
};

class PgLoginThrottleRepo final : public LoginThrottleRepo {
 public:
  explicit PgLoginThrottleRepo(Connection& c) : c_(c) {}
  Result<ThrottleState> Get(const std::string& key) override;
  Status Put(const std::string& key, const ThrottleState& state) override;
  Status Clear(const std::string& key) override;

 private:
  Connection& c_;
};

// Appends lock the one-row audit_head, so appenders on every replica take turns; the lock is held
// until the transaction ends.
class PgAuditRepo final : public AuditRepo {
 public:
  explicit PgAuditRepo(Connection& c) : c_(c) {}
  Result<audit::AuditRecord> Append(const audit::AuditEntry& entry, UnixMillis at) override;
  Result<Page<audit::AuditRecord>> List(const AuditFilter& filter,
                                        const PageRequest& page) override;
  Status Scan(const std::function<bool(const audit::AuditRecord&)>& visit) override;

 private:
  Connection& c_;
};

// Clamps a requested page size into [1, 1000].
int ClampLimit(int limit);

// Steps s for up to limit+1 rows, reading each with read (returning T or Result<T>); the extra row
// only tells that there is a next page, whose key is key(last item).
template <typename T, typename ReadFn, typename KeyFn>
Result<Page<T>> ReadPage(Statement& s, int limit, ReadFn read, KeyFn key) {
  Page<T> page;
  for (;;) {
    QX_ASSIGN_OR_RETURN(const bool row, s.Step());
    if (!row) break;
    if (static_cast<int>(page.items.size()) == limit) {
      page.next = key(page.items.back());
      break;
    }
    if constexpr (std::is_same_v<std::invoke_result_t<ReadFn, const Statement&>, T>) {
      page.items.push_back(read(s));
    } else {
      QX_ASSIGN_OR_RETURN(T item, read(s));
      page.items.push_back(std::move(item));
    }
  }
  return page;
}

// Steps s to the end, reading every row with read (returning T or Result<T>).
template <typename T, typename ReadFn>
Result<std::vector<T>> ReadAll(Statement& s, ReadFn read) {
  std::vector<T> out;
  for (;;) {
    QX_ASSIGN_OR_RETURN(const bool row, s.Step());
    if (!row) return out;
    if constexpr (std::is_same_v<std::invoke_result_t<ReadFn, const Statement&>, T>) {
      out.push_back(read(s));
    } else {
      QX_ASSIGN_OR_RETURN(T item, read(s));
      out.push_back(std::move(item));
    }
  }
}

}  // namespace qx::store::pg
