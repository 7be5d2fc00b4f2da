#include "pg_agent_repo.h"

#include <fmt/format.h>

#include "pg_repos.h"
#include "qx/crypto/digest.h"

namespace qx::store::pg {
namespace {

#define QX_ENROLMENT_COLUMNS \
  "id, token_sha256, object_id, org_id, created_by, created_at, expires_at, used_at, agent_id"
#define QX_AGENT_COLUMNS                                                                       \
  "id, object_id, org_id, public_key, credential_sha256, hostname, machine_id, enrolled_at," \
  " last_sequence, last_seen_at, revoked, offline"
#define QX_POLICY_COLUMNS                                                                     \
  "id, name, kind, profile, document, signature, key_id, sector, object_id, version,"       \
  " published_by, published_at, sha256"
// Policies whose assignment covers an object ($object, $sector), most specific assignment first
// (the object, then its sector, then everyone), newest version first.
#define QX_POLICY_COVERS_IN_ORDER(object, sector)                                                     \
  "(object_id = " object " OR (object_id IS NULL AND (sector = " sector " OR sector = '')))"        \
  " ORDER BY CASE WHEN object_id IS NOT NULL THEN 0 WHEN sector <> '' THEN 1 ELSE 2 END, version DESC, id DESC"
#define QX_RESULT_COLUMNS                                                                     \
  "id, agent_id, object_id, org_id, sequence, nonce, results_sha256, bundle_sha256, via,"   \
  " policy_ref, received_at, rules, observations_added"

AgentEnrolment ReadEnrolment(const Statement& s) {
  return {s.Int(0), s.Text(1), s.Int(2), s.Int(3), s.Text(4), s.Int(5), s.Int(6), s.OptInt(7), s.OptInt(8)};
}

AgentRecord ReadAgent(const Statement& s) {
  return {s.Int(0), s.Int(1), s.Int(2), s.Text(3), s.Text(4), s.Text(5), s.Text(6), s.Int(7),
          s.Int(8), s.OptInt(9), s.Bool(10), s.Bool(11)};
}

// The digest's form is checked (the column's CHECK says so too, but a database is not trusted to
// keep its constraints), not its value: hashing the document on every read is what the stored
// digest saves, and whoever can rewrite it can rewrite the document beside it (agents verify the
// document's signature, which no database write forges).
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

Result<std::int64_t> PgAgentRepo::InsertEnrolment(const AgentEnrolment& e) {
  QX_ASSIGN_OR_RETURN(auto s, c_.Prepare("INSERT INTO agent_enrolments(token_sha256, object_id, org_id,"
                                         " created_by, created_at, expires_at, used_at, agent_id)"
                                         " VALUES($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id"));
  s.Bind(e.token_sha256).Bind(e.object_id).Bind(e.org_id).Bind(e.created_by)
                         .Bind(e.created_at).Bind(e.expires_at).Bind(e.used_at).Bind(e.agent_id);
  QX_ASSIGN_OR_RETURN(const bool row, s.Step());
  if (!row) return MakeError(ErrorCode::kInternal, "no id returned");
  return s.Int(0);
}

Result<std::optional<AgentEnrolment>> PgAgentRepo::FindEnrolment(const std::string& token_sha256) {
  QX_ASSIGN_OR_RETURN(auto s, c_.Prepare("SELECT " QX_ENROLMENT_COLUMNS " FROM agent_enrolments WHERE token_sha256 = $1"));
  QX_ASSIGN_OR_RETURN(const bool row, s.Bind(token_sha256).Step());
  if (!row) return std::optional<AgentEnrolment>();
  return std::optional(ReadEnrolment(s));
}

Status PgAgentRepo::UseEnrolment(std::int64_t id, UnixMillis at, std::int64_t agent_id) {
  // RETURNING tells whether this statement was the one that used it.
  QX_ASSIGN_OR_RETURN(auto s, c_.Prepare("UPDATE agent_enrolments SET used_at = $1, agent_id = $2"
                                         " WHERE id = $3 AND used_at IS NULL RETURNING id"));
  QX_ASSIGN_OR_RETURN(const bool row, s.Bind(at).Bind(agent_id).Bind(id).Step());
  if (!row) return MakeError(ErrorCode::kConflict, "the enrolment token was used already");
  QX_ASSIGN_OR_RETURN(const bool more, s.Step());
  (void)more;
  return Ok();
}

Result<std::int64_t> PgAgentRepo::InsertAgent(const AgentRecord& a) {
  QX_ASSIGN_OR_RETURN(auto s, c_.Prepare("INSERT INTO agents(object_id, org_id, public_key, credential_sha256,"
                                         " hostname, machine_id, enrolled_at, last_sequence,"
                                         " last_seen_at, revoked, offline)"
                                         " VALUES($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) RETURNING id"));
  s.Bind(a.object_id).Bind(a.org_id).Bind(a.public_key).Bind(a.credential_sha256)
                         .Bind(a.hostname).Bind(a.machine_id).Bind(a.enrolled_at).Bind(a.last_sequence)
                         .Bind(a.last_seen_at).Bind(a.revoked).Bind(a.offline);
  QX_ASSIGN_OR_RETURN(const bool row, s.Step());
  if (!row) return MakeError(ErrorCode::kInternal, "no id returned");
  return s.Int(0);
}

Result<AgentRecord> PgAgentRepo::GetAgent(std::int64_t id) {
  QX_ASSIGN_OR_RETURN(auto s, c_.Prepare("SELECT " QX_AGENT_COLUMNS " FROM agents WHERE id = $1"));
  QX_ASSIGN_OR_RETURN(const bool row, s.Bind(id).Step());
  if (!row) return MakeError(ErrorCode::kNotFound, "no such agent");
  return ReadAgent(s);
}

Result<std::optional<AgentRecord>> PgAgentRepo::FindAgentByCredential(const std::string& credential_sha256) {
  QX_ASSIGN_OR_RETURN(auto s, c_.Prepare("SELECT " QX_AGENT_COLUMNS " FROM agents WHERE credential_sha256 = $1 AND NOT offline"));
  QX_ASSIGN_OR_RETURN(const bool row, s.Bind(credential_sha256).Step());
  if (!row) return std::optional<AgentRecord>();
  return std::optional(ReadAgent(s));
}

Result<std::optional<AgentRecord>> PgAgentRepo::FindAgentByKey(const std::string& public_key) {
  QX_ASSIGN_OR_RETURN(auto s, c_.Prepare("SELECT " QX_AGENT_COLUMNS " FROM agents WHERE public_key = $1"));
  QX_ASSIGN_OR_RETURN(const bool row, s.Bind(public_key).Step());
  if (!row) return std::optional<AgentRecord>();
  return std::optional(ReadAgent(s));
}

Result<std::vector<AgentRecord>> PgAgentRepo::ListAgents(const std::optional<domain::OrgId>& org) {
  // Two texts rather than "$1 IS NULL OR org_id = $1", so that an organisation's agents are read
  // from agents_by_org whatever plan the server settles on.
  QX_ASSIGN_OR_RETURN(auto s, c_.Prepare(org ? "SELECT " QX_AGENT_COLUMNS " FROM agents WHERE org_id = $1 ORDER BY id"
                                             : "SELECT " QX_AGENT_COLUMNS " FROM agents ORDER BY id"));
  if (org) s.Bind(*org);
  return ReadAll<AgentRecord>(s, ReadAgent);
}

Status PgAgentRepo::RecordRun(std::int64_t agent_id, std::int64_t sequence, UnixMillis at) {
  QX_ASSIGN_OR_RETURN(auto s, c_.Prepare("UPDATE agents SET last_sequence = $1, last_seen_at = $2"
                                         " WHERE id = $3 RETURNING id"));
  QX_ASSIGN_OR_RETURN(const bool row, s.Bind(sequence).Bind(at).Bind(agent_id).Step());
  if (!row) return MakeError(ErrorCode::kNotFound, "no such agent");
  QX_ASSIGN_OR_RETURN(const bool more, s.Step());
  (void)more;
  return Ok();
}

Status PgAgentRepo::RevokeAgent(std::int64_t agent_id) {
  QX_ASSIGN_OR_RETURN(auto s, c_.Prepare("UPDATE agents SET revoked = true WHERE id = $1 RETURNING id"));
  QX_ASSIGN_OR_RETURN(const bool row, s.Bind(agent_id).Step());
  if (!row) return MakeError(ErrorCode::kNotFound, "no such agent");
  QX_ASSIGN_OR_RETURN(const bool more, s.Step());
  (void)more;
  return Ok();
}

Result<std::int64_t> PgAgentRepo::InsertResult(const AgentResultRecord& r) {
  QX_ASSIGN_OR_RETURN(auto s, c_.Prepare("INSERT INTO agent_results(agent_id, object_id, org_id, sequence, nonce,"
                                         " results_sha256, bundle_sha256, via, policy_ref, received_at, rules,"
                                         " observations_added) VALUES($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) RETURNING id"));
  s.Bind(r.agent_id).Bind(r.object_id).Bind(r.org_id).Bind(r.sequence).Bind(r.nonce)
                         .Bind(r.results_sha256).Bind(r.bundle_sha256).Bind(r.via).Bind(r.policy_ref)
                         .Bind(r.received_at).Bind(r.rules).Bind(r.observations_added);
  QX_ASSIGN_OR_RETURN(const bool row, s.Step());
  if (!row) return MakeError(ErrorCode::kInternal, "no id returned");
  return s.Int(0);
}

Result<std::optional<AgentResultRecord>> PgAgentRepo::FindResultByNonce(std::int64_t agent_id,
                                                                      const std::string& nonce) {
  QX_ASSIGN_OR_RETURN(auto s, c_.Prepare("SELECT " QX_RESULT_COLUMNS " FROM agent_results"
                                         " WHERE agent_id = $1 AND nonce = $2"));
  QX_ASSIGN_OR_RETURN(const bool row, s.Bind(agent_id).Bind(nonce).Step());
  if (!row) return std::optional<AgentResultRecord>();
  return std::optional(ReadResult(s));
}

Result<std::vector<AgentResultRecord>> PgAgentRepo::ListResults(std::int64_t agent_id, int limit) {
  QX_ASSIGN_OR_RETURN(auto s, c_.Prepare("SELECT " QX_RESULT_COLUMNS " FROM agent_results WHERE agent_id = $1"
                                         " ORDER BY id DESC LIMIT $2"));
  s.Bind(agent_id).Bind(limit);
  return ReadAll<AgentResultRecord>(s, ReadResult);
}

Result<AgentPolicy> PgAgentRepo::InsertPolicy(AgentPolicy p) {
  p.sha256 = crypto::Sha256Hex(p.document);
  QX_ASSIGN_OR_RETURN(auto s, c_.Prepare("INSERT INTO agent_policies(name, kind, profile, document, signature,"
                                         " key_id, sector, object_id, version, published_by, published_at, sha256)"
                                         " VALUES($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) RETURNING id"));
  s.Bind(p.name).Bind(p.kind).Bind(p.profile).Bind(p.document).Bind(p.signature)
                         .Bind(p.key_id).Bind(p.sector).Bind(p.object_id).Bind(p.version)
                         .Bind(p.published_by).Bind(p.published_at).Bind(p.sha256);
  QX_ASSIGN_OR_RETURN(const bool row, s.Step());
  if (!row) return MakeError(ErrorCode::kInternal, "no id returned");
  p.id = s.Int(0);
  return p;
}

Result<int> PgAgentRepo::LatestPolicyVersion(const std::string& sector,
                                                 const std::optional<std::int64_t>& object_id) {
  QX_ASSIGN_OR_RETURN(auto s, c_.Prepare("SELECT COALESCE(MAX(version), 0) FROM agent_policies"
                                         " WHERE sector = $1 AND object_id IS NOT DISTINCT FROM $2::bigint"));
  QX_ASSIGN_OR_RETURN(const bool row, s.Bind(sector).Bind(object_id).Step());
  return row ? static_cast<int>(s.Int(0)) : 0;
}

Result<std::optional<AgentPolicy>> PgAgentRepo::PolicyFor(std::int64_t object_id, const std::string& sector) {
  QX_ASSIGN_OR_RETURN(auto s, c_.Prepare("SELECT " QX_POLICY_COLUMNS " FROM agent_policies"
                                         " WHERE " QX_POLICY_COVERS_IN_ORDER("$1", "$2") " LIMIT 1"));
  s.Bind(object_id).Bind(sector);
  return ReadFirstPolicy(s);
}

Result<std::optional<AgentPolicy>> PgAgentRepo::IssuedPolicy(std::int64_t object_id, const std::string& sector,
                                                             const std::string& sha256) {
  // Read from agent_policies_by_digest.
  QX_ASSIGN_OR_RETURN(auto s, c_.Prepare("SELECT " QX_POLICY_COLUMNS " FROM agent_policies WHERE sha256 = $1"
                                         " AND " QX_POLICY_COVERS_IN_ORDER("$2", "$3") " LIMIT 1"));
  s.Bind(sha256).Bind(object_id).Bind(sector);
  return ReadFirstPolicy(s);
}

Result<std::vector<AgentPolicy>> PgAgentRepo::ListPolicies() {
  QX_ASSIGN_OR_RETURN(auto s, c_.Prepare("SELECT " QX_POLICY_COLUMNS " FROM agent_policies ORDER BY id"));
  return ReadAll<AgentPolicy>(s, ReadPolicy);
}

}  // namespace qx::store::pg
