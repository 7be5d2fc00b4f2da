// RAII wrappers over the SQLite C API: a connection with a cache of prepared statements, and a
// statement cursor that binds by position and reads columns. Not thread-safe: one thread at a time.
#pragma once

#include <sqlite3.h>

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>

#include "qx/core/result.h"

namespace qx::store::sqlite {

class Statement {
 public:
  explicit Statement(sqlite3_stmt* stmt) : stmt_(stmt) {}
  Statement(Statement&& other) noexcept : stmt_(std::exchange(other.stmt_, nullptr)) {}
  ~Statement();  // resets (the statement itself belongs to the connection's cache)

  Statement& Bind(std::int64_t v);
  Statement& Bind(std::string_view v);
  Statement& Bind(const std::string& v) { return Bind(std::string_view(v)); }
  Statement& Bind(const char* v) { return Bind(std::string_view(v)); }
  Statement& Bind(bool v) { return Bind(std::int64_t{v ? 1 : 0}); }
  Statement& Bind(int v) { return Bind(std::int64_t{v}); }
  Statement& Bind(double v);
  Statement& BindNull();
  template <typename T>
  Statement& Bind(const std::optional<T>& v) {
    return v ? Bind(*v) : BindNull();
  }

  // Advances: true with a row, false when done. kAlreadyExists on a UNIQUE violation.
  Result<bool> Step();
  // Steps to completion, for statements that return no rows.
  Status Run();
  // Makes the statement ready to bind and run again (for loops of inserts).
  void Reset();

  std::int64_t Int(int col) const { return sqlite3_column_int64(stmt_, col); }
  std::string Text(int col) const;
  bool IsNull(int col) const { return sqlite3_column_type(stmt_, col) == SQLITE_NULL; }
  std::optional<std::int64_t> OptInt(int col) const {
    return IsNull(col) ? std::nullopt : std::optional(Int(col));
  }
  double Double(int col) const { return sqlite3_column_double(stmt_, col); }
  std::optional<double> OptDouble(int col) const {
    return IsNull(col) ? std::nullopt : std::optional(Double(col));
  }

 private:
  sqlite3_stmt* stmt_;
  int next_index_ = 1;
};

class Connection {
 public:
  // Opens (creating if needed) the database at path, with WAL, foreign keys and a busy timeout.
  static Result<std::unique_ptr<Connection>> Open(const std::string& path);
  ~Connection();

  // Runs one or more statements without results.
  Status Exec(const char* sql);
  // A cached prepared statement for sql (whose storage must outlive the connection: a literal).
  Result<Statement> Prepare(const char* sql);
  std::int64_t LastInsertId() const { return sqlite3_last_insert_rowid(db_); }
  std::string LastError() const { return sqlite3_errmsg(db_); }

 private:
  explicit Connection(sqlite3* db) : db_(db) {}
  sqlite3* db_;
  std::unordered_map<const char*, sqlite3_stmt*> cache_;
};

// Converts a SQLite result code into an Error with the connection's message.
Error ToError(sqlite3* db, int rc);

}  // namespace qx::store::sqlite
