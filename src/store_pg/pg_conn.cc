#include "pg_conn.h"

#include <fmt/format.h>

#include <charconv>
#include <cmath>
#include <cstring>
#include <limits>

namespace qx::store::pg {
namespace {

// Quotes one element of an array literal: "a\"b" with backslash escapes.
void AppendQuoted(std::string& out, std::string_view item) {
  out += '"';
  for (char ch : item) {
    if (ch == '"' || ch == '\\') out += '\\';
    out += ch;
  }
  out += '"';
}

std::int64_t ParseInt(const char* p, int len) {
  std::int64_t v = 0;
  std::from_chars(p, p + len, v);
  return v;
}

}  // namespace

Statement& Statement::BindArray(const std::vector<std::string>& items) {
  std::string out = "{";
  for (size_t i = 0; i < items.size(); ++i) {
    if (i) out += ',';
    AppendQuoted(out, items[i]);
  }
  out += '}';
  return BindText(std::move(out));
}

Statement& Statement::BindArray(const std::vector<std::int64_t>& items) {
  std::string out = "{";
  for (size_t i = 0; i < items.size(); ++i) {
    if (i) out += ',';
    out += std::to_string(items[i]);
  }
  out += '}';
  return BindText(std::move(out));
}

Statement& Statement::Bind(double v) {
  if (std::isnan(v)) return BindText("NaN");
  if (std::isinf(v)) return BindText(v > 0 ? "Infinity" : "-Infinity");
  return BindText(fmt::format("{}", v));
}

Status Statement::Execute() {
  std::vector<const char*> values;
  values.reserve(params_.size());
  for (const auto& p : params_) values.push_back(p ? p->c_str() : nullptr);
  result_.reset(PQexecPrepared(conn_->raw(), name_.c_str(), static_cast<int>(values.size()),
                               values.data(), nullptr, nullptr, 0));
  row_ = -1;
  const ExecStatusType st = result_ ? PQresultStatus(result_.get()) : PGRES_FATAL_ERROR;
  if (st != PGRES_TUPLES_OK && st != PGRES_COMMAND_OK) {
    Error e = conn_->Failure(result_.get());
    result_.reset();
    return tl::unexpected(std::move(e));
  }
  return Ok();
}

Result<bool> Statement::Step() {
  if (!result_) QX_RETURN_IF_ERROR(Execute());
  ++row_;
  return row_ < PQntuples(result_.get());
}

Status Statement::Run() { return Execute(); }

std::int64_t Statement::Affected() const {
  if (!result_) return 0;
  const char* n = PQcmdTuples(result_.get());
  return ParseInt(n, static_cast<int>(std::strlen(n)));
}

void Statement::Reset() {
  params_.clear();
  result_.reset();
  row_ = -1;
}

std::int64_t Statement::Int(int col) const {
  return ParseInt(PQgetvalue(result_.get(), row_, col), PQgetlength(result_.get(), row_, col));
}

bool Statement::Bool(int col) const {
  const char* v = PQgetvalue(result_.get(), row_, col);
  return v[0] == 't' || v[0] == '1';
}

double Statement::Double(int col) const {
  const char* p = PQgetvalue(result_.get(), row_, col);
  const int len = PQgetlength(result_.get(), row_, col);
  double v = 0;
  if (std::from_chars(p, p + len, v).ec == std::errc()) return v;
  // from_chars reads "nan" and "inf" but not PostgreSQL's spelling of them.
  const std::string_view text(p, static_cast<size_t>(len));
  if (text == "NaN") return std::numeric_limits<double>::quiet_NaN();
  if (text == "Infinity") return std::numeric_limits<double>::infinity();
  if (text == "-Infinity") return -std::numeric_limits<double>::infinity();
  return 0;
}

std::string Statement::Text(int col) const {
  return std::string(PQgetvalue(result_.get(), row_, col), PQgetlength(result_.get(), row_, col));
}

std::vector<std::int64_t> Statement::IntArray(int col) const {
  std::vector<std::int64_t> out;
  const std::string_view s(PQgetvalue(result_.get(), row_, col),
                           PQgetlength(result_.get(), row_, col));
  size_t start = s.empty() ? 0 : 1;  // past '{'
  while (start < s.size()) {
    size_t end = s.find_first_of(",}", start);
    if (end == std::string_view::npos) end = s.size();
    std::int64_t v = 0;
    if (end > start && std::from_chars(s.data() + start, s.data() + end, v).ec == std::errc()) {
      out.push_back(v);
    }
    start = end + 1;
  }
  return out;
}

Result<std::unique_ptr<Connection>> Connection::Open(const std::string& url) {
  // Connection strings may carry a password: never echo them, only libpq's message.
  PGconn* conn = PQconnectdb(url.c_str());
  if (!conn || PQstatus(conn) != CONNECTION_OK) {
    Error e{ErrorCode::kUnavailable,
            fmt::format("cannot connect to PostgreSQL: {}",
                        conn ? PQerrorMessage(conn) : "out of memory")};
    while (!e.message.empty() && (e.message.back() == '\n' || e.message.back() == ' ')) {
      e.message.pop_back();
    }
    PQfinish(conn);
    return tl::unexpected(std::move(e));
  }
  // Server notices ("relation already exists, skipping") are not errors: keep them off stderr,
  // where a command's output would carry them.
  PQsetNoticeProcessor(conn, [](void*, const char*) {}, nullptr);
  std::unique_ptr<Connection> c(new Connection(conn));
  // Times and text compare the same on every replica whatever the server's defaults.
  QX_RETURN_IF_ERROR(c->Exec("SET TIME ZONE 'UTC'; SET client_encoding = 'UTF8'"));
  return c;
}

Connection::~Connection() { PQfinish(conn_); }

Status Connection::Reconnect() {
  PQreset(conn_);
  prepared_.clear();  // a new server session knows none of them
  if (PQstatus(conn_) != CONNECTION_OK) {
    return MakeError(ErrorCode::kUnavailable,
                     fmt::format("database connection lost: {}", PQerrorMessage(conn_)));
  }
  return Exec("SET TIME ZONE 'UTC'; SET client_encoding = 'UTF8'");
}

Error Connection::Failure(const PGresult* result) {
  const char* state = result ? PQresultErrorField(result, PG_DIAG_SQLSTATE) : nullptr;
  last_sqlstate_ = state ? state : (broken() ? "08006" : "XX000");
  const char* primary = result ? PQresultErrorField(result, PG_DIAG_MESSAGE_PRIMARY) : nullptr;
  std::string message = primary ? primary : PQerrorMessage(conn_);
  while (!message.empty() && message.back() == '\n') message.pop_back();
  if (last_sqlstate_ == "23505") return Error{ErrorCode::kAlreadyExists, "already exists"};
  // Other integrity violations (foreign key, check, the append-only and frozen triggers).
  if (last_sqlstate_.rfind("23", 0) == 0) return Error{ErrorCode::kConflict, message};
  return Error{ErrorCode::kUnavailable, fmt::format("database: {}", message)};
}

Status Connection::Exec(const char* sql) {
  ResultPtr r(PQexec(conn_, sql));
  const ExecStatusType st = r ? PQresultStatus(r.get()) : PGRES_FATAL_ERROR;
  if (st != PGRES_COMMAND_OK && st != PGRES_TUPLES_OK) return tl::unexpected(Failure(r.get()));
  return Ok();
}

Result<Statement> Connection::Prepare(const std::string& sql) {
  auto it = prepared_.find(sql);
  if (it == prepared_.end()) {
    std::string name = "qx" + std::to_string(prepared_.size() + 1);
    ResultPtr r(PQprepare(conn_, name.c_str(), sql.c_str(), 0, nullptr));
    if (!r || PQresultStatus(r.get()) != PGRES_COMMAND_OK) return tl::unexpected(Failure(r.get()));
    it = prepared_.emplace(sql, std::move(name)).first;
  }
  return Statement(*this, it->second);
}

}  // namespace qx::store::pg
