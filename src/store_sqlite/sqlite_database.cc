#include "qx/store_sqlite/sqlite_database.h"

#include <condition_variable>
#include <fmt/format.h>
#include <mutex>
#include <vector>

#include "sqlite_migrations.h"
#include "sqlite_repos.h"
#include "sqlite_agent_repo.h"
#include "sqlite_campaign_repo.h"
#include "sqlite_intel_repo.h"
#include "sqlite_registry_repo.h"
#include "sqlite_job_repo.h"
#include "sqlite_requirements_repo.h"
#include "sqlite_incident_repo.h"
#include "sqlite_training_repo.h"

namespace qx::store::sqlite {
namespace {

class SqliteTx final : public Tx {
 public:
  explicit SqliteTx(Connection& c)
      : orgs_(c), users_(c), tokens_(c), sessions_(c), throttle_(c), audit_(c), requirements_(c),
        intel_(c), training_(c), registry_(c), assessments_(c), jobs_(c), incidents_(c),
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
  SqliteOrganisationRepo orgs_;
  SqliteUserRepo users_;
  SqliteTokenRepo tokens_;
  SqliteSessionRepo sessions_;
  SqliteLoginThrottleRepo throttle_;
  SqliteAuditRepo audit_;
  SqliteRequirementsRepo requirements_;
  SqliteIntelRepo intel_;
  SqliteTrainingRepo training_;
  SqliteRegistryRepo registry_;
  SqliteAssessmentRepo assessments_;
  SqliteJobRepo jobs_;
  SqliteIncidentRepo incidents_;
  SqliteCampaignRepo campaigns_;
  SqliteAgentRepo agents_;
};

class SqliteDatabase final : public Database {
 public:
  explicit SqliteDatabase(std::vector<std::unique_ptr<Connection>> pool)
      : pool_(std::move(pool)) {
    for (auto& c : pool_) idle_.push_back(c.get());
  }

  Status Run(TxMode mode, const std::function<Status(Tx&)>& fn) override {
    // One writer at a time inside this process; BEGIN IMMEDIATE (with the busy timeout) orders
    // writers of other processes, such as the admin CLI beside a running server.
    std::unique_lock<std::mutex> write_lock(write_mu_, std::defer_lock);
    if (mode == TxMode::kWrite) write_lock.lock();
    Lease lease(*this);
    Connection& c = lease.conn();
    QX_RETURN_IF_ERROR(c.Exec(mode == TxMode::kWrite ? "BEGIN IMMEDIATE" : "BEGIN"));
    Status result;
    try {
      SqliteTx tx(c);
      result = fn(tx);
    } catch (const std::exception& e) {
      result = MakeError(ErrorCode::kInternal, fmt::format("transaction failed: {}", e.what()));
    }
    if (!result) {
      (void)c.Exec("ROLLBACK");
      return result;
    }
    Status commit = c.Exec("COMMIT");
    if (!commit) (void)c.Exec("ROLLBACK");
    return commit;
  }

  Status Migrate() override {
    std::lock_guard<std::mutex> write_lock(write_mu_);
    Lease lease(*this);
    Connection& c = lease.conn();
    QX_RETURN_IF_ERROR(c.Exec(
        "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY,"
        " description TEXT NOT NULL, applied_at TEXT NOT NULL DEFAULT CURRENT_TIMESTAMP)"));
    for (const Migration& m : Migrations()) {
      QX_RETURN_IF_ERROR(c.Exec("BEGIN IMMEDIATE"));
      auto applied = [&]() -> Result<bool> {
        QX_ASSIGN_OR_RETURN(auto s,
                            c.Prepare("SELECT 1 FROM schema_migrations WHERE version = ?"));
        return s.Bind(m.version).Step();
      }();
      Status step = applied.has_value() ? Ok() : Status(tl::unexpected(applied.error()));
      if (step && !*applied) {
        step = c.Exec(m.sql);
        if (step && m.then) step = m.then(c);
        if (step) {
          auto record = c.Prepare("INSERT INTO schema_migrations(version, description) VALUES(?, ?)");
          step = record ? record->Bind(m.version).Bind(m.description).Run()
                        : Status(tl::unexpected(record.error()));
        }
      }
      if (!step) {
        (void)c.Exec("ROLLBACK");
        return MakeError(step.error().code, fmt::format("migration {} ({}): {}", m.version,
                                                        m.description, step.error().message));
      }
      QX_RETURN_IF_ERROR(c.Exec("COMMIT"));
    }
    return Ok();
  }

  Status Ping() override {
    Lease lease(*this);
    QX_ASSIGN_OR_RETURN(auto s, lease.conn().Prepare("SELECT 1"));
    return s.Run();
  }

  std::string_view backend() const override { return "sqlite"; }

 private:
  // Borrows an idle connection for the lifetime of the lease.
  class Lease {
   public:
    explicit Lease(SqliteDatabase& db) : db_(db) {
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
    SqliteDatabase& db_;
    Connection* conn_;
  };

  std::vector<std::unique_ptr<Connection>> pool_;
  std::vector<Connection*> idle_;
  std::mutex pool_mu_;
  std::condition_variable pool_cv_;
  std::mutex write_mu_;
};

}  // namespace

Result<std::unique_ptr<Database>> OpenSqliteDatabase(const SqliteOptions& options) {
  std::vector<std::unique_ptr<Connection>> pool;
  for (int i = 0; i < std::max(1, options.connections); ++i) {
    QX_ASSIGN_OR_RETURN(auto conn, Connection::Open(options.path));
    pool.push_back(std::move(conn));
  }
  return std::make_unique<SqliteDatabase>(std::move(pool));
}

}  // namespace qx::store::sqlite
