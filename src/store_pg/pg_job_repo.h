// The PostgreSQL repository of scheduled jobs. Claims lock the rows they take with
// FOR UPDATE SKIP LOCKED, so that replicas claiming at the same moment take different jobs.
#pragma once

#include "pg_conn.h"
#include "qx/store/job_repo.h"

namespace qx::store::pg {

class PgJobRepo final : public JobRepo {
 public:
  explicit PgJobRepo(Connection& c) : c_(c) {}
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

}  // namespace qx::store::pg
