#include "pg_param_numbers.h"
#include "pg_repos.h"

namespace qx::store::pg {
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

Result<audit::AuditRecord> PgAuditRepo::Append(const audit::AuditEntry& entry, UnixMillis at) {
  // The row lock on the head makes appenders of every replica take turns until commit. Under
  // SERIALIZABLE a head moved by a transaction this one cannot see is a serialisation failure,
  // and the database runs the transaction again: the chain is extended, never forked.
  QX_ASSIGN_OR_RETURN(auto head,
                      c_.Prepare("SELECT seq, hash FROM audit_head WHERE id = 1 FOR UPDATE"));
  QX_ASSIGN_OR_RETURN(const bool has_head, head.Step());
  if (!has_head) return MakeError(ErrorCode::kInternal, "the audit chain head is missing");
  audit::AuditRecord record;
  record.seq = head.Int(0) + 1;
  record.at = at;
  record.entry = entry;
  audit::Seal(record, head.Text(1));

  QX_ASSIGN_OR_RETURN(
      auto insert,
      c_.Prepare("WITH appended AS (INSERT INTO audit_log(seq, at, actor, org_id, action,"
                 " object_type, object_id, detail, digest, prev_hash, hash)"
                 " VALUES($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) RETURNING seq, hash)"
                 " UPDATE audit_head SET seq = appended.seq, hash = appended.hash FROM appended"
                 " WHERE audit_head.id = 1"));
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

Result<Page<audit::AuditRecord>> PgAuditRepo::List(const AuditFilter& f, const PageRequest& page) {
  // Only the filters given go into the statement, so that an organisation's page is read from
  // audit_by_org ("$n IS NULL OR ..." would not be, once the server settles on a generic plan).
  std::string sql = std::string("SELECT ") + kAuditColumns + " FROM audit_log WHERE seq > $1";
  ParamNumbers params(1);
  if (f.org_id) sql += " AND org_id = " + params.Next();
  if (f.actor) sql += " AND actor = " + params.Next();
  if (f.since) sql += " AND at >= " + params.Next();
  if (f.until) sql += " AND at < " + params.Next();
  sql += " ORDER BY seq LIMIT " + params.Next();
  QX_ASSIGN_OR_RETURN(auto s, c_.Prepare(sql));
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

Status PgAuditRepo::Scan(const std::function<bool(const audit::AuditRecord&)>& visit) {
  // In pages, so that a long chain never sits in memory whole.
  static const std::string sql = std::string("SELECT ") + kAuditColumns +
                                 " FROM audit_log WHERE seq > $1 ORDER BY seq LIMIT 5000";
  std::int64_t after = 0;
  for (;;) {
    QX_ASSIGN_OR_RETURN(auto s, c_.Prepare(sql));
    s.Bind(after);
    int rows = 0;
    for (;;) {
      QX_ASSIGN_OR_RETURN(const bool row, s.Step());
      if (!row) break;
      ++rows;
      audit::AuditRecord r = ReadRecord(s);
      after = r.seq;
      if (!visit(r)) return Ok();
    }
    if (rows < 5000) return Ok();
  }
}

}  // namespace qx::store::pg
