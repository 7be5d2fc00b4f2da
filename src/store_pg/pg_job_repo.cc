#include "pg_job_repo.h"

#include <algorithm>

namespace qx::store::pg {
namespace {

constexpr char kJobColumns[] =
    "id, kind, dedupe_key, payload, run_at, attempts, claimed_by, lease_until, done_at, last_error";

Job ReadJob(const Statement& s) {
  Job j;
  j.id = s.Int(0);
  j.kind = s.Text(1);
  j.dedupe_key = s.Text(2);
  j.payload = s.Text(3);
  j.run_at = s.Int(4);
  j.attempts = static_cast<int>(s.Int(5));
  j.claimed_by = s.Text(6);
  j.lease_until = s.OptInt(7);
  j.done_at = s.OptInt(8);
  j.last_error = s.Text(9);
  return j;
}

}  // namespace

Result<std::int64_t> PgJobRepo::Enqueue(const NewJob& j) {
  // DO NOTHING keeps the transaction usable when the job exists (an error would abort it).
  QX_ASSIGN_OR_RETURN(auto s, c_.Prepare("INSERT INTO jobs(kind, dedupe_key, payload, run_at)"
                                         " VALUES($1, $2, $3, $4)"
                                         " ON CONFLICT(kind, dedupe_key) DO NOTHING"));
  QX_RETURN_IF_ERROR(s.Bind(j.kind).Bind(j.dedupe_key).Bind(j.payload).Bind(j.run_at).Run());
  QX_ASSIGN_OR_RETURN(auto id,
                      c_.Prepare("SELECT id FROM jobs WHERE kind = $1 AND dedupe_key = $2"));
  QX_ASSIGN_OR_RETURN(const bool row, id.Bind(j.kind).Bind(j.dedupe_key).Step());
  if (!row) return MakeError(ErrorCode::kInternal, "job vanished after insert");
  return id.Int(0);
}

Result<std::vector<Job>> PgJobRepo::ClaimDue(const std::string& kind, const std::string& worker, UnixMillis now,
                                             UnixMillis lease_until, int limit) {
  static const std::string sql =
      std::string("UPDATE jobs SET claimed_by = $1, lease_until = $2, attempts = attempts + 1"
                  " WHERE id IN (SELECT id FROM jobs WHERE done_at IS NULL AND run_at <= $3"
                  " AND (lease_until IS NULL OR lease_until <= $3) AND kind = $5 ORDER BY run_at, id LIMIT $4"
                  " FOR UPDATE SKIP LOCKED) RETURNING ") +
      kJobColumns;
  QX_ASSIGN_OR_RETURN(auto s, c_.Prepare(sql));
  s.Bind(worker).Bind(lease_until).Bind(now).Bind(std::clamp(limit, 1, 1000)).Bind(kind);
  std::vector<Job> out;
  for (;;) {
    QX_ASSIGN_OR_RETURN(const bool row, s.Step());
    if (!row) break;
    out.push_back(ReadJob(s));
  }
  std::sort(out.begin(), out.end(), [](const Job& a, const Job& b) {
    return a.run_at != b.run_at ? a.run_at < b.run_at : a.id < b.id;
  });
  return out;
}

Status PgJobRepo::Complete(std::int64_t id, const std::string& worker, UnixMillis at) {
  QX_ASSIGN_OR_RETURN(auto s, c_.Prepare("UPDATE jobs SET done_at = $1, lease_until = NULL"
                                         " WHERE id = $2 AND claimed_by = $3 AND done_at IS NULL"));
  QX_RETURN_IF_ERROR(s.Bind(at).Bind(id).Bind(worker).Run());
  if (s.Affected() == 0) {
    return MakeError(ErrorCode::kConflict, "the job is not claimed by this worker");
  }
  return Ok();
}

Status PgJobRepo::Release(std::int64_t id, const std::string& worker, UnixMillis retry_at,
                          const std::string& error) {
  QX_ASSIGN_OR_RETURN(auto s, c_.Prepare("UPDATE jobs SET claimed_by = '', lease_until = NULL,"
                                         " run_at = $1, last_error = $2"
                                         " WHERE id = $3 AND claimed_by = $4 AND done_at IS NULL"));
  QX_RETURN_IF_ERROR(s.Bind(retry_at).Bind(error).Bind(id).Bind(worker).Run());
  if (s.Affected() == 0) {
    return MakeError(ErrorCode::kConflict, "the job is not claimed by this worker");
  }
  return Ok();
}

Result<Job> PgJobRepo::Get(std::int64_t id) {
  static const std::string sql = std::string("SELECT ") + kJobColumns + " FROM jobs WHERE id = $1";
  QX_ASSIGN_OR_RETURN(auto s, c_.Prepare(sql));
  QX_ASSIGN_OR_RETURN(const bool row, s.Bind(id).Step());
  if (!row) return MakeError(ErrorCode::kNotFound, "job not found");
  return ReadJob(s);
}

}  // namespace qx::store::pg
