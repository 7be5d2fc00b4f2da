// Publication envelopes: a published catalog or profile version as one self-contained JSON file
// that anyone can verify offline — canonical payload, its SHA-256, and the regulator's Ed25519
// signature. Pure apart from the signing key it is given.
#pragma once

#include <boost/json/value.hpp>
#include <string>

#include "qx/core/result.h"
#include "qx/crypto/signing.h"

namespace qx::requirements {

// {"qalxan-publication": PAYLOAD, "digest": "sha256:HEX",
//  "signature": {"alg": "Ed25519", "key_id": ID, "public_key": HEX, "value": BASE64}}
// where digest and signature cover CanonicalJson(PAYLOAD).
struct Seal {
  std::string digest;
  std::string signature;
  std::string key_id;
};

Seal SealPayload(const boost::json::value& payload, const crypto::SigningKey& key);
std::string Envelope(const boost::json::value& payload, const Seal& seal,
                     const std::string& public_key_hex);

struct VerifiedPublication {
  boost::json::value payload;
  std::string digest;
  std::string key_id;
};

// Checks an envelope: well-formed, digest matches the canonical payload, signature valid under
// trusted_public_key_hex (which must be the key the envelope names). kInvalidArgument with the
// reason otherwise.
Result<VerifiedPublication> VerifyEnvelope(std::string_view envelope_json,
                                           std::string_view trusted_public_key_hex);

}  // namespace qx::requirements
