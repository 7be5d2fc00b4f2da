// The PostgreSQL repository of host assessment agents, their enrolments, policies and results.
#pragma once

#include "qx/store/agent_repo.h"
#include "pg_conn.h"

namespace qx::store::pg {

class PgAgentRepo final : public AgentRepo {
 public:
  explicit PgAgentRepo(Connection& c) : c_(c) {}
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

}  // namespace qx::store::pg
