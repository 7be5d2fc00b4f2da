// The database port: transactions that expose one repository per aggregate. Services take a
// Database&; only app/ knows which adapter (SQLite, PostgreSQL) stands behind it.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <type_traits>

#include "qx/core/result.h"
#include "qx/store/agent_repo.h"
#include "qx/store/assessment_repo.h"
#include "qx/store/audit_repo.h"
#include "qx/store/campaign_repo.h"
#include "qx/store/identity_repos.h"
#include "qx/store/incident_repo.h"
#include "qx/store/intel_repo.h"
#include "qx/store/registry_repo.h"
#include "qx/store/job_repo.h"
#include "qx/store/requirements_repo.h"
#include "qx/store/training_repo.h"

namespace qx::store {

// The repositories visible inside one transaction. Valid only during the callback.
class Tx {
 public:
  virtual ~Tx() = default;
  virtual OrganisationRepo& orgs() = 0;
  virtual UserRepo& users() = 0;
  virtual TokenRepo& tokens() = 0;
  virtual SessionRepo& sessions() = 0;
  virtual LoginThrottleRepo& throttle() = 0;
  virtual AuditRepo& audit() = 0;
  virtual RequirementsRepo& requirements() = 0;
  virtual IntelRepo& intel() = 0;
  virtual TrainingRepo& training() = 0;
  virtual RegistryRepo& registry() = 0;
  virtual AssessmentRepo& assessments() = 0;
  virtual JobRepo& jobs() = 0;
  virtual IncidentRepo& incidents() = 0;
  virtual CampaignRepo& campaigns() = 0;
  virtual AgentRepo& agents() = 0;
};

enum class TxMode { kRead, kWrite };

// Thread-safe: any thread may run transactions concurrently.
class Database {
 public:
  virtual ~Database() = default;
  // Runs fn in one transaction: committed when fn succeeds, rolled back when it fails (its error
  // is returned) or throws. Write transactions are serialisable: the outcome is that of running
  // them one at a time. A backend may run fn again after a serialisation failure (PostgreSQL), so
  // fn keeps its effects inside the transaction and resets what it collects at its start.
  virtual Status Run(TxMode mode, const std::function<Status(Tx&)>& fn) = 0;
  // Applies the numbered migrations not yet applied; idempotent.
  virtual Status Migrate() = 0;
  // Cheap round trip proving the database answers.
  virtual Status Ping() = 0;
  // "sqlite" or "postgresql", for /healthz and logs.
  virtual std::string_view backend() const = 0;
};

// Runs fn (Tx& -> Result<T>) in a transaction and returns its value.
template <typename F>
auto Transact(Database& db, TxMode mode, F&& fn) -> std::invoke_result_t<F, Tx&> {
  using R = std::invoke_result_t<F, Tx&>;
  using T = typename R::value_type;
  if constexpr (std::is_void_v<T>) {
    return db.Run(mode, std::forward<F>(fn));
  } else {
    std::optional<T> value;
    Status status = db.Run(mode, [&](Tx& tx) -> Status {
      R r = fn(tx);
      if (!r) return tl::unexpected(std::move(r).error());
      value = std::move(*r);
      return Ok();
    });
    if (!status) return tl::unexpected(std::move(status).error());
    return std::move(*value);
  }
}

}  // namespace qx::store
