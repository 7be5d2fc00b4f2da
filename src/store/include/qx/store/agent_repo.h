// Store interface for host assessment agents: one-time enrolment tokens (kept as SHA-256 of the
// token only), enrolled agents with their public keys and replay state, the regulator's signed
// agent policies, and the record of each result bundle received. Errors: kNotFound,
// kAlreadyExists (a public key, a credential or a bundle nonce seen before), kInternal (a policy
// row whose stored digest is not a SHA-256: the database is not trusted to be well formed).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "qx/core/result.h"
#include "qx/domain/identity.h"

namespace qx::store {

struct AgentEnrolment {
  std::int64_t id = 0;
  std::string token_sha256;  // of the one-time token; the token itself is shown once
  std::int64_t object_id = 0;
  domain::OrgId org_id = 0;
  std::string created_by;
  UnixMillis created_at = 0;
  UnixMillis expires_at = 0;
  std::optional<UnixMillis> used_at;
  std::optional<std::int64_t> agent_id;
};

struct AgentRecord {
  std::int64_t id = 0;
  std::int64_t object_id = 0;
  domain::OrgId org_id = 0;
  std::string public_key;         // hex Ed25519, generated on the host
  // Of the bearer credential the agent was given. An agent enrolled offline has none: a
  // placeholder no SHA-256 hex equals ("none:<public key>", unique as the key is).
  std::string credential_sha256;
  std::string hostname;
  std::string machine_id;
  UnixMillis enrolled_at = 0;
  std::int64_t last_sequence = 0;  // bundles must count up from here
  std::optional<UnixMillis> last_seen_at;
  bool revoked = false;
  // Enrolled from a request file by a person (an air-gapped host): no credential authenticates
  // it; only its signed bundles, imported, speak for it.
  bool offline = false;
};

// A policy the regulator published: the document exactly as signed, and where it applies (an
// object, else a sector, else "" for every object).
struct AgentPolicy {
  std::int64_t id = 0;
  std::string name;
  std::string kind;     // "native" | "scap"
  std::string profile;  // SCAP profile ("" for native)
  std::string document;
  std::string signature;  // base64 Ed25519 of document
  std::string key_id;
  std::string sector;
  std::optional<std::int64_t> object_id;
  int version = 0;
  std::string published_by;
  UnixMillis published_at = 0;
  // Lower-case hex SHA-256 of document, computed by the store when the policy is written (what
  // the caller sets is ignored) and read back, never recomputed: what a result bundle names its
  // policy by, and what a download shows and audits.
  std::string sha256;
};

struct AgentResultRecord {
  std::int64_t id = 0;
  std::int64_t agent_id = 0;
  std::int64_t object_id = 0;
  domain::OrgId org_id = 0;
  std::int64_t sequence = 0;
  std::string nonce;
  std::string results_sha256;
  std::string bundle_sha256;
  std::string via;  // "http" | "import"
  std::string policy_ref;  // the server's policy the bundle was evaluated against: "<name> v<version> (policy <id>)"
  UnixMillis received_at = 0;
  int rules = 0;
  int observations_added = 0;
};

class AgentRepo {
 public:
  virtual ~AgentRepo() = default;

  virtual Result<std::int64_t> InsertEnrolment(const AgentEnrolment& e) = 0;
  virtual Result<std::optional<AgentEnrolment>> FindEnrolment(const std::string& token_sha256) = 0;
  // Marks it used by agent_id; kConflict when it was used already (nothing written).
  virtual Status UseEnrolment(std::int64_t id, UnixMillis at, std::int64_t agent_id) = 0;

  virtual Result<std::int64_t> InsertAgent(const AgentRecord& a) = 0;
  virtual Result<AgentRecord> GetAgent(std::int64_t id) = 0;
  // Never an agent enrolled offline.
  virtual Result<std::optional<AgentRecord>> FindAgentByCredential(const std::string& credential_sha256) = 0;
  virtual Result<std::optional<AgentRecord>> FindAgentByKey(const std::string& public_key) = 0;
  // An organisation's agents (all of them with nullopt), by id.
  virtual Result<std::vector<AgentRecord>> ListAgents(const std::optional<domain::OrgId>& org) = 0;
  // After an accepted bundle: the new high-water sequence and the time.
  virtual Status RecordRun(std::int64_t agent_id, std::int64_t sequence, UnixMillis at) = 0;

  // The agent's credential and key stop working (kNotFound for an unknown agent).
  virtual Status RevokeAgent(std::int64_t agent_id) = 0;

  // kAlreadyExists when the agent's nonce was seen before.
  virtual Result<std::int64_t> InsertResult(const AgentResultRecord& r) = 0;
  // The agent's result record of this bundle nonce, if one was accepted.
  virtual Result<std::optional<AgentResultRecord>> FindResultByNonce(std::int64_t agent_id,
                                                                     const std::string& nonce) = 0;
  // Newest first.
  virtual Result<std::vector<AgentResultRecord>> ListResults(std::int64_t agent_id, int limit) = 0;

  // Stores p with the SHA-256 of its document, computed here: p as stored, with its id and digest.
  virtual Result<AgentPolicy> InsertPolicy(AgentPolicy p) = 0;
  // The highest version published for exactly this assignment (0 when none).
  virtual Result<int> LatestPolicyVersion(const std::string& sector, const std::optional<std::int64_t>& object_id) = 0;
  // The policy for an object: the newest assigned to the object, else to its sector, else to "".
  virtual Result<std::optional<AgentPolicy>> PolicyFor(std::int64_t object_id, const std::string& sector) = 0;
  // The policy whose document has this SHA-256 (lower-case hex) among every version of every
  // policy whose assignment covers the object (the object, its sector, everyone): one the server
  // serves or has served for it; nullopt when none has. Several with the same document: the first
  // in PolicyFor's order (most specific assignment, newest version), so the one served now wins.
  // One query on the digest's index: no document is read to be hashed.
  virtual Result<std::optional<AgentPolicy>> IssuedPolicy(std::int64_t object_id, const std::string& sector,
                                                          const std::string& sha256) = 0;
  virtual Result<std::vector<AgentPolicy>> ListPolicies() = 0;
};

}  // namespace qx::store
