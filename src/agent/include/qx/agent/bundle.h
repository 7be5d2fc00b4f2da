// The signed offline result bundle (air-gapped networks): the scan's results with the host, the
// time, a sequence number and a random nonce (so that the server can refuse replays), signed with
// the agent's Ed25519 key (libsodium through qx::crypto).
//
//   {"format":"qalxan-agent-bundle/1","key_id":..,"public_key":hex,"signature":b64,"body":"<JSON>"}
//
// The signature covers the body string byte for byte, so no canonical JSON is needed. The body:
//   {"agent":{"hostname","machine_id"},"created_at":RFC3339,"sequence":N,"nonce":hex,
//    "previous_sha256":hex|"","changed":bool,"policy":{kind,id,profile,sha256},
//    "summary":{...},"rules":[{"id","result","reason","requirements"?}]}
#pragma once

#include <boost/json/object.hpp>

#include <string>
#include <string_view>

#include "qx/agent/rule_result.h"
#include "qx/core/result.h"
#include "qx/crypto/signing.h"

namespace qx::agent {

struct BundleContext {
  std::string hostname;
  std::string machine_id;
  std::string created_at;  // RFC 3339
  uint64_t sequence = 0;
  std::string nonce;
  std::string previous_results_sha256;  // of the last run's results for this policy, "" if none
};

// The digest of a report's per-rule results (what "only changes" compares).
std::string ResultsDigest(const ScanReport& report);

std::string MakeBundle(const ScanReport& report, const BundleContext& ctx, const crypto::SigningKey& key);

struct VerifiedBundle {
  std::string key_id;
  std::string public_key_hex;
  boost::json::object body;  // the signed JSON text, parsed once here for whoever reads it
};

// Checks the format and the signature (against expected_public_key_hex when not empty, else the
// key the bundle names). kUnauthenticated for a bad or missing signature, kInvalidArgument for a
// malformed bundle or a signed body that is not a JSON object.
Result<VerifiedBundle> VerifyBundle(std::string_view bundle, std::string_view expected_public_key_hex = "");

}  // namespace qx::agent
