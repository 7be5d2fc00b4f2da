#include "qx/agent/bundle.h"

#include <gtest/gtest.h>

#include <boost/json.hpp>

#include "fixture_host.h"
#include "qx/agent/agent_state.h"
#include "qx/crypto/secrets.h"

namespace qx::agent {
namespace {

ScanReport SampleReport() {
  ScanReport r;
  r.policy_kind = "native";
  r.policy_id = "baseline";
  r.rules = {{"a", "pass", "", {"REQ-1"}}, {"b", "fail", "", {"REQ-2"}}};
  return r;
}

TEST(BundleTest, SignedBundlesVerifyAndCarryTheResults) {
  ASSERT_TRUE(crypto::InitCrypto());
  auto key = crypto::SigningKey::Generate();
  BundleContext ctx{"host1", "mid", "2026-11-28T00:00:00.000Z", 7, "nonce1", ""};
  const std::string bundle = MakeBundle(SampleReport(), ctx, key);
  auto v = VerifyBundle(bundle);
  ASSERT_TRUE(v) << v.error().message;
  EXPECT_EQ(v->key_id, key.KeyId());
  auto& body = v->body;  // parsed once, by VerifyBundle
  EXPECT_EQ(body["sequence"].as_int64(), 7);
  EXPECT_EQ(body["nonce"].as_string(), "nonce1");
  EXPECT_TRUE(body["changed"].as_bool());
  EXPECT_EQ(body["rules"].as_array().size(), 2u);
  EXPECT_TRUE(VerifyBundle(bundle, key.PublicKeyHex()));
}

TEST(BundleTest, TamperedUnsignedOrForeignBundlesAreRefused) {
  ASSERT_TRUE(crypto::InitCrypto());
  auto key = crypto::SigningKey::Generate();
  auto other = crypto::SigningKey::Generate();
  const std::string bundle = MakeBundle(SampleReport(), BundleContext{}, key);
  std::string tampered = bundle;
  tampered.replace(tampered.find("\\\"fail\\\""), 8, "\\\"pass\\\"");
  EXPECT_EQ(VerifyBundle(tampered).error().code, ErrorCode::kUnauthenticated);
  auto obj = boost::json::parse(bundle).as_object();
  obj.erase("signature");
  EXPECT_EQ(VerifyBundle(boost::json::serialize(obj)).error().code, ErrorCode::kUnauthenticated);
  EXPECT_EQ(VerifyBundle(bundle, other.PublicKeyHex()).error().code, ErrorCode::kUnauthenticated);
  EXPECT_EQ(VerifyBundle("{not json").error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(VerifyBundle(bundle.substr(0, bundle.size() / 2)).error().code, ErrorCode::kInvalidArgument);
  // Well signed, but the body is no JSON object: malformed, not read further.
  for (const std::string text : {"[1]", "{not json"}) {
    auto wrong = boost::json::parse(bundle).as_object();
    wrong["body"] = text;
    wrong["signature"] = key.Sign(text);
    auto v = VerifyBundle(boost::json::serialize(wrong));
    ASSERT_FALSE(v) << text;
    EXPECT_EQ(v.error().code, ErrorCode::kInvalidArgument);
    EXPECT_NE(v.error().message.find("not a JSON object"), std::string::npos);
  }
}

TEST(BundleTest, UnchangedResultsAreMarkedAsSuch) {
  ScanReport r = SampleReport();
  BundleContext ctx;
  ctx.previous_results_sha256 = ResultsDigest(r);
  auto key = crypto::SigningKey::Generate();
  auto v = VerifyBundle(MakeBundle(r, ctx, key));
  ASSERT_TRUE(v);
  EXPECT_FALSE(v->body.at("changed").as_bool());
}

TEST(AgentStateTest, KeySequenceAndDigestsPersistInTheStateDirectory) {
  ASSERT_TRUE(crypto::InitCrypto());
  auto dir = testing::MakeTempDir("state") / "state";
  AgentState state(dir.string());
  auto k1 = state.Key();
  ASSERT_TRUE(k1);
  EXPECT_EQ(state.Key()->PublicKeyHex(), k1->PublicKeyHex());
  EXPECT_EQ(*state.NextSequence(), 1u);
  EXPECT_EQ(*state.NextSequence(), 2u);
  EXPECT_EQ(state.LastDigest("p"), "");
  ASSERT_TRUE(state.SetLastDigest("p", "abc"));
  EXPECT_EQ(state.LastDigest("p"), "abc");
  std::filesystem::remove_all(dir.parent_path());
}

TEST(AgentStateTest, PoliciesAreSignedOnlyByConfiguredRegulatorKeys) {
  ASSERT_TRUE(crypto::InitCrypto());
  auto regulator = crypto::SigningKey::Generate();
  const std::string policy = "policy: p\n";
  const std::string sig = regulator.Sign(policy);
  EXPECT_TRUE(PolicySignedByRegulator(policy, sig + "\n", {regulator.PublicKeyHex()}));
  EXPECT_FALSE(PolicySignedByRegulator(policy + " ", sig, {regulator.PublicKeyHex()}));
  EXPECT_FALSE(PolicySignedByRegulator(policy, sig, {crypto::SigningKey::Generate().PublicKeyHex()}));
  EXPECT_FALSE(PolicySignedByRegulator(policy, sig, {}));
}

}  // namespace
}  // namespace qx::agent
