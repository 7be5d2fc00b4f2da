// RAII wrappers over libpq: a connection with a cache of prepared statements, and a statement that
// binds parameters by position (as text), runs once and walks its rows. Not thread-safe: one
// thread at a time uses a connection (the pool hands each transaction its own).
#pragma once

#include <libpq-fe.h>

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "qx/core/result.h"

namespace qx::store::pg {

class Connection;

// Deletes a PGresult.
struct ResultDeleter {
  void operator()(PGresult* r) const { PQclear(r); }
};
using ResultPtr = std::unique_ptr<PGresult, ResultDeleter>;

class Statement {
 public:
  Statement(Connection& conn, std::string name) : conn_(&conn), name_(std::move(name)) {}

  Statement& Bind(std::int64_t v) { return BindText(std::to_string(v)); }
  Statement& Bind(int v) { return Bind(std::int64_t{v}); }
  Statement& Bind(bool v) { return BindText(v ? "true" : "false"); }
  Statement& Bind(std::string_view v) { return BindText(std::string(v)); }
  Statement& Bind(const std::string& v) { return BindText(v); }
  Statement& Bind(const char* v) { return BindText(v); }
  // As the shortest text that reads back as the same double.
  Statement& Bind(double v);
  Statement& BindNull() {
    params_.emplace_back(std::nullopt);
    return *this;
  }
  template <typename T>
  Statement& Bind(const std::optional<T>& v) {
    return v ? Bind(*v) : BindNull();
  }
  // A PostgreSQL array literal ('{"a","b"}'), for `= ANY($n::text[])`.
  Statement& BindArray(const std::vector<std::string>& items);
  Statement& BindArray(const std::vector<std::int64_t>& items);

  // Runs on the first call; then true with a row, false when done.
  // kAlreadyExists on a unique violation, kConflict on another constraint.
  Result<bool> Step();
  // Runs a statement whose rows are not read.
  Status Run();
  // Rows changed by the last Run (INSERT, UPDATE, DELETE).
  std::int64_t Affected() const;
  // Clears parameters and result so that the statement binds and runs again.
  void Reset();

  // Column accessors for the current row. Values are text; a column that does not parse as an
  // integer reads as 0 (rows are untrusted, but their type is the schema's).
  std::int64_t Int(int col) const;
  bool Bool(int col) const;
  std::string Text(int col) const;
  bool IsNull(int col) const { return PQgetisnull(result_.get(), row_, col) != 0; }
  std::optional<std::int64_t> OptInt(int col) const {
    return IsNull(col) ? std::nullopt : std::optional(Int(col));
  }
  // A double precision column (PostgreSQL writes the shortest text that reads back exactly).
  double Double(int col) const;
  std::optional<double> OptDouble(int col) const {
    return IsNull(col) ? std::nullopt : std::optional(Double(col));
  }
  // A bigint[] column, e.g. "{1,2,3}".
  std::vector<std::int64_t> IntArray(int col) const;

 private:
  Statement& BindText(std::string v) {
    params_.emplace_back(std::move(v));
    return *this;
  }
  Status Execute();

  Connection* conn_;
  std::string name_;
  std::vector<std::optional<std::string>> params_;
  ResultPtr result_;
  int row_ = -1;
};

class Connection {
 public:
  // Connects with a libpq connection string or postgresql:// URL.
  static Result<std::unique_ptr<Connection>> Open(const std::string& url);
  ~Connection();

  // Runs one or more statements without parameters or results.
  Status Exec(const char* sql);
  // A cached prepared statement for sql. The cache is keyed by the text, so a query built at run
  // time is prepared once per distinct text.
  Result<Statement> Prepare(const std::string& sql);

  // The SQLSTATE of the last failure on this connection, e.g. "40001" (cleared by ClearFailure).
  const std::string& last_sqlstate() const { return last_sqlstate_; }
  void ClearFailure() { last_sqlstate_.clear(); }
  // True when the server connection is gone; Reconnect() tries to restore it.
  bool broken() const { return PQstatus(conn_) != CONNECTION_OK; }
  Status Reconnect();

  PGconn* raw() { return conn_; }
  // Turns a failed result into an Error and remembers its SQLSTATE.
  Error Failure(const PGresult* result);

 private:
  explicit Connection(PGconn* conn) : conn_(conn) {}
  PGconn* conn_;
  std::unordered_map<std::string, std::string> prepared_;  // sql -> statement name
  std::string last_sqlstate_;
};

// True for the SQLSTATEs after which the whole transaction may simply run again.
inline bool IsRetryable(std::string_view sqlstate) {
  return sqlstate == "40001" /* serialization_failure */ ||
         sqlstate == "40P01" /* deadlock_detected */;
}

}  // namespace qx::store::pg
