#include "qx/requirements/publication.h"

#include <boost/json.hpp>

#include "qx/crypto/digest.h"
#include "qx/oscal/canonical_json.h"

namespace qx::requirements {
namespace json = boost::json;

Seal SealPayload(const json::value& payload, const crypto::SigningKey& key) {
  const std::string canonical = oscal::CanonicalJson(payload);
  return Seal{"sha256:" + crypto::Sha256Hex(canonical), key.Sign(canonical), key.KeyId()};
}

std::string Envelope(const json::value& payload, const Seal& seal,
                     const std::string& public_key_hex) {
  json::object envelope;
  envelope["qalxan-publication"] = payload;
  envelope["digest"] = seal.digest;
  envelope["signature"] = json::object{{"alg", "Ed25519"},
                                       {"key_id", seal.key_id},
                                       {"public_key", public_key_hex},
                                       {"value", seal.signature}};
  return json::serialize(envelope);
}

Result<VerifiedPublication> VerifyEnvelope(std::string_view envelope_json,
                                           std::string_view trusted_public_key_hex) {
  auto invalid = [](std::string m) { return MakeError(ErrorCode::kInvalidArgument, std::move(m)); };
  boost::system::error_code ec;
  json::value envelope = json::parse(envelope_json, ec);
  if (ec || !envelope.is_object()) return invalid("not a JSON object");
  const auto& o = envelope.as_object();
  const json::value* payload = o.if_contains("qalxan-publication");
  const json::value* digest = o.if_contains("digest");
  const json::value* signature = o.if_contains("signature");
  if (!payload || !payload->is_object() || !digest || !digest->is_string() || !signature ||
      !signature->is_object()) {
    return invalid("not a Qalxan publication (qalxan-publication, digest, signature)");
  }
  const auto& sig = signature->as_object();
  const json::value* alg = sig.if_contains("alg");
  const json::value* key_id = sig.if_contains("key_id");
  const json::value* value = sig.if_contains("value");
  if (!alg || !alg->is_string() || alg->as_string() != "Ed25519" || !key_id ||
      !key_id->is_string() || !value || !value->is_string()) {
    return invalid("signature must be {alg: Ed25519, key_id, value}");
  }
  const std::string canonical = oscal::CanonicalJson(*payload);
  const std::string expected = "sha256:" + crypto::Sha256Hex(canonical);
  if (digest->as_string() != expected) {
    return invalid("digest does not match the content: the file was changed after publication");
  }
  if (crypto::KeyIdOf(trusted_public_key_hex) != std::string_view(key_id->as_string())) {
    return invalid("signed with key " + std::string(key_id->as_string()) +
                   ", not with the trusted key " + crypto::KeyIdOf(trusted_public_key_hex));
  }
  if (!crypto::VerifySignature(trusted_public_key_hex, canonical,
                               std::string_view(value->as_string()))) {
    return invalid("the signature does not verify");
  }
  return VerifiedPublication{*payload, expected, std::string(key_id->as_string())};
}

}  // namespace qx::requirements
