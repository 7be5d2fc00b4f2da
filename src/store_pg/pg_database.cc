#include "qx/store_pg/pg_database.h"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <chrono>
#include <condition_variable>
#include <mutex>
#include <random>
#include <thread>
#include <vector>

#include "pg_agent_repo.h"
#include "pg_campaign_repo.h"
#include "pg_intel_repo.h"
#include "pg_job_repo.h"
#include "pg_migrations.h"
#include "pg_registry_repo.h"
#include "pg_repos.h"
#include "pg_requirements_repo.h"
#include "pg_incident_repo.h"
#include "pg_training_repo.h"

namespace qx::store::pg {
namespace {

// Key of the session advisory lock that lets one process at a time migrate.
constexpr char kMigrationLock[] = "SELECT pg_advisory_lock(7102105116)";
constexpr char kMigrationUnlock[] = "SELECT pg_advisory_unlock(7102105116)";

class PgTx final : public Tx {
 public:
  PgTx(Connection& c, bool writable)
      : orgs_(c), users_(c), tokens_(c), sessions_(c), throttle_(c), audit_(c), requirements_(c),
        intel_(c, writable), training_(c), registry_(c), assessments_(c), jobs_(c), incidents_(c),
        campaigns_(c), agents_(c) {}
  OrganisationRepo& orgs() override { return orgs_; }
  UserRepo& users() override { return users_; }
  TokenRepo& tokens() override { return tokens_; }
  SessionRepo& sessions() override { return sessions_; }
  LoginThrottleRepo& throttle() override { return throttle_; }
  AuditRepo& audit() override { return audit_; }
  RequirementsRepo& requirements() override { return requirements_; }
  IntelRepo& intel() override { return intel_; }
  TrainingRepo& training() override { return training_; }
  RegistryRepo& registry() override { return registry_; }
  AssessmentRepo& assessments() override { return assessments_; }
  JobRepo& jobs() override { return jobs_; }
  IncidentRepo& incidents() override { return incidents_; }
  CampaignRepo& campaigns() override { return campaigns_; }
  AgentRepo& agents() override { return agents_; }

 private:
  PgOrganisationRepo orgs_;
  PgUserRepo users_;
  PgTokenRepo tokens_;
  PgSessionRepo sessions_;
  PgLoginThrottleRepo throttle_;
  PgAuditRepo audit_;
  PgRequirementsRepo requirements_;
  PgIntelRepo intel_;
  PgTrainingRepo training_;
  PgRegistryRepo registry_;
  PgAssessmentRepo assessments_;
  PgJobRepo jobs_;
  PgIncidentRepo incidents_;
  PgCampaignRepo campaigns_;
  PgAgentRepo agents_;
};

class PgDatabase final : public Database {
 public:
  PgDatabase(std::vector<std::unique_ptr<Connection>> pool, int max_attempts)
      : pool_(std::move(pool)), max_attempts_(std::max(1, max_attempts)) {
    for (auto& c : pool_) idle_.push_back(c.get());
  }

  // Write transactions run SERIALIZABLE: PostgreSQL aborts one of two that would not have the
  // same outcome one after the other (40001), and the transaction runs again. Reads run on a
  // REPEATABLE READ READ ONLY snapshot, as SQLite's readers do in WAL mode.
  Status Run(TxMode mode, const std::function<Status(Tx&)>& fn) override {
    const bool write = mode == TxMode::kWrite;
    for (int attempt = 1;; ++attempt) {
      bool retry = false;
      Status result = RunOnce(write, fn, retry);
      if (result || !retry || attempt >= max_attempts_) {
        if (!result && retry) {
          spdlog::warn("database: a write transaction failed {} times on serialisation conflicts",
                       attempt);
        }
        return result;
      }
      Backoff(attempt);
    }
  }

  Status Migrate() override {
    Lease lease(*this);
    Connection& c = lease.conn();
    QX_RETURN_IF_ERROR(Usable(c));
    // Replicas starting together: one migrates, the others wait and then find nothing to do.
    QX_RETURN_IF_ERROR(c.Exec(kMigrationLock));
    Status status = ApplyMigrations(c);
    (void)c.Exec(kMigrationUnlock);
    return status;
  }

  Status Ping() override {
    Lease lease(*this);
    QX_RETURN_IF_ERROR(Usable(lease.conn()));
    return lease.conn().Exec("SELECT 1");
  }

  std::string_view backend() const override { return "postgresql"; }

