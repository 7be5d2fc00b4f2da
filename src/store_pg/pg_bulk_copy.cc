#include <fmt/format.h>

#include "pg_conn.h"
#include "qx/store_pg/pg_database.h"

namespace qx::store::pg {
namespace {

// The PostgreSQL type a portable column is written as.
const char* SqlType(const ColumnSpec& c) {
  switch (c.type) {
    case ColumnType::kInt: return "bigint";
    case ColumnType::kBool: return "boolean";
    case ColumnType::kReal: return "double precision";
    case ColumnType::kIdList: return "bigint[]";
    case ColumnType::kText: return "text";
  }
  return "text";
}

// An array literal of texts, NULL where a value is missing.
std::string TextArray(const std::vector<Row>& rows, size_t col, ColumnType type) {
  std::string out = "{";
  for (size_t r = 0; r < rows.size(); ++r) {
    if (r) out += ',';
    const auto& v = rows[r][col];
    if (!v) {
      out += "NULL";
      continue;
    }
    std::string value = type == ColumnType::kIdList ? "{" + *v + "}" : *v;
    out += '"';
    for (char ch : value) {
      if (ch == '"' || ch == '\\') out += '\\';
      out += ch;
    }
    out += '"';
  }
  return out + "}";
}

class PgBulkSink final : public BulkSink {
 public:
  explicit PgBulkSink(std::unique_ptr<Connection> c) : c_(std::move(c)) {}
  ~PgBulkSink() override {
    if (!committed_) (void)c_->Exec("ROLLBACK");
  }

  // References that may point forward (an assessment to the one that superseded it) are checked
  // at commit, when every row is in.
  Status Begin() {
    return c_->Exec("BEGIN ISOLATION LEVEL SERIALIZABLE; SET CONSTRAINTS ALL DEFERRED");
  }

  // Every column of a batch travels as one array; unnest turns them back into rows.
  Status WriteRows(const TableSpec& table, const std::vector<Row>& rows) override {
    if (rows.empty()) return Ok();
    std::string columns, arrays, casts;
    for (size_t i = 0; i < table.columns.size(); ++i) {
      const ColumnSpec& col = table.columns[i];
      if (i) {
        columns += ", ";
        arrays += ", ";
        casts += ", ";
      }
      columns += col.name;
      arrays += fmt::format("${}::text[]", i + 1);
      casts += fmt::format("c{}::{}", i, SqlType(col));
    }
    std::string aliases;
    for (size_t i = 0; i < table.columns.size(); ++i) aliases += fmt::format("{}c{}", i ? ", " : "", i);
    const std::string sql =
        fmt::format("INSERT INTO {} ({}) SELECT {} FROM unnest({}) WITH ORDINALITY AS u({}, ord)"
                    " ORDER BY ord",
                    table.name, columns, casts, arrays, aliases);
    QX_ASSIGN_OR_RETURN(auto s, c_->Prepare(sql));
    for (size_t i = 0; i < table.columns.size(); ++i) {
      s.Bind(TextArray(rows, i, table.columns[i].type));
    }
    return s.Run();
  }

  Result<std::int64_t> Count(const TableSpec& table) override {
    QX_ASSIGN_OR_RETURN(auto s, c_->Prepare(fmt::format("SELECT count(*) FROM {}", table.name)));
    QX_ASSIGN_OR_RETURN(const bool row, s.Step());
    return row ? s.Int(0) : 0;
  }

  Status Commit() override {
    // Every identity column continues after the copied ids (found in the catalog, so that a
    // new table cannot be forgotten here); the heads point at the copied ends.
    std::vector<std::pair<std::string, std::string>> identities;
    {
      QX_ASSIGN_OR_RETURN(auto s, c_->Prepare("SELECT table_name, column_name FROM"
                                              " information_schema.columns WHERE table_schema ="
                                              " current_schema() AND is_identity = 'YES'"
                                              " ORDER BY table_name, column_name"));
      for (;;) {
        QX_ASSIGN_OR_RETURN(const bool row, s.Step());
        if (!row) break;
        identities.emplace_back(s.Text(0), s.Text(1));
      }
    }
    for (const auto& [table, key] : identities) {
      QX_RETURN_IF_ERROR(c_->Exec(
          fmt::format("SELECT setval(pg_get_serial_sequence('{0}', '{1}'),"
                      " COALESCE((SELECT max({1}) FROM {0}), 0) + 1, false)",
                      table, key)
              .c_str()));
    }
    QX_RETURN_IF_ERROR(c_->Exec(
        "UPDATE audit_head SET seq = l.seq, hash = l.hash FROM (SELECT seq, hash FROM audit_log"
        " ORDER BY seq DESC LIMIT 1) l WHERE audit_head.id = 1;"
        "UPDATE stix_head SET last_added_us = (SELECT COALESCE(max(date_added_us), 0)"
        " FROM stix_objects) WHERE id = 1"));
    QX_RETURN_IF_ERROR(c_->Exec("COMMIT"));
    committed_ = true;
    return Ok();
  }

 private:
  std::unique_ptr<Connection> c_;
  bool committed_ = false;
};

}  // namespace

Result<std::unique_ptr<BulkSink>> OpenPgBulkSink(const std::string& url) {
  QX_ASSIGN_OR_RETURN(auto conn, Connection::Open(url));
  auto sink = std::make_unique<PgBulkSink>(std::move(conn));
  QX_RETURN_IF_ERROR(sink->Begin());
  return std::unique_ptr<BulkSink>(std::move(sink));
}

}  // namespace qx::store::pg
