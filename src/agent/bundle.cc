#include "qx/agent/bundle.h"

#include <boost/json.hpp>

#include "qx/crypto/digest.h"

namespace qx::agent {
namespace {

constexpr std::string_view kFormat = "qalxan-agent-bundle/1";

boost::json::array RulesJson(const ScanReport& report) {
  boost::json::array rules;
  for (const RuleResult& r : report.rules) {
    boost::json::object o;
    o["id"] = r.id;
    o["result"] = r.result;
    o["reason"] = r.reason;
    if (!r.requirements.empty()) {
      boost::json::array reqs;
      for (const auto& q : r.requirements) reqs.emplace_back(q);
      o["requirements"] = std::move(reqs);
    }
    rules.emplace_back(std::move(o));
  }
  return rules;
}

}  // namespace

std::string ResultsDigest(const ScanReport& report) {
  boost::json::object o;
  o["policy"] = report.policy_id;
  o["profile"] = report.profile_id;
  o["rules"] = RulesJson(report);
  return crypto::Sha256Hex(boost::json::serialize(o));
}

std::string MakeBundle(const ScanReport& report, const BundleContext& ctx, const crypto::SigningKey& key) {
  boost::json::object body;
  body["agent"] = {{"hostname", ctx.hostname}, {"machine_id", ctx.machine_id}};
  body["created_at"] = ctx.created_at;
  body["sequence"] = ctx.sequence;
  body["nonce"] = ctx.nonce;
  const std::string digest = ResultsDigest(report);
  body["results_sha256"] = digest;
  body["previous_sha256"] = ctx.previous_results_sha256;
  body["changed"] = ctx.previous_results_sha256 != digest;
  boost::json::object policy{{"kind", report.policy_kind}, {"id", report.policy_id},
                             {"profile", report.profile_id}, {"sha256", report.policy_sha256}};
  body["policy"] = std::move(policy);
  boost::json::object summary;
  for (const RuleResult& r : report.rules) {
    auto& slot = summary[r.result];
    slot = slot.is_int64() ? slot.as_int64() + 1 : 1;
  }
  body["summary"] = std::move(summary);
  body["rules"] = RulesJson(report);
  const std::string body_text = boost::json::serialize(body);
  boost::json::object bundle;
  bundle["format"] = kFormat;
  bundle["key_id"] = key.KeyId();
  bundle["public_key"] = key.PublicKeyHex();
  bundle["signature"] = key.Sign(body_text);
  bundle["body"] = body_text;
  return boost::json::serialize(bundle) + "\n";
}

Result<VerifiedBundle> VerifyBundle(std::string_view text, std::string_view expected_public_key_hex) {
  boost::system::error_code ec;
  boost::json::value v = boost::json::parse(text, ec);
  auto bad = [](std::string why) { return MakeError(ErrorCode::kInvalidArgument, "bundle: " + why); };
  if (ec || !v.is_object()) return bad("not a JSON object");
  const auto& o = v.as_object();
  auto str = [&](std::string_view k) -> const boost::json::string* {
    auto it = o.find(k);
    return it != o.end() && it->value().is_string() ? &it->value().as_string() : nullptr;
  };
  const auto *format = str("format"), *key = str("public_key"), *sig = str("signature"), *body = str("body");
  if (!format || *format != kFormat) return bad("unknown format");
  if (!key || !body) return bad("missing public_key or body");
  if (!sig) return MakeError(ErrorCode::kUnauthenticated, "bundle: not signed");
  if (!expected_public_key_hex.empty() && std::string_view(*key) != expected_public_key_hex) {
    return MakeError(ErrorCode::kUnauthenticated, "bundle: signed by another key");
  }
  if (!crypto::VerifySignature(std::string_view(*key), std::string_view(*body), std::string_view(*sig))) {
    return MakeError(ErrorCode::kUnauthenticated, "bundle: bad signature");
  }
  boost::json::value parsed = boost::json::parse(std::string_view(*body), ec);
  if (ec || !parsed.is_object()) return bad("body is not a JSON object");
  return VerifiedBundle{crypto::KeyIdOf(std::string_view(*key)), std::string(*key), std::move(parsed.as_object())};
}

}  // namespace qx::agent
