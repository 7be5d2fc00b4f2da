#include "sqlite_conn.h"

#include <fmt/format.h>

namespace qx::store::sqlite {

Error ToError(sqlite3* db, int rc) {
  const int primary = rc & 0xff;
  std::string message = db ? sqlite3_errmsg(db) : sqlite3_errstr(rc);
  if (rc == SQLITE_CONSTRAINT_UNIQUE || rc == SQLITE_CONSTRAINT_PRIMARYKEY) {
    return Error{ErrorCode::kAlreadyExists, "already exists"};
  }
  if (primary == SQLITE_CONSTRAINT) return Error{ErrorCode::kConflict, message};
  return Error{ErrorCode::kUnavailable, fmt::format("database: {}", message)};
}

Statement::~Statement() {
  if (stmt_) {
    sqlite3_reset(stmt_);
    sqlite3_clear_bindings(stmt_);
  }
}

Statement& Statement::Bind(std::int64_t v) {
  sqlite3_bind_int64(stmt_, next_index_++, v);
  return *this;
}

Statement& Statement::Bind(std::string_view v) {
  sqlite3_bind_text(stmt_, next_index_++, v.data(), static_cast<int>(v.size()), SQLITE_TRANSIENT);
  return *this;
}

Statement& Statement::Bind(double v) {
  sqlite3_bind_double(stmt_, next_index_++, v);
  return *this;
}

Statement& Statement::BindNull() {
  sqlite3_bind_null(stmt_, next_index_++);
  return *this;
}

Result<bool> Statement::Step() {
  const int rc = sqlite3_step(stmt_);
  if (rc == SQLITE_ROW) return true;
  if (rc == SQLITE_DONE) return false;
  return tl::unexpected(ToError(sqlite3_db_handle(stmt_), sqlite3_extended_errcode(
                                                              sqlite3_db_handle(stmt_))));
}

Status Statement::Run() {
  for (;;) {
    QX_ASSIGN_OR_RETURN(const bool row, Step());
    if (!row) return Ok();
  }
}

void Statement::Reset() {
  sqlite3_reset(stmt_);
  sqlite3_clear_bindings(stmt_);
  next_index_ = 1;
}

std::string Statement::Text(int col) const {
  const auto* p = reinterpret_cast<const char*>(sqlite3_column_text(stmt_, col));
  return p ? std::string(p, sqlite3_column_bytes(stmt_, col)) : std::string();
}

Result<std::unique_ptr<Connection>> Connection::Open(const std::string& path) {
  sqlite3* db = nullptr;
  const int rc = sqlite3_open_v2(path.c_str(), &db,
                                 SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX,
                                 nullptr);
  if (rc != SQLITE_OK) {
    Error e{ErrorCode::kUnavailable,
            fmt::format("cannot open {}: {}", path, db ? sqlite3_errmsg(db) : sqlite3_errstr(rc))};
    sqlite3_close(db);
    return tl::unexpected(e);
  }
  sqlite3_extended_result_codes(db, 1);
  std::unique_ptr<Connection> conn(new Connection(db));
  sqlite3_busy_timeout(db, 5000);
  QX_RETURN_IF_ERROR(conn->Exec(
      "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;"));
  return conn;
}

Connection::~Connection() {
  for (auto& [sql, stmt] : cache_) sqlite3_finalize(stmt);
  sqlite3_close(db_);
}

Status Connection::Exec(const char* sql) {
  char* message = nullptr;
  const int rc = sqlite3_exec(db_, sql, nullptr, nullptr, &message);
  if (rc != SQLITE_OK) {
    Error e = ToError(db_, sqlite3_extended_errcode(db_));
    if (message) {
      e.message = fmt::format("database: {}", message);
      sqlite3_free(message);
    }
    return tl::unexpected(e);
  }
  return Ok();
}

Result<Statement> Connection::Prepare(const char* sql) {
  auto it = cache_.find(sql);
  if (it == cache_.end()) {
    sqlite3_stmt* stmt = nullptr;
    const int rc = sqlite3_prepare_v3(db_, sql, -1, SQLITE_PREPARE_PERSISTENT, &stmt, nullptr);
    if (rc != SQLITE_OK) return tl::unexpected(ToError(db_, rc));
    it = cache_.emplace(sql, stmt).first;
  }
  return Statement(it->second);
}

}  // namespace qx::store::sqlite
