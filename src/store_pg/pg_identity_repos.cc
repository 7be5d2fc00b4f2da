#include <fmt/format.h>

#include <algorithm>

#include "pg_repos.h"

namespace qx::store::pg {
namespace {

Error NotFound(std::string_view what) {
  return Error{ErrorCode::kNotFound, fmt::format("{} not found", what)};
}

// Rows are untrusted too: an unknown enum name is a corrupt row, not a crash.
Error Corrupt(std::string_view table, std::string_view column) {
  return Error{ErrorCode::kInternal, fmt::format("corrupt {}.{} in the database", table, column)};
}

Result<Organisation> ReadOrg(const Statement& s) {
  Organisation o;
  o.id = s.Int(0);
  o.name = s.Text(1);
  const auto kind = domain::ParseOrgKind(s.Text(2));
  if (!kind) return tl::unexpected(Corrupt("organisations", "kind"));
  o.kind = *kind;
  o.sector = s.Text(3);
  o.created_at = s.Int(4);
  return o;
}

// Columns: id, org_id, username, display_name, role, disabled, created_at.
Result<User> ReadUser(const Statement& s) {
  User u;
  u.id = s.Int(0);
  u.org_id = s.Int(1);
  u.username = s.Text(2);
  u.display_name = s.Text(3);
  const auto role = domain::ParseRole(s.Text(4));
  if (!role) return tl::unexpected(Corrupt("users", "role"));
  u.role = *role;
  u.disabled = s.Bool(5);
  u.created_at = s.Int(6);
  return u;
}

// Columns: id, org_id, role, name, created_by, created_at, expires_at, revoked_at.
Result<ApiToken> ReadToken(const Statement& s) {
  ApiToken t;
  t.id = s.Int(0);
  t.org_id = s.Int(1);
  const auto role = domain::ParseRole(s.Text(2));
  if (!role) return tl::unexpected(Corrupt("api_tokens", "role"));
  t.role = *role;
  t.name = s.Text(3);
  t.created_by = s.Int(4);
  t.created_at = s.Int(5);
  t.expires_at = s.Int(6);
  t.revoked_at = s.OptInt(7);
  return t;
}

// Reads the id an INSERT ... RETURNING id gave back.
Result<std::int64_t> ReturnedId(Statement& s) {
  QX_ASSIGN_OR_RETURN(const bool row, s.Step());
  if (!row) return MakeError(ErrorCode::kInternal, "insert returned no id");
  return s.Int(0);
}

constexpr char kUserColumns[] = "id, org_id, username, display_name, role, disabled, created_at";
constexpr char kTokenColumns[] =
    "id, org_id, role, name, created_by, created_at, expires_at, revoked_at";

}  // namespace

int ClampLimit(int limit) { return std::clamp(limit, 1, 1000); }

Result<OrgId> PgOrganisationRepo::Insert(const Organisation& o) {
  QX_ASSIGN_OR_RETURN(auto s, c_.Prepare("INSERT INTO organisations(name, kind, sector, created_at)"
                                         " VALUES($1, $2, $3, $4) RETURNING id"));
  s.Bind(o.name).Bind(domain::Name(o.kind)).Bind(o.sector).Bind(o.created_at);
  return ReturnedId(s);
}

Result<Organisation> PgOrganisationRepo::Get(OrgId id) {
  QX_ASSIGN_OR_RETURN(auto s, c_.Prepare("SELECT id, name, kind, sector, created_at"
                                         " FROM organisations WHERE id = $1"));
  QX_ASSIGN_OR_RETURN(const bool row, s.Bind(id).Step());
  if (!row) return tl::unexpected(NotFound("organisation"));
  return ReadOrg(s);
}

Result<Page<Organisation>> PgOrganisationRepo::List(const PageRequest& page) {
  QX_ASSIGN_OR_RETURN(auto s, c_.Prepare("SELECT id, name, kind, sector, created_at"
                                         " FROM organisations WHERE id > $1 ORDER BY id LIMIT $2"));
  const int limit = ClampLimit(page.limit);
  s.Bind(page.after).Bind(limit + 1);
  return ReadPage<Organisation>(s, limit, ReadOrg, [](const Organisation& o) { return o.id; });
}

Result<UserId> PgUserRepo::Insert(const User& u, const std::string& password_hash) {
  QX_ASSIGN_OR_RETURN(
      auto s,
      c_.Prepare("INSERT INTO users(org_id, username, display_name, role, password_hash, disabled,"
                 " created_at) VALUES($1, $2, $3, $4, $5, $6, $7) RETURNING id"));
  s.Bind(u.org_id)
      .Bind(u.username)
      .Bind(u.display_name)
      .Bind(domain::Name(u.role))
      .Bind(password_hash)
      .Bind(u.disabled)
      .Bind(u.created_at);
  return ReturnedId(s);
}

Result<User> PgUserRepo::Get(UserId id) {
  static const std::string sql = fmt::format("SELECT {} FROM users WHERE id = $1", kUserColumns);
  QX_ASSIGN_OR_RETURN(auto s, c_.Prepare(sql));
  QX_ASSIGN_OR_RETURN(const bool row, s.Bind(id).Step());
  if (!row) return tl::unexpected(NotFound("user"));
  return ReadUser(s);
}

Result<UserCredential> PgUserRepo::FindByUsername(const std::string& username) {
  static const std::string sql =
      fmt::format("SELECT {}, password_hash FROM users WHERE username = $1", kUserColumns);
  QX_ASSIGN_OR_RETURN(auto s, c_.Prepare(sql));
  QX_ASSIGN_OR_RETURN(const bool row, s.Bind(username).Step());
  if (!row) return tl::unexpected(NotFound("user"));
  QX_ASSIGN_OR_RETURN(User user, ReadUser(s));
  return UserCredential{std::move(user), s.Text(7)};
}

Result<Page<User>> PgUserRepo::ListByOrg(OrgId org, const PageRequest& page) {
  static const std::string sql = fmt::format(
      "SELECT {} FROM users WHERE org_id = $1 AND id > $2 ORDER BY id LIMIT $3", kUserColumns);
  QX_ASSIGN_OR_RETURN(auto s, c_.Prepare(sql));
  const int limit = ClampLimit(page.limit);
  s.Bind(org).Bind(page.after).Bind(limit + 1);
  return ReadPage<User>(s, limit, ReadUser, [](const User& u) { return u.id; });
}

Status PgUserRepo::SetPasswordHash(UserId id, const std::string& password_hash) {
  QX_ASSIGN_OR_RETURN(auto s, c_.Prepare("UPDATE users SET password_hash = $1 WHERE id = $2"));
  return s.Bind(password_hash).Bind(id).Run();
}

Status PgUserRepo::SetDisabled(UserId id, bool disabled) {
  QX_ASSIGN_OR_RETURN(auto s, c_.Prepare("UPDATE users SET disabled = $1 WHERE id = $2"));
  return s.Bind(disabled).Bind(id).Run();
}

Result<std::int64_t> PgTokenRepo::Insert(const ApiToken& t, const std::string& secret_hash) {
  QX_ASSIGN_OR_RETURN(
      auto s,
      c_.Prepare("INSERT INTO api_tokens(org_id, role, name, secret_hash, created_by, created_at,"
                 " expires_at) VALUES($1, $2, $3, $4, $5, $6, $7) RETURNING id"));
  s.Bind(t.org_id)
      .Bind(domain::Name(t.role))
      .Bind(t.name)
      .Bind(secret_hash)
      .Bind(t.created_by)
      .Bind(t.created_at)
      .Bind(t.expires_at);
  return ReturnedId(s);
}

Result<ApiToken> PgTokenRepo::Get(std::int64_t id) {
  static const std::string sql =
      fmt::format("SELECT {} FROM api_tokens WHERE id = $1", kTokenColumns);
  QX_ASSIGN_OR_RETURN(auto s, c_.Prepare(sql));
  QX_ASSIGN_OR_RETURN(const bool row, s.Bind(id).Step());
  if (!row) return tl::unexpected(NotFound("token"));
  return ReadToken(s);
}

Result<ApiToken> PgTokenRepo::FindBySecretHash(const std::string& secret_hash) {
  static const std::string sql =
      fmt::format("SELECT {} FROM api_tokens WHERE secret_hash = $1", kTokenColumns);
  QX_ASSIGN_OR_RETURN(auto s, c_.Prepare(sql));
  QX_ASSIGN_OR_RETURN(const bool row, s.Bind(secret_hash).Step());
  if (!row) return tl::unexpected(NotFound("token"));
  return ReadToken(s);
}

Result<Page<ApiToken>> PgTokenRepo::ListByOrg(OrgId org, const PageRequest& page) {
  static const std::string sql = fmt::format(
      "SELECT {} FROM api_tokens WHERE org_id = $1 AND id > $2 ORDER BY id LIMIT $3",
      kTokenColumns);
  QX_ASSIGN_OR_RETURN(auto s, c_.Prepare(sql));
  const int limit = ClampLimit(page.limit);
  s.Bind(org).Bind(page.after).Bind(limit + 1);
  return ReadPage<ApiToken>(s, limit, ReadToken, [](const ApiToken& t) { return t.id; });
}

Status PgTokenRepo::Revoke(std::int64_t id, UnixMillis at) {
  QX_ASSIGN_OR_RETURN(
      auto s,
      c_.Prepare("UPDATE api_tokens SET revoked_at = $1 WHERE id = $2 AND revoked_at IS NULL"));
  return s.Bind(at).Bind(id).Run();
}

Status PgSessionRepo::Insert(const Session& x) {
  QX_ASSIGN_OR_RETURN(
      auto s,
      c_.Prepare("INSERT INTO sessions(secret_hash, user_id, csrf_token, created_at, expires_at)"
                 " VALUES($1, $2, $3, $4, $5)"));
  return s.Bind(x.secret_hash)
      .Bind(x.user_id)
      .Bind(x.csrf_token)
      .Bind(x.created_at)
      .Bind(x.expires_at)
      .Run();
}

Result<Session> PgSessionRepo::FindBySecretHash(const std::string& secret_hash) {
  QX_ASSIGN_OR_RETURN(
      auto s,
      c_.Prepare("SELECT secret_hash, user_id, csrf_token, created_at, expires_at FROM sessions"
                 " WHERE secret_hash = $1"));
  QX_ASSIGN_OR_RETURN(const bool row, s.Bind(secret_hash).Step());
  if (!row) return tl::unexpected(NotFound("session"));
  return Session{s.Text(0), s.Int(1), s.Text(2), s.Int(3), s.Int(4)};
}

Status PgSessionRepo::Delete(const std::string& secret_hash) {
  QX_ASSIGN_OR_RETURN(auto s, c_.Prepare("DELETE FROM sessions WHERE secret_hash = $1"));
  return s.Bind(secret_hash).Run();
}

Status PgSessionRepo::DeleteForUser(UserId user) {
  QX_ASSIGN_OR_RETURN(auto s, c_.Prepare("DELETE FROM sessions WHERE user_id = $1"));
  return s.Bind(user).Run();
}

Status PgSessionRepo::DeleteExpired(UnixMillis now) {
  QX_ASSIGN_OR_RETURN(auto s, c_.Prepare("DELETE FROM sessions WHERE expires_at <= $1"));
  return s.Bind(now).Run();
}

Result<ThrottleState> PgLoginThrottleRepo::Get(const std::string& key) {
  QX_ASSIGN_OR_RETURN(
      auto s,
      c_.Prepare("SELECT failures, window_start, locked_until FROM login_throttle WHERE key = $1"));
  QX_ASSIGN_OR_RETURN(const bool row, s.Bind(key).Step());
  if (!row) return ThrottleState{};
  return ThrottleState{static_cast<int>(s.Int(0)), s.Int(1), s.Int(2)};
}

Status PgLoginThrottleRepo::Put(const std::string& key, const ThrottleState& st) {
  QX_ASSIGN_OR_RETURN(
      auto s,
      c_.Prepare("INSERT INTO login_throttle(key, failures, window_start, locked_until)"
                 " VALUES($1, $2, $3, $4) ON CONFLICT(key) DO UPDATE SET"
                 " failures = excluded.failures, window_start = excluded.window_start,"
                 " locked_until = excluded.locked_until"));
  return s.Bind(key).Bind(st.failures).Bind(st.window_start).Bind(st.locked_until).Run();
}

Status PgLoginThrottleRepo::Clear(const std::string& key) {
  QX_ASSIGN_OR_RETURN(auto s, c_.Prepare("DELETE FROM login_throttle WHERE key = $1"));
  return s.Bind(key).Run();
}

}  // namespace qx::store::pg
