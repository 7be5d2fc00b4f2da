#include "sqlite_filtered_sql.h"
#include "sqlite_repos.h"

namespace qx::store::sqlite {
namespace {

constexpr char kAuditColumns[] =
    "seq, at, actor, org_id, action, object_type, object_id, detail, digest, prev_hash, hash";

audit::AuditRecord ReadRecord(const Statement& s) {
  audit::AuditRecord r;
  r.seq = s.Int(0);
  r.at = s.Int(1);
  r.entry.actor = s.Text(2);
  r.entry.org_id = s.Int(3);
  r.entry.action = s.Text(4);
  r.entry.object_type = s.Text(5);
  r.entry.object_id = s.Text(6);
  r.entry.detail = s.Text(7);
  r.digest = s.Text(8);
  r.prev_hash = s.Text(9);
  r.hash = s.Text(10);
  return r;
}

}  // namespace

const FilteredSql& AuditListSql() {
  static const FilteredSql sql(std::string("SELECT ") + kAuditColumns + " FROM audit_log WHERE seq > ?",
                               {" AND org_id = ?", " AND actor = ?", " AND at >= ?", " AND at < ?"},
                               " ORDER BY seq LIMIT ?");
  return sql;
}

Result<audit::AuditRecord> SqliteAuditRepo::Append(const audit::AuditEntry& entry, UnixMillis at) {
  QX_ASSIGN_OR_RETURN(auto last,
                      c_.Prepare("SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1"));
  QX_ASSIGN_OR_RETURN(const bool has_last, last.Step());
  audit::AuditRecord record;
  record.seq = has_last ? last.Int(0) + 1 : 1;
  record.at = at;
  record.entry = entry;
  audit::Seal(record, has_last ? last.Text(1) : std::string(audit::kGenesisHash));

  QX_ASSIGN_OR_RETURN(
      auto insert,
      c_.Prepare(
          "INSERT INTO audit_log(seq, at, actor, org_id, action, object_type, object_id, detail,"
          " digest, prev_hash, hash) VALUES(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"));
  QX_RETURN_IF_ERROR(insert.Bind(record.seq)
                         .Bind(record.at)
                         .Bind(entry.actor)
                         .Bind(entry.org_id)
                         .Bind(entry.action)
                         .Bind(entry.object_type)
                         .Bind(entry.object_id)
                         .Bind(entry.detail)
                         .Bind(record.digest)
                         .Bind(record.prev_hash)
                         .Bind(record.hash)
                         .Run());
  return record;
}

Result<Page<audit::AuditRecord>> SqliteAuditRepo::List(const AuditFilter& f,
                                                       const PageRequest& page) {
  const unsigned mask = FilteredSql::Mask({f.org_id.has_value(), f.actor.has_value(), f.since.has_value(),
                                           f.until.has_value()});
  QX_ASSIGN_OR_RETURN(auto s, c_.Prepare(AuditListSql().For(mask)));
  const int limit = ClampLimit(page.limit);
  s.Bind(page.after);
  if (f.org_id) s.Bind(*f.org_id);
  if (f.actor) s.Bind(*f.actor);
  if (f.since) s.Bind(*f.since);
  if (f.until) s.Bind(*f.until);
  s.Bind(limit + 1);
  return ReadPage<audit::AuditRecord>(s, limit, ReadRecord,
                                      [](const audit::AuditRecord& r) { return r.seq; });
}

Status SqliteAuditRepo::Scan(const std::function<bool(const audit::AuditRecord&)>& visit) {
  static const std::string sql =
      std::string("SELECT ") + kAuditColumns + " FROM audit_log ORDER BY seq";
  QX_ASSIGN_OR_RETURN(auto s, c_.Prepare(sql.c_str()));
  for (;;) {
    QX_ASSIGN_OR_RETURN(const bool row, s.Step());
    if (!row || !visit(ReadRecord(s))) return Ok();
  }
}

}  // namespace qx::store::sqlite
