// The SQLite repository of host assessment agents, their enrolments, policies and results.
#pragma once

#include "qx/store/agent_repo.h"
#include "sqlite_conn.h"

namespace qx::store::sqlite {

// A policy row's columns, as ReadPolicy reads them.
#define QX_SQLITE_POLICY_COLUMNS                                                                \
  "id, name, kind, profile, document, signature, key_id, sector, object_id, version,"       \
  " published_by, published_at, sha256"
// Policies whose assignment covers an object (?object, ?sector), most specific assignment first
// (the object, then its sector, then everyone), newest version first.
#define QX_SQLITE_POLICY_COVERS_IN_ORDER                                                                         \
  "(object_id = ? OR (object_id IS NULL AND (sector = ? OR sector = '')))"                                      \
  " ORDER BY CASE WHEN object_id IS NOT NULL THEN 0 WHEN sector <> '' THEN 1 ELSE 2 END, version DESC, id DESC"

// Here rather than in the .cc for the plan test (sqlite_plan_test.cc).
// The policy an object is served: (object, sector).
inline constexpr char kServedPolicySql[] =
    "SELECT " QX_SQLITE_POLICY_COLUMNS " FROM agent_policies WHERE " QX_SQLITE_POLICY_COVERS_IN_ORDER " LIMIT 1";
// The issued policy of a document digest: (sha256, object, sector), read from agent_policies_by_digest.
inline constexpr char kIssuedPolicySql[] = "SELECT " QX_SQLITE_POLICY_COLUMNS
                                           " FROM agent_policies WHERE sha256 = ? AND " QX_SQLITE_POLICY_COVERS_IN_ORDER
                                           " LIMIT 1";

class SqliteAgentRepo final : public AgentRepo {
 public:
  explicit SqliteAgentRepo(Connection& c) : c_(c) {}
  Result<std::int64_t> InsertEnrolment(const AgentEnrolment& e) override;
  Result<std::optional<AgentEnrolment>> FindEnrolment(const std::string& token_sha256) override;
  Status UseEnrolment(std::int64_t id, UnixMillis at, std::int64_t agent_id) override;
  Result<std::int64_t> InsertAgent(const AgentRecord& a) override;
  Result<AgentRecord> GetAgent(std::int64_t id) override;
  Result<std::optional<AgentRecord>> FindAgentByCredential(const std::string& credential_sha256) override;
  Result<std::optional<AgentRecord>> FindAgentByKey(const std::string& public_key) override;
  Result<std::vector<AgentRecord>> ListAgents(const std::optional<domain::OrgId>& org) override;
  Status RecordRun(std::int64_t agent_id, std::int64_t sequence, UnixMillis at) override;
  Status RevokeAgent(std::int64_t agent_id) override;
  Result<std::int64_t> InsertResult(const AgentResultRecord& r) override;
  Result<std::optional<AgentResultRecord>> FindResultByNonce(std::int64_t agent_id, const std::string& nonce) override;
  Result<std::vector<AgentResultRecord>> ListResults(std::int64_t agent_id, int limit) override;
  Result<AgentPolicy> InsertPolicy(AgentPolicy p) override;
  Result<int> LatestPolicyVersion(const std::string& sector, const std::optional<std::int64_t>& object_id) override;
  Result<std::optional<AgentPolicy>> PolicyFor(std::int64_t object_id, const std::string& sector) override;
  Result<std::optional<AgentPolicy>> IssuedPolicy(std::int64_t object_id, const std::string& sector,
                                                  const std::string& sha256) override;
  Result<std::vector<AgentPolicy>> ListPolicies() override;

 private:
  Connection& c_;
};

}  // namespace qx::store::sqlite
