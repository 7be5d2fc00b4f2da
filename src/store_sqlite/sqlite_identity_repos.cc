#include <fmt/format.h>

#include "sqlite_repos.h"

namespace qx::store::sqlite {
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
  u.disabled = s.Int(5) != 0;
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

constexpr char kUserColumns[] = "id, org_id, username, display_name, role, disabled, created_at";

}  // namespace

int ClampLimit(int limit) { return std::clamp(limit, 1, 1000); }

Result<OrgId> SqliteOrganisationRepo::Insert(const Organisation& o) {
  QX_ASSIGN_OR_RETURN(auto s, c_.Prepare("INSERT INTO organisations(name, kind, sector, created_at)"
                                         " VALUES(?, ?, ?, ?)"));
  QX_RETURN_IF_ERROR(
      s.Bind(o.name).Bind(domain::Name(o.kind)).Bind(o.sector).Bind(o.created_at).Run());
  return c_.LastInsertId();
}

Result<Organisation> SqliteOrganisationRepo::Get(OrgId id) {
  QX_ASSIGN_OR_RETURN(auto s, c_.Prepare("SELECT id, name, kind, sector, created_at"
                                         " FROM organisations WHERE id = ?"));
  QX_ASSIGN_OR_RETURN(const bool row, s.Bind(id).Step());
  if (!row) return tl::unexpected(NotFound("organisation"));
  return ReadOrg(s);
}

Result<Page<Organisation>> SqliteOrganisationRepo::List(const PageRequest& page) {
  QX_ASSIGN_OR_RETURN(auto s, c_.Prepare("SELECT id, name, kind, sector, created_at"
                                         " FROM organisations WHERE id > ? ORDER BY id LIMIT ?"));
  const int limit = ClampLimit(page.limit);
  s.Bind(page.after).Bind(limit + 1);
  return ReadPage<Organisation>(s, limit, ReadOrg, [](const Organisation& o) { return o.id; });
}

Result<UserId> SqliteUserRepo::Insert(const User& u, const std::string& password_hash) {
  QX_ASSIGN_OR_RETURN(
      auto s,
      c_.Prepare("INSERT INTO users(org_id, username, display_name, role, password_hash, disabled,"
                 " created_at) VALUES(?, ?, ?, ?, ?, ?, ?)"));
  QX_RETURN_IF_ERROR(s.Bind(u.org_id)
                         .Bind(u.username)
                         .Bind(u.display_name)
                         .Bind(domain::Name(u.role))
                         .Bind(password_hash)
                         .Bind(u.disabled)
                         .Bind(u.created_at)
                         .Run());
  return c_.LastInsertId();
}

Result<User> SqliteUserRepo::Get(UserId id) {
  static const std::string sql = fmt::format("SELECT {} FROM users WHERE id = ?", kUserColumns);
  QX_ASSIGN_OR_RETURN(auto s, c_.Prepare(sql.c_str()));
  QX_ASSIGN_OR_RETURN(const bool row, s.Bind(id).Step());
  if (!row) return tl::unexpected(NotFound("user"));
  return ReadUser(s);
}

Result<UserCredential> SqliteUserRepo::FindByUsername(const std::string& username) {
  static const std::string sql =
      fmt::format("SELECT {}, password_hash FROM users WHERE username = ?", kUserColumns);
  QX_ASSIGN_OR_RETURN(auto s, c_.Prepare(sql.c_str()));
  QX_ASSIGN_OR_RETURN(const bool row, s.Bind(username).Step());
  if (!row) return tl::unexpected(NotFound("user"));
  QX_ASSIGN_OR_RETURN(User user, ReadUser(s));
  return UserCredential{std::move(user), s.Text(7)};
}

Result<Page<User>> SqliteUserRepo::ListByOrg(OrgId org, const PageRequest& page) {
  static const std::string sql = fmt::format(
      "SELECT {} FROM users WHERE org_id = ? AND id > ? ORDER BY id LIMIT ?", kUserColumns);
  QX_ASSIGN_OR_RETURN(auto s, c_.Prepare(sql.c_str()));
  const int limit = ClampLimit(page.limit);
  s.Bind(org).Bind(page.after).Bind(limit + 1);
  return ReadPage<User>(s, limit, ReadUser, [](const User& u) { return u.id; });
}

Status SqliteUserRepo::SetPasswordHash(UserId id, const std::string& password_hash) {
  QX_ASSIGN_OR_RETURN(auto s, c_.Prepare("UPDATE users SET password_hash = ? WHERE id = ?"));
  return s.Bind(password_hash).Bind(id).Run();
}

Status SqliteUserRepo::SetDisabled(UserId id, bool disabled) {
  QX_ASSIGN_OR_RETURN(auto s, c_.Prepare("UPDATE users SET disabled = ? WHERE id = ?"));
  return s.Bind(disabled).Bind(id).Run();
}

constexpr char kTokenColumns[] =
    "id, org_id, role, name, created_by, created_at, expires_at, revoked_at";

Result<std::int64_t> SqliteTokenRepo::Insert(const ApiToken& t, const std::string& secret_hash) {
  QX_ASSIGN_OR_RETURN(
      auto s,
      c_.Prepare("INSERT INTO api_tokens(org_id, role, name, secret_hash, created_by, created_at,"
                 " expires_at) VALUES(?, ?, ?, ?, ?, ?, ?)"));
  QX_RETURN_IF_ERROR(s.Bind(t.org_id)
                         .Bind(domain::Name(t.role))
                         .Bind(t.name)
                         .Bind(secret_hash)
                         .Bind(t.created_by)
                         .Bind(t.created_at)
                         .Bind(t.expires_at)
                         .Run());
  return c_.LastInsertId();
}

