#include "sqlite_agent_repo.h"

#include <fmt/format.h>

#include "qx/crypto/digest.h"
#include "sqlite_repos.h"

namespace qx::store::sqlite {
namespace {

#define QX_ENROLMENT_COLUMNS \
  "id, token_sha256, object_id, org_id, created_by, created_at, expires_at, used_at, agent_id"
#define QX_AGENT_COLUMNS                                                                       \
  "id, object_id, org_id, public_key, credential_sha256, hostname, machine_id, enrolled_at," \
  " last_sequence, last_seen_at, revoked, offline"
#define QX_RESULT_COLUMNS                                                                     \
  "id, agent_id, object_id, org_id, sequence, nonce, results_sha256, bundle_sha256, via,"   \
  " policy_ref, received_at, rules, observations_added"

AgentEnrolment ReadEnrolment(const Statement& s) {
  return {s.Int(0), s.Text(1), s.Int(2), s.Int(3), s.Text(4), s.Int(5), s.Int(6), s.OptInt(7), s.OptInt(8)};
}

AgentRecord ReadAgent(const Statement& s) {
  return {s.Int(0), s.Int(1), s.Int(2), s.Text(3), s.Text(4), s.Text(5), s.Text(6), s.Int(7),
          s.Int(8), s.OptInt(9), s.Int(10) != 0, s.Int(11) != 0};
}

// The digest's form is checked, not its value: hashing the document on every read is what the
// stored digest saves, and whoever can rewrite it can rewrite the document beside it (agents
// verify the document's signature, which no database write forges).
Result<AgentPolicy> ReadPolicy(const Statement& s) {
  AgentPolicy p{s.Int(0), s.Text(1), s.Text(2), s.Text(3), s.Text(4), s.Text(5), s.Text(6), s.Text(7),
                s.OptInt(8), static_cast<int>(s.Int(9)), s.Text(10), s.Int(11), s.Text(12)};
  if (!crypto::IsSha256Hex(p.sha256)) {
    return MakeError(ErrorCode::kInternal, fmt::format("corrupt agent_policies.sha256 of policy {} in the database", p.id));
  }
  return p;
}

// The first row of s as a policy, if any.
Result<std::optional<AgentPolicy>> ReadFirstPolicy(Statement& s) {
  QX_ASSIGN_OR_RETURN(const bool row, s.Step());
  if (!row) return std::optional<AgentPolicy>();
  QX_ASSIGN_OR_RETURN(AgentPolicy p, ReadPolicy(s));
  return std::optional(std::move(p));
}

AgentResultRecord ReadResult(const Statement& s) {
  return {s.Int(0), s.Int(1), s.Int(2), s.Int(3), s.Int(4), s.Text(5), s.Text(6), s.Text(7), s.Text(8),
          s.Text(9), s.Int(10), static_cast<int>(s.Int(11)), static_cast<int>(s.Int(12))};
}

}  // namespace

Result<std::int64_t> SqliteAgentRepo::InsertEnrolment(const AgentEnrolment& e) {
  QX_ASSIGN_OR_RETURN(auto s, c_.Prepare("INSERT INTO agent_enrolments(token_sha256, object_id, org_id,"
                                         " created_by, created_at, expires_at, used_at, agent_id)"
                                         " VALUES(?, ?, ?, ?, ?, ?, ?, ?)"));
  QX_RETURN_IF_ERROR(s.Bind(e.token_sha256).Bind(e.object_id).Bind(e.org_id).Bind(e.created_by)
                         .Bind(e.created_at).Bind(e.expires_at).Bind(e.used_at).Bind(e.agent_id).Run());
  return c_.LastInsertId();
}

Result<std::optional<AgentEnrolment>> SqliteAgentRepo::FindEnrolment(const std::string& token_sha256) {
  QX_ASSIGN_OR_RETURN(auto s, c_.Prepare("SELECT " QX_ENROLMENT_COLUMNS " FROM agent_enrolments WHERE token_sha256 = ?"));
  QX_ASSIGN_OR_RETURN(const bool row, s.Bind(token_sha256).Step());
  if (!row) return std::optional<AgentEnrolment>();
  return std::optional(ReadEnrolment(s));
}

Status SqliteAgentRepo::UseEnrolment(std::int64_t id, UnixMillis at, std::int64_t agent_id) {
  // RETURNING tells whether this statement was the one that used it.
  QX_ASSIGN_OR_RETURN(auto s, c_.Prepare("UPDATE agent_enrolments SET used_at = ?, agent_id = ?"
                                         " WHERE id = ? AND used_at IS NULL RETURNING id"));
  QX_ASSIGN_OR_RETURN(const bool row, s.Bind(at).Bind(agent_id).Bind(id).Step());
  if (!row) return MakeError(ErrorCode::kConflict, "the enrolment token was used already");
  QX_ASSIGN_OR_RETURN(const bool more, s.Step());
  (void)more;
  return Ok();
}

Result<std::int64_t> SqliteAgentRepo::InsertAgent(const AgentRecord& a) {
  QX_ASSIGN_OR_RETURN(auto s, c_.Prepare("INSERT INTO agents(object_id, org_id, public_key, credential_sha256,"
                                         " hostname, machine_id, enrolled_at, last_sequence,"
                                         " last_seen_at, revoked, offline)"
                                         " VALUES(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"));
  QX_RETURN_IF_ERROR(s.Bind(a.object_id).Bind(a.org_id).Bind(a.public_key).Bind(a.credential_sha256)
                         .Bind(a.hostname).Bind(a.machine_id).Bind(a.enrolled_at).Bind(a.last_sequence)
                         .Bind(a.last_seen_at).Bind(a.revoked).Bind(a.offline).Run());
  return c_.LastInsertId();
}

Result<AgentRecord> SqliteAgentRepo::GetAgent(std::int64_t id) {
  QX_ASSIGN_OR_RETURN(auto s, c_.Prepare("SELECT " QX_AGENT_COLUMNS " FROM agents WHERE id = ?"));
  QX_ASSIGN_OR_RETURN(const bool row, s.Bind(id).Step());
  if (!row) return MakeError(ErrorCode::kNotFound, "no such agent");
  return ReadAgent(s);
}

Result<std::optional<AgentRecord>> SqliteAgentRepo::FindAgentByCredential(const std::string& credential_sha256) {
  QX_ASSIGN_OR_RETURN(auto s, c_.Prepare("SELECT " QX_AGENT_COLUMNS " FROM agents WHERE credential_sha256 = ? AND offline = 0"));
  QX_ASSIGN_OR_RETURN(const bool row, s.Bind(credential_sha256).Step());
  if (!row) return std::optional<AgentRecord>();
  return std::optional(ReadAgent(s));
}

Result<std::optional<AgentRecord>> SqliteAgentRepo::FindAgentByKey(const std::string& public_key) {
  QX_ASSIGN_OR_RETURN(auto s, c_.Prepare("SELECT " QX_AGENT_COLUMNS " FROM agents WHERE public_key = ?"));
  QX_ASSIGN_OR_RETURN(const bool row, s.Bind(public_key).Step());
  if (!row) return std::optional<AgentRecord>();
  return std::optional(ReadAgent(s));
}

Result<std::vector<AgentRecord>> SqliteAgentRepo::ListAgents(const std::optional<domain::OrgId>& org) {
  // Two texts rather than "(? IS NULL OR org_id = ?)", so that an organisation's agents are read
  // from agents_by_org (see sqlite_filtered_sql.h).
  QX_ASSIGN_OR_RETURN(auto s, c_.Prepare(org ? "SELECT " QX_AGENT_COLUMNS " FROM agents WHERE org_id = ? ORDER BY id"
                                             : "SELECT " QX_AGENT_COLUMNS " FROM agents ORDER BY id"));
  if (org) s.Bind(*org);
  return ReadAll<AgentRecord>(s, ReadAgent);
}

Status SqliteAgentRepo::RecordRun(std::int64_t agent_id, std::int64_t sequence, UnixMillis at) {
  QX_ASSIGN_OR_RETURN(auto s, c_.Prepare("UPDATE agents SET last_sequence = ?, last_seen_at = ?"
                                         " WHERE id = ? RETURNING id"));
  QX_ASSIGN_OR_RETURN(const bool row, s.Bind(sequence).Bind(at).Bind(agent_id).Step());
  if (!row) return MakeError(ErrorCode::kNotFound, "no such agent");
  QX_ASSIGN_OR_RETURN(const bool more, s.Step());
  (void)more;
  return Ok();
}

Status SqliteAgentRepo::RevokeAgent(std::int64_t agent_id) {
  QX_ASSIGN_OR_RETURN(auto s, c_.Prepare("UPDATE agents SET revoked = 1 WHERE id = ? RETURNING id"));
  QX_ASSIGN_OR_RETURN(const bool row, s.Bind(agent_id).Step());
  if (!row) return MakeError(ErrorCode::kNotFound, "no such agent");
  QX_ASSIGN_OR_RETURN(const bool more, s.Step());
  (void)more;
  return Ok();
}

Result<std::int64_t> SqliteAgentRepo::InsertResult(const AgentResultRecord& r) {
  QX_ASSIGN_OR_RETURN(auto s, c_.Prepare("INSERT INTO agent_results(agent_id, object_id, org_id, sequence, nonce,"
                                         " results_sha256, bundle_sha256, via, policy_ref, received_at, rules,"
                                         " observations_added) VALUES(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"));
  QX_RETURN_IF_ERROR(s.Bind(r.agent_id).Bind(r.object_id).Bind(r.org_id).Bind(r.sequence).Bind(r.nonce)
                         .Bind(r.results_sha256).Bind(r.bundle_sha256).Bind(r.via).Bind(r.policy_ref)
                         .Bind(r.received_at).Bind(r.rules).Bind(r.observations_added).Run());
  return c_.LastInsertId();
}

Result<std::optional<AgentResultRecord>> SqliteAgentRepo::FindResultByNonce(std::int64_t agent_id,
                                                                      const std::string& nonce) {
  QX_ASSIGN_OR_RETURN(auto s, c_.Prepare("SELECT " QX_RESULT_COLUMNS " FROM agent_results"
                                         " WHERE agent_id = ? AND nonce = ?"));
  QX_ASSIGN_OR_RETURN(const bool row, s.Bind(agent_id).Bind(nonce).Step());
  if (!row) return std::optional<AgentResultRecord>();
  return std::optional(ReadResult(s));
}

Result<std::vector<AgentResultRecord>> SqliteAgentRepo::ListResults(std::int64_t agent_id, int limit) {
  QX_ASSIGN_OR_RETURN(auto s, c_.Prepare("SELECT " QX_RESULT_COLUMNS " FROM agent_results WHERE agent_id = ?"
                                         " ORDER BY id DESC LIMIT ?"));
  s.Bind(agent_id).Bind(limit);
  return ReadAll<AgentResultRecord>(s, ReadResult);
}

Result<AgentPolicy> SqliteAgentRepo::InsertPolicy(AgentPolicy p) {
  p.sha256 = crypto::Sha256Hex(p.document);
  QX_ASSIGN_OR_RETURN(auto s, c_.Prepare("INSERT INTO agent_policies(name, kind, profile, document, signature,"
                                         " key_id, sector, object_id, version, published_by, published_at, sha256)"
                                         " VALUES(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"));
  QX_RETURN_IF_ERROR(s.Bind(p.name).Bind(p.kind).Bind(p.profile).Bind(p.document).Bind(p.signature)
                         .Bind(p.key_id).Bind(p.sector).Bind(p.object_id).Bind(p.version)
                         .Bind(p.published_by).Bind(p.published_at).Bind(p.sha256).Run());
  p.id = c_.LastInsertId();
  return p;
}

Result<int> SqliteAgentRepo::LatestPolicyVersion(const std::string& sector,
                                                 const std::optional<std::int64_t>& object_id) {
  QX_ASSIGN_OR_RETURN(auto s, c_.Prepare("SELECT COALESCE(MAX(version), 0) FROM agent_policies"
                                         " WHERE sector = ? AND object_id IS ?"));
  QX_ASSIGN_OR_RETURN(const bool row, s.Bind(sector).Bind(object_id).Step());
  return row ? static_cast<int>(s.Int(0)) : 0;
}

Result<std::optional<AgentPolicy>> SqliteAgentRepo::PolicyFor(std::int64_t object_id, const std::string& sector) {
  QX_ASSIGN_OR_RETURN(auto s, c_.Prepare(kServedPolicySql));
  s.Bind(object_id).Bind(sector);
  return ReadFirstPolicy(s);
}

Result<std::optional<AgentPolicy>> SqliteAgentRepo::IssuedPolicy(std::int64_t object_id, const std::string& sector,
                                                                 const std::string& sha256) {
  QX_ASSIGN_OR_RETURN(auto s, c_.Prepare(kIssuedPolicySql));
  s.Bind(sha256).Bind(object_id).Bind(sector);
  return ReadFirstPolicy(s);
}

Result<std::vector<AgentPolicy>> SqliteAgentRepo::ListPolicies() {
  QX_ASSIGN_OR_RETURN(auto s, c_.Prepare("SELECT " QX_SQLITE_POLICY_COLUMNS " FROM agent_policies ORDER BY id"));
  return ReadAll<AgentPolicy>(s, ReadPolicy);
}

}  // namespace qx::store::sqlite
