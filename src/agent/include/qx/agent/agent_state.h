// The agent's configuration (YAML, written by the operator) and its state directory, the only
// place the agent writes: its Ed25519 key pair, the bundle sequence number and the digest of the
// last results per policy (so that only changes become new observations), the enrolment and the
// last policy fetched.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "qx/core/result.h"
#include "qx/crypto/signing.h"

namespace qx::agent {

struct AgentConfig {
  std::string state_dir = "/var/lib/qalxan-agent";
  std::vector<std::string> regulator_keys;  // hex Ed25519 public keys that sign policies
  bool allow_command_checks = false;
};

// A missing file gives the defaults; a malformed one is an error naming the field.
Result<AgentConfig> LoadAgentConfig(const std::string& path);

// What enrolment with a server left in the state directory (enrolment.json, mode 0600). The
// credential authenticates the agent's calls; results are also signed with the host's own key.
struct Enrolment {
  std::string server;  // base URL, e.g. https://qalxan.example.az
  std::int64_t agent_id = 0;
  std::int64_t object_id = 0;
  std::string credential;
  std::string policy_public_key;  // hex: the regulator's policy-signing key, as the server named it
};

// The last policy the server sent (policy.json, mode 0600): its answer byte for byte and the
// entity tag it came with. The next fetch names the tag (If-None-Match); when the server answers
// 304 Not Modified this copy is used, its signature verified again like a fresh answer's.
struct KeptPolicy {
  std::string etag;   // as the server sent it, e.g. "\"<sha256>\""
  std::string reply;  // the body of the 200 answer
};

// True when the kept tag names the kept answer: the server's tag is the quoted SHA-256 of the
// answer's bytes (docs/api.md). A copy changed on the host, or an older answer kept under a newer
// tag, fails this, so that a 304 can never select bytes the server did not send under that tag.
bool TagNamesReply(const KeptPolicy& kept);

class AgentState {
 public:
  explicit AgentState(std::string dir) : dir_(std::move(dir)) {}
  // Creates the directory (0700) when missing.
  Status Ensure() const;
  Result<crypto::SigningKey> Key() const;
  // Increments and returns the persisted sequence number.
  Result<uint64_t> NextSequence() const;
  std::string LastDigest(std::string_view policy_key) const;
  Status SetLastDigest(std::string_view policy_key, std::string_view digest) const;
  // The enrolment, or kNotFound when the agent was never enrolled; kInvalidArgument when the file
  // is not one this program wrote.
  Result<Enrolment> LoadEnrolment() const;
  Status SaveEnrolment(const Enrolment& e) const;
  // The kept policy; nullopt when there is none or the file is not one this program wrote (the
  // next fetch is then unconditional, and nothing unverified is ever used).
  std::optional<KeptPolicy> LoadKeptPolicy() const;
  Status KeepPolicy(const KeptPolicy& kept) const;
  std::string KeptPolicyPath() const { return dir_ + "/policy.json"; }
  const std::string& dir() const { return dir_; }

 private:
  Status WriteAtomically(const std::string& name, std::string_view content) const;
  std::string dir_;
};

// True when signature_b64 (a detached Ed25519 signature of the policy bytes, in FILE.sig) is valid
// for one of the regulator keys.
bool PolicySignedByRegulator(std::string_view policy, std::string_view signature_b64,
                             const std::vector<std::string>& regulator_keys);

}  // namespace qx::agent
