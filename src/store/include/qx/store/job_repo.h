// Store interface for scheduled jobs (an outbox): work that one replica of many must do exactly
// once, such as sending a notification. Each replica claims due jobs for a lease; a claim is won
// by exactly one claimant; the winner completes the job, or it becomes claimable again when the
// lease runs out (the claimant died) or when it is released for a later retry.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "qx/core/clock.h"
#include "qx/core/result.h"

namespace qx::store {

struct NewJob {
  std::string kind;        // what to do, e.g. "notify.incident_due"
  std::string dedupe_key;  // one job per (kind, dedupe_key): scheduling twice is harmless
  std::string payload;     // JSON the worker reads
  UnixMillis run_at = 0;   // not claimable before this time
};

struct Job {
  std::int64_t id = 0;
  std::string kind;
  std::string dedupe_key;
  std::string payload;
  UnixMillis run_at = 0;
  int attempts = 0;                     // claims so far, this one included
  std::string claimed_by;               // the worker holding the current claim
  std::optional<UnixMillis> lease_until;
  std::optional<UnixMillis> done_at;
  std::string last_error;
};

class JobRepo {
 public:
  virtual ~JobRepo() = default;
  // Schedules a job and returns its id; when (kind, dedupe_key) is already scheduled, returns
  // the existing job's id and changes nothing.
  virtual Result<std::int64_t> Enqueue(const NewJob& job) = 0;
  // Claims up to limit jobs of one kind due at now (not done; never claimed, or their lease has run out) for
  // worker until lease_until, oldest run_at first. Concurrent claimants, in this process or in
  // other replicas, never receive the same job while its lease holds.
  virtual Result<std::vector<Job>> ClaimDue(const std::string& kind, const std::string& worker,
                                            UnixMillis now,
                                            UnixMillis lease_until, int limit) = 0;
  // Marks a job done. kConflict when worker no longer holds its claim (the lease ran out and
  // another worker claimed it): the caller must not report success twice.
  virtual Status Complete(std::int64_t id, const std::string& worker, UnixMillis at) = 0;
  // Gives a claimed job back, claimable again from retry_at, with the reason it failed.
  virtual Status Release(std::int64_t id, const std::string& worker, UnixMillis retry_at,
                         const std::string& error) = 0;
  virtual Result<Job> Get(std::int64_t id) = 0;
};

}  // namespace qx::store
