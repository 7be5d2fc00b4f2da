// The SQLite repository of scheduled jobs. Claims run in write transactions, which SQLite
// serialises (one writer at a time), so a job is never claimed twice.
#pragma once

#include "qx/store/job_repo.h"
#include "sqlite_conn.h"

namespace qx::store::sqlite {

class SqliteJobRepo final : public JobRepo {
 public:
  explicit SqliteJobRepo(Connection& c) : c_(c) {}
  Result<std::int64_t> Enqueue(const NewJob& job) override;
  Result<std::vector<Job>> ClaimDue(const std::string& kind, const std::string& worker, UnixMillis now,
                                    UnixMillis lease_until, int limit) override;
  Status Complete(std::int64_t id, const std::string& worker, UnixMillis at) override;
  Status Release(std::int64_t id, const std::string& worker, UnixMillis retry_at,
                 const std::string& error) override;
  Result<Job> Get(std::int64_t id) override;

 private:
  Connection& c_;
};

}  // namespace qx::store::sqlite
