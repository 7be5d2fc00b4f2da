// The file an air-gapped host writes for its offline enrolment (`qalxan-agent enrol --offline`):
// what a person carries to the server and posts to POST /api/v1/objects/{id}/agents. Nothing in
// it is secret: the public key, not the private one; no token.
#pragma once

#include <string>

namespace qx::agent {

struct EnrolmentRequest {
  std::string public_key;  // hex Ed25519 of the key in the state directory, the one bundles are signed with
  std::string hostname;
  std::string machine_id;  // "" when the host has none
  std::string created_at;  // RFC 3339, for the person who reads the file
};

// One JSON object, newline-terminated: kind, public_key, key_id, hostname, machine_id, created_at.
std::string EnrolmentRequestJson(const EnrolmentRequest& r);

}  // namespace qx::agent