Result<ApiToken> SqliteTokenRepo::Get(std::int64_t id) {
  static const std::string sql =
      fmt::format("SELECT {} FROM api_tokens WHERE id = ?", kTokenColumns);
  QX_ASSIGN_OR_RETURN(auto s, c_.Prepare(sql.c_str()));
  QX_ASSIGN_OR_RETURN(const bool row, s.Bind(id).Step());
  if (!row) return tl::unexpected(NotFound("token"));
  return ReadToken(s);
}

Result<ApiToken> SqliteTokenRepo::FindBySecretHash(const std::string& secret_hash) {
  static const std::string sql =
      fmt::format("SELECT {} FROM api_tokens WHERE secret_hash = ?", kTokenColumns);
  QX_ASSIGN_OR_RETURN(auto s, c_.Prepare(sql.c_str()));
  QX_ASSIGN_OR_RETURN(const bool row, s.Bind(secret_hash).Step());
  if (!row) return tl::unexpected(NotFound("token"));
  return ReadToken(s);
}

Result<Page<ApiToken>> SqliteTokenRepo::ListByOrg(OrgId org, const PageRequest& page) {
  static const std::string sql = fmt::format(
      "SELECT {} FROM api_tokens WHERE org_id = ? AND id > ? ORDER BY id LIMIT ?", kTokenColumns);
  QX_ASSIGN_OR_RETURN(auto s, c_.Prepare(sql.c_str()));
  const int limit = ClampLimit(page.limit);
  s.Bind(org).Bind(page.after).Bind(limit + 1);
  return ReadPage<ApiToken>(s, limit, ReadToken, [](const ApiToken& t) { return t.id; });
}

Status SqliteTokenRepo::Revoke(std::int64_t id, UnixMillis at) {
  QX_ASSIGN_OR_RETURN(
      auto s,
      c_.Prepare("UPDATE api_tokens SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL"));
  return s.Bind(at).Bind(id).Run();
}

Status SqliteSessionRepo::Insert(const Session& x) {
  QX_ASSIGN_OR_RETURN(
      auto s,
      c_.Prepare("INSERT INTO sessions(secret_hash, user_id, csrf_token, created_at, expires_at)"
                 " VALUES(?, ?, ?, ?, ?)"));
  return s.Bind(x.secret_hash)
      .Bind(x.user_id)
      .Bind(x.csrf_token)
      .Bind(x.created_at)
      .Bind(x.expires_at)
      .Run();
}

Result<Session> SqliteSessionRepo::FindBySecretHash(const std::string& secret_hash) {
  QX_ASSIGN_OR_RETURN(
      auto s,
      c_.Prepare("SELECT secret_hash, user_id, csrf_token, created_at, expires_at FROM sessions"
                 " WHERE secret_hash = ?"));
  QX_ASSIGN_OR_RETURN(const bool row, s.Bind(secret_hash).Step());
  if (!row) return tl::unexpected(NotFound("session"));
  return Session{s.Text(0), s.Int(1), s.Text(2), s.Int(3), s.Int(4)};
}

Status SqliteSessionRepo::Delete(const std::string& secret_hash) {
  QX_ASSIGN_OR_RETURN(auto s, c_.Prepare("DELETE FROM sessions WHERE secret_hash = ?"));
  return s.Bind(secret_hash).Run();
}

Status SqliteSessionRepo::DeleteForUser(UserId user) {
  QX_ASSIGN_OR_RETURN(auto s, c_.Prepare("DELETE FROM sessions WHERE user_id = ?"));
  return s.Bind(user).Run();
}

Status SqliteSessionRepo::DeleteExpired(UnixMillis now) {
  QX_ASSIGN_OR_RETURN(auto s, c_.Prepare("DELETE FROM sessions WHERE expires_at <= ?"));
  return s.Bind(now).Run();
}

Result<ThrottleState> SqliteLoginThrottleRepo::Get(const std::string& key) {
  QX_ASSIGN_OR_RETURN(
      auto s,
      c_.Prepare("SELECT failures, window_start, locked_until FROM login_throttle WHERE key = ?"));
  QX_ASSIGN_OR_RETURN(const bool row, s.Bind(key).Step());
  if (!row) return ThrottleState{};
  return ThrottleState{static_cast<int>(s.Int(0)), s.Int(1), s.Int(2)};
}

Status SqliteLoginThrottleRepo::Put(const std::string& key, const ThrottleState& st) {
  QX_ASSIGN_OR_RETURN(
      auto s,
      c_.Prepare(
          "INSERT INTO login_throttle(key, failures, window_start, locked_until) VALUES(?, ?, ?, ?)"
          " ON CONFLICT(key) DO UPDATE SET failures = excluded.failures,"
          " window_start = excluded.window_start, locked_until = excluded.locked_until"));
  return s.Bind(key).Bind(st.failures).Bind(st.window_start).Bind(st.locked_until).Run();
}

Status SqliteLoginThrottleRepo::Clear(const std::string& key) {
  QX_ASSIGN_OR_RETURN(auto s, c_.Prepare("DELETE FROM login_throttle WHERE key = ?"));
  return s.Bind(key).Run();
}

}  // namespace qx::store::sqlite
