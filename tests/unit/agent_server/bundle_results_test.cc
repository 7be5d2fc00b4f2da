#include "bundle_results.h"

#include <gtest/gtest.h>

#include <boost/json.hpp>

#include "qx/domain/registry.h"

namespace qx::agent_server {
namespace {

using domain::ObservationResult;

// The service hands ParseBundleBody the object agent::VerifyBundle parsed; the tests parse here.
Result<BundleBody> ParseBundleBody(std::string_view text) {
  return qx::agent_server::ParseBundleBody(boost::json::parse(text).as_object());
}

constexpr char kBody[] = R"({"sequence":4,"nonce":"0123456789abcdef0123","results_sha256":"ab",
  "agent":{"hostname":"hmi-01"},"policy":{"id":"kii"},"created_at":"2026-11-28T10:00:00Z",
  "rules":[{"id":"r1","result":"pass","reason":"","requirements":["acc-1","pol-1"]},
           {"id":"r2","result":"fail","reason":"PermitRootLogin yes","requirements":["acc-1"]},
           {"id":"r3","result":"notapplicable","reason":"no sshd","requirements":["net-1"]},
           {"id":"r4","result":"error","reason":"unreadable","requirements":["pol-1"]},
           {"id":"r5","result":"pass","reason":""}]})";

TEST(BundleResultsTest, ReadsTheSignedBody) {
  auto b = ParseBundleBody(kBody);
  ASSERT_TRUE(b) << b.error().message;
  EXPECT_EQ(b->sequence, 4);
  EXPECT_EQ(b->hostname, "hmi-01");
  ASSERT_EQ(b->rules.size(), 5u);
  EXPECT_EQ(b->rules[1].requirements, std::vector<std::string>{"acc-1"});
  EXPECT_TRUE(b->rules[4].requirements.empty());
}

TEST(BundleResultsTest, RefusesMalformedBodiesNamingTheField) {
  auto message = [](std::string_view text) {
    auto b = ParseBundleBody(text);
    EXPECT_FALSE(b) << text;
    return b ? std::string() : b.error().message;
  };
  EXPECT_NE(message(R"({"nonce":"0123456789abcdef","results_sha256":"a","rules":[]})").find("sequence"), std::string::npos);
  EXPECT_NE(message(R"({"sequence":0,"nonce":"0123456789abcdef","results_sha256":"a","rules":[]})").find("positive"),
            std::string::npos);
  EXPECT_NE(message(R"({"sequence":1,"nonce":"short","results_sha256":"a","rules":[]})").find("nonce"), std::string::npos);
  EXPECT_NE(message(R"({"sequence":1,"nonce":"0123456789abcdef","results_sha256":"a","rules":{}})").find("rules"),
            std::string::npos);
  EXPECT_NE(message(R"({"sequence":1,"nonce":"0123456789abcdef","results_sha256":"a","rules":[{"id":"r","result":"pass","requirements":[7]}]})")
                .find("requirement"),
            std::string::npos);
  EXPECT_NE(message(R"({"sequence":-3,"nonce":"0123456789abcdef","results_sha256":"a","rules":[]})").find("positive"),
            std::string::npos);
  EXPECT_NE(message(R"({"sequence":1,"nonce":"0123456789abcdef","results_sha256":"a","policy":{"sha256":"ABC"},"rules":[]})")
                .find("policy.sha256"),
            std::string::npos);
  EXPECT_NE(message(R"({"sequence":1,"nonce":"0123456789abcdef","results_sha256":"a","rules":[{"id":"r","result":"banana"}]})")
                .find("not an XCCDF result"),
            std::string::npos);
}

TEST(BundleResultsTest, EachRequirementTakesItsWorstRule) {
  auto b = ParseBundleBody(kBody);
  ASSERT_TRUE(b);
  const auto out = OutcomesByRequirement(b->rules);
  ASSERT_EQ(out.size(), 3u);
  EXPECT_EQ(out[0].control_id, "acc-1");
  EXPECT_EQ(out[0].result, ObservationResult::kFail);
  EXPECT_EQ(out[0].detail, "r1: pass\nr2: fail (PermitRootLogin yes)");
  EXPECT_EQ(out[1].control_id, "net-1");
  EXPECT_EQ(out[1].result, ObservationResult::kInfo);
  EXPECT_EQ(out[2].control_id, "pol-1");
  EXPECT_EQ(out[2].result, ObservationResult::kError);
}

