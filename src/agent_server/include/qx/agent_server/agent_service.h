// The server side of host assessment agents: one-time enrolment, the regulator's signed policies,
// and the ingestion of signed result bundles (over HTTP or imported from a file) as automated
// observations of the agent's object. Linked by the server and its admin CLI, never by the agent.
// Thread-safe: state lives in the database, bar a cache of parsed policies that takes its own lock.
#pragma once

#include <chrono>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "qx/core/clock.h"
#include "qx/core/result.h"
#include "qx/crypto/signing.h"
#include "qx/identity/principal.h"
#include "qx/store/database.h"

namespace qx::agent_server {

class DeclaredCache;

struct AgentOptions {
  std::chrono::seconds default_enrolment_ttl = std::chrono::hours(24);
  std::chrono::seconds max_enrolment_ttl = std::chrono::hours(24 * 30);
  std::size_t max_bundle_bytes = 16u << 20;
  std::size_t max_policy_bytes = 8u << 20;
  std::size_t declared_cache_policies = 32;  // issued policies whose rule -> requirements map is kept
};

// Shown once: only its SHA-256 is stored.
struct IssuedEnrolment {
  std::int64_t id = 0;
  std::string token;
  std::int64_t object_id = 0;
  UnixMillis expires_at = 0;
};

struct EnrolRequest {
  std::string token;
  std::string public_key;  // hex Ed25519, generated on the host
  std::string hostname;
  std::string machine_id;
};

// What an air-gapped host's `qalxan-agent enrol --offline` writes to a file, for a person to
// carry to the server: nothing secret (the private key stays on the host).
struct OfflineEnrolRequest {
  std::string public_key;  // hex Ed25519, generated on the host
  std::string hostname;
  std::string machine_id;
};

struct Enrolled {
  store::AgentRecord agent;
  std::string credential;         // bearer credential for the agent's calls; shown once
  std::string policy_public_key;  // hex: the regulator's policy-signing key
  std::string policy_key_id;
};

struct NewPolicy {
  std::string name;
  std::string kind;  // "native" | "scap"
  std::string profile;
  std::string document;
  std::string sector;  // "" with no object: every object
  std::optional<std::int64_t> object_id;
};

struct Ingested {
  std::int64_t result_id = 0;
  std::int64_t agent_id = 0;
  std::int64_t object_id = 0;
  std::int64_t sequence = 0;
  int rules = 0;
  int observations_added = 0;    // requirements whose result changed
  int observations_unchanged = 0;
  bool duplicate = false;  // the agent's last accepted bundle again: its earlier outcome, nothing written
};

// Whether the answer about this policy carries none of its bytes: the caller knows (a 304, whose
// client holds the representation already; the headers of a HEAD).
using Withheld = std::function<bool(const store::AgentPolicy&)>;

struct ServedPolicy {
  store::AgentPolicy policy;
  bool withheld = false;  // nothing of it left the server: nothing audited
};

class AgentService {
 public:
  // policy_key signs published policies (the regulator's publication key); it must outlive this.
  AgentService(store::Database& db, const Clock& clock, const crypto::SigningKey& policy_key,
               AgentOptions options = {});
  ~AgentService();

  // An operator's one-time token for enrolling an agent on one of its objects. ttl 0: default.
  Result<IssuedEnrolment> CreateEnrolment(const identity::Actor& actor, std::int64_t object_id,
                                          std::chrono::seconds ttl);
  // The agent's enrolment: kUnauthenticated for an unknown or expired token, kConflict for a used
  // one, kAlreadyExists for a public key already enrolled.
  Result<Enrolled> Enrol(const EnrolRequest& req);
  // A person's enrolment of an air-gapped host on one of its objects, from the host's request
  // file. The agent gets no credential (it never calls the server; none authenticates it): only
  // its signed bundles, imported, are accepted by its key. The same checks of key, hostname and
  // machine id as Enrol; kInvalidArgument, kNotFound (object), kPermissionDenied,
  // kAlreadyExists (the key is enrolled already). Audited (agent.enrol.offline by the person).
  Result<store::AgentRecord> EnrolOffline(const identity::Actor& actor, std::int64_t object_id,
                                          const OfflineEnrolRequest& req);
  // The agent whose bearer credential this is (kUnauthenticated otherwise, when revoked, and for
  // an agent enrolled offline, which has none).
  Result<store::AgentRecord> AuthenticateAgent(std::string_view credential);

  // Signs and stores a policy, numbered per assignment. kInvalidArgument for a native document
  // the agent could not read, or naming a requirement no published catalog or profile holds
  // (general ones; the object owner's special ones too for a policy of one object): the message
  // names the first such rule and requirement.
  Result<store::AgentPolicy> Publish(const identity::Actor& actor, NewPolicy p);
  Result<std::vector<store::AgentPolicy>> Policies(const identity::Actor& actor);
  // The newest policy assigned to the agent's object (kNotFound when none). Audited
  // (agent.policy.download by the agent), like every policy served. When `withheld` says the
  // answer carries none of the policy's bytes, it is decided in a read transaction and nothing is
  // audited.
  Result<ServedPolicy> PolicyFor(const store::AgentRecord& agent, const Withheld& withheld = {});
  // The same policy PolicyFor serves an agent of this object, for a person carrying it (document
  // and detached signature) to an air-gapped host; audited (agent.policy.download by the person)
  // unless `withheld`, as above. kNotFound for an unknown object or when none is published;
  // kPermissionDenied for an object the actor may not see (both decided before `withheld` is
  // asked).
  Result<ServedPolicy> PolicyForObject(const identity::Actor& actor, std::int64_t object_id,
                                       const Withheld& withheld = {});

  // Verifies a signed result bundle and stores its results. `sender` is the agent that posted it
  // over HTTP (the bundle must carry its key) or nullopt for an imported file (the bundle's key
  // must be an enrolled agent's). kInvalidArgument (malformed; evaluated against a policy the
  // server never issued for the agent's object; a rule claiming a requirement that policy does
  // not map it to), kUnauthenticated (unsigned, bad signature, another key, unknown key),
  // kConflict (a nonce seen before, a sequence not above the last), kPayloadTooLarge. All or nothing: one transaction. The agent's last accepted bundle sent
  // again is idempotent: its earlier outcome with duplicate set, nothing written.
  Result<Ingested> Ingest(std::string_view bundle, const std::optional<store::AgentRecord>& sender,
                          std::string_view via);

  // An organisation's agents (nullopt: every agent, for the regulator).
  Result<std::vector<store::AgentRecord>> List(const identity::Actor& actor,
                                               const std::optional<domain::OrgId>& org);
  // Retires an agent (a host gone or compromised): its credential and key are refused from now on.
  Result<store::AgentRecord> Revoke(const identity::Actor& actor, std::int64_t agent_id);
  Result<std::vector<store::AgentResultRecord>> Results(const identity::Actor& actor,
                                                        std::int64_t agent_id, int limit);

  std::string policy_public_key() const { return policy_key_.PublicKeyHex(); }

 private:
  store::Database& db_;
  const Clock& clock_;
  const crypto::SigningKey& policy_key_;
  AgentOptions options_;
  std::unique_ptr<DeclaredCache> declared_;  // what each issued policy's rules serve, parsed once
};

}  // namespace qx::agent_server