 private:
  Status RunOnce(bool write, const std::function<Status(Tx&)>& fn, bool& retry) {
    Lease lease(*this);
    Connection& c = lease.conn();
    QX_RETURN_IF_ERROR(Usable(c));
    c.ClearFailure();
    Status begin = c.Exec(write ? "BEGIN ISOLATION LEVEL SERIALIZABLE"
                                : "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY");
    if (!begin) return begin;
    if (write) {
      // Writers take the heads of the audit chain and of the STIX store first, always in this
      // order and before reading anything (LOCK takes no snapshot): the chain orders every
      // audited write anyway, and locking the heads later, optimistically, let writers of one
      // assessment deadlock on each other's rows (resolved only after deadlock_timeout) and
      // lose to serialisation conflicts: 5 answers/s against 370 with one writer
      // (bench/run_assessment.sh).
      Status lock = c.Exec("LOCK TABLE audit_head, stix_head IN EXCLUSIVE MODE");
      if (!lock) {
        (void)c.Exec("ROLLBACK");
        retry = IsRetryable(c.last_sqlstate());
        return lock;
      }
    }
    Status result;
    try {
      PgTx tx(c, write);
      result = fn(tx);
    } catch (const std::exception& e) {
      result = MakeError(ErrorCode::kInternal, fmt::format("transaction failed: {}", e.what()));
    }
    // A statement that failed aborts the transaction, and COMMIT then rolls back quietly: an
    // error that fn met and ignored must not pass as committed.
    if (result && !c.last_sqlstate().empty()) {
      result = MakeError(ErrorCode::kUnavailable,
                         fmt::format("database: a statement failed ({})", c.last_sqlstate()));
    }
    if (result) result = c.Exec("COMMIT");
    if (!result) (void)c.Exec("ROLLBACK");
    // Whatever fn made of it, a transaction that met a serialisation failure may run again.
    retry = write && IsRetryable(c.last_sqlstate());
    return result;
  }

  static void Backoff(int attempt) {
    thread_local std::minstd_rand rng(std::random_device{}());
    const int cap_ms = std::min(100, 1 << std::min(attempt, 7));
    std::this_thread::sleep_for(std::chrono::microseconds(rng() % (cap_ms * 1000 + 1)));
  }

  // A connection whose server went away (restart, failover) is reopened before use.
  static Status Usable(Connection& c) {
    if (!c.broken()) return Ok();
    spdlog::warn("database: connection lost, reconnecting");
    return c.Reconnect();
  }

  static Status ApplyMigrations(Connection& c) {
    QX_RETURN_IF_ERROR(c.Exec(
        "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY,"
        " description TEXT NOT NULL, applied_at TIMESTAMPTZ NOT NULL DEFAULT now())"));
    for (const Migration& m : Migrations()) {
      QX_RETURN_IF_ERROR(c.Exec("BEGIN"));
      auto step = [&]() -> Status {
        QX_ASSIGN_OR_RETURN(auto applied,
                            c.Prepare("SELECT 1 FROM schema_migrations WHERE version = $1"));
        QX_ASSIGN_OR_RETURN(const bool done, applied.Bind(m.version).Step());
        if (done) return Ok();
        QX_RETURN_IF_ERROR(c.Exec(m.sql));
        QX_ASSIGN_OR_RETURN(auto record, c.Prepare("INSERT INTO schema_migrations(version,"
                                                   " description) VALUES($1, $2)"));
        return record.Bind(m.version).Bind(m.description).Run();
      }();
      if (!step) {
        (void)c.Exec("ROLLBACK");
        return MakeError(step.error().code, fmt::format("migration {} ({}): {}", m.version,
                                                        m.description, step.error().message));
      }
      QX_RETURN_IF_ERROR(c.Exec("COMMIT"));
    }
    return Ok();
  }

  // Borrows an idle connection for the lifetime of the lease.
  class Lease {
   public:
    explicit Lease(PgDatabase& db) : db_(db) {
      std::unique_lock<std::mutex> lock(db_.pool_mu_);
      db_.pool_cv_.wait(lock, [&] { return !db_.idle_.empty(); });
      conn_ = db_.idle_.back();
      db_.idle_.pop_back();
    }
    ~Lease() {
      {
        std::lock_guard<std::mutex> lock(db_.pool_mu_);
        db_.idle_.push_back(conn_);
      }
      db_.pool_cv_.notify_one();
    }
    Connection& conn() { return *conn_; }

   private:
    PgDatabase& db_;
    Connection* conn_;
  };

  std::vector<std::unique_ptr<Connection>> pool_;
  std::vector<Connection*> idle_;
  std::mutex pool_mu_;
  std::condition_variable pool_cv_;
  const int max_attempts_;
};

}  // namespace

bool IsPostgresUrl(std::string_view text) {
  return text.rfind("postgresql://", 0) == 0 || text.rfind("postgres://", 0) == 0;
}

Result<std::unique_ptr<Database>> OpenPgDatabase(const PgOptions& options) {
  std::vector<std::unique_ptr<Connection>> pool;
  for (int i = 0; i < std::max(1, options.connections); ++i) {
    QX_ASSIGN_OR_RETURN(auto conn, Connection::Open(options.url));
    pool.push_back(std::move(conn));
  }
  return std::make_unique<PgDatabase>(std::move(pool), options.max_attempts);
}

}  // namespace qx::store::pg