TEST(BundleResultsTest, ControlCharactersOfHostContentBecomeSpaces) {
  const auto out = OutcomesByRequirement({{"r1", "fail", "line\x01with\rodd bytes", {"acc-1"}}});
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(out[0].detail, "r1: fail (line with odd bytes)");
  EXPECT_FALSE(ParseBundleBody(
      R"({"sequence":1,"nonce":"0123456789abcdef","results_sha256":"a","rules":[{"id":"r","result":"pass","requirements":["a\u0001"]}]})"));
}

TEST(BundleResultsTest, ARuleReportsOnlyTheRequirementsItsPolicyMapsItTo) {
  const DeclaredRequirements declared{{"r1", {"acc-1", "pol-1"}}, {"r2", {"acc-1"}}};
  EXPECT_TRUE(CheckRequirementsDeclared({{"r1", "pass", "", {"pol-1", "acc-1"}}, {"r2", "fail", "", {"acc-1"}}},
                                        declared));
  // A rule without requirements (or unknown, claiming none) becomes no observation: nothing to check.
  EXPECT_TRUE(CheckRequirementsDeclared({{"r9", "pass", "", {}}}, declared));
  auto message = [&](std::vector<BundleRule> rules) {
    auto s = CheckRequirementsDeclared(rules, declared);
    EXPECT_FALSE(s);
    return s ? std::string() : s.error().message;
  };
  // A requirement of the policy, but not this rule's.
  EXPECT_NE(message({{"r2", "pass", "", {"pol-1"}}}).find("rule r2: requirement pol-1"), std::string::npos);
  // A requirement no rule of the policy names, and a rule the policy does not have.
  EXPECT_NE(message({{"r1", "pass", "", {"acc-1", "made-up"}}}).find("made-up"), std::string::npos);
  EXPECT_NE(message({{"r9", "fail", "", {"acc-1"}}}).find("rule r9"), std::string::npos);
  // SCAP content maps no rule to requirements.
  EXPECT_FALSE(CheckRequirementsDeclared({{"xccdf_rule", "pass", "", {"acc-1"}}}, {}));
}

TEST(BundleResultsTest, TheSourceNamesTheAgentNotJustItsHostname) {
  EXPECT_EQ(ObservationSource(7, "hmi-01"), "agent:hmi-01#7");
  EXPECT_NE(ObservationSource(7, "hmi-01"), ObservationSource(8, "hmi-01"));
  // The longest hostname enrolment takes still leaves room for the id, within 200 bytes.
  const std::string source = ObservationSource(9223372036854775807, std::string(190, 'h'));
  EXPECT_EQ(source.size(), 200u);
  EXPECT_EQ(source.substr(source.size() - 20), "#9223372036854775807");
  // Shortened between characters, never inside one (each "ə" is two bytes).
  std::string wide;
  for (int i = 0; i < 95; ++i) wide += "\xc9\x99";
  const std::string cut = ObservationSource(123456789012, wide);
  EXPECT_LE(cut.size(), 200u);
  EXPECT_EQ((cut.size() - std::string("agent:#123456789012").size()) % 2, 0u);
  EXPECT_TRUE(domain::ValidateText("source", cut, 200, true));
}

TEST(BundleResultsTest, DetailIsBounded) {
  std::vector<BundleRule> rules;
  for (int i = 0; i < 500; ++i) rules.push_back({"rule-" + std::to_string(i), "pass", std::string(100, 'x'), {"acc-1"}});
  const auto out = OutcomesByRequirement(rules);
  ASSERT_EQ(out.size(), 1u);
  EXPECT_LE(out[0].detail.size(), 4000u);
  EXPECT_EQ(out[0].result, ObservationResult::kPass);
}

}  // namespace
}  // namespace qx::agent_server
