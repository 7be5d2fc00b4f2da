#include <fmt/format.h>

#include <deque>

#include "qx/store_sqlite/sqlite_database.h"
#include "sqlite_conn.h"

namespace qx::store::sqlite {
namespace {

// Organisation id lists are kept as ",3,7,"; portable rows carry "3,7".
std::string PortableIdList(std::string_view stored) {
  while (!stored.empty() && stored.front() == ',') stored.remove_prefix(1);
  while (!stored.empty() && stored.back() == ',') stored.remove_suffix(1);
  return std::string(stored);
}

class SqliteBulkSource final : public BulkSource {
 public:
  explicit SqliteBulkSource(std::unique_ptr<Connection> c) : c_(std::move(c)) {}

  Status ReadTable(const TableSpec& table,
                   const std::function<Status(const std::vector<Row>&)>& batch) override {
    std::string columns;
    for (const auto& col : table.columns) {
      if (!columns.empty()) columns += ", ";
      columns += col.name;
    }
    const std::string sql = fmt::format("SELECT {} FROM {} ORDER BY {}", columns, table.name,
                                        *table.order_by ? table.order_by : "rowid");
    sqls_.push_back(sql);  // the statement cache keys by pointer: keep the text alive
    QX_ASSIGN_OR_RETURN(auto s, c_->Prepare(sqls_.back().c_str()));
    std::vector<Row> rows;
    for (;;) {
      QX_ASSIGN_OR_RETURN(const bool more, s.Step());
      if (!more) break;
      Row row;
      for (size_t i = 0; i < table.columns.size(); ++i) {
        const int col = static_cast<int>(i);
        if (s.IsNull(col)) {
          row.emplace_back(std::nullopt);
        } else if (table.columns[i].type == ColumnType::kIdList) {
          row.emplace_back(PortableIdList(s.Text(col)));
        } else if (table.columns[i].type == ColumnType::kReal) {
          // SQLite's own text of a REAL keeps 15 digits; this keeps the exact value.
          row.emplace_back(fmt::format("{}", s.Double(col)));
        } else {
          row.emplace_back(s.Text(col));
        }
      }
      rows.push_back(std::move(row));
      if (rows.size() == 2000) {
        QX_RETURN_IF_ERROR(batch(rows));
        rows.clear();
      }
    }
    if (!rows.empty()) QX_RETURN_IF_ERROR(batch(rows));
    return Ok();
  }

  Result<std::int64_t> Count(const TableSpec& table) override {
    sqls_.push_back(fmt::format("SELECT count(*) FROM {}", table.name));
    QX_ASSIGN_OR_RETURN(auto s, c_->Prepare(sqls_.back().c_str()));
    QX_ASSIGN_OR_RETURN(const bool row, s.Step());
    return row ? s.Int(0) : 0;
  }

 private:
  std::unique_ptr<Connection> c_;
  std::deque<std::string> sqls_;
};

}  // namespace

Result<std::unique_ptr<BulkSource>> OpenSqliteBulkSource(const std::string& path) {
  QX_ASSIGN_OR_RETURN(auto conn, Connection::Open(path));
  // One read transaction for every table: a consistent snapshot even with a writer beside it.
  QX_RETURN_IF_ERROR(conn->Exec("BEGIN; SELECT count(*) FROM sqlite_schema"));
  return std::unique_ptr<BulkSource>(new SqliteBulkSource(std::move(conn)));
}

}  // namespace qx::store::sqlite
