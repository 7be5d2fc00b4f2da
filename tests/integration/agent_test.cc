// Host assessment agents over real HTTP: one-time enrolment, the regulator's signed policy,
// signed result bundles ingested as observations of the object's assessment (only changes),
// replay / unsigned / wrong-key refusal, other organisations refused, `qalxan import` of an
// offline bundle, the offline enrolment of an air-gapped host, and the real qalxan-agent binary
// against the server.
#include <gtest/gtest.h>
#include <fmt/format.h>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <functional>
#include <fstream>
#include <sstream>
#include <stdexcept>

#include "qx/agent/bundle.h"
#include "qx/crypto/digest.h"
#include "qx/crypto/secrets.h"
#include "qx/crypto/signing.h"
#include "test_server.h"

namespace qx::testing {
namespace {

namespace fs = std::filesystem;
namespace json = boost::json;
using Headers = std::vector<std::pair<std::string, std::string>>;

constexpr char kPolicy[] = R"(policy: kii-baseline-test
version: 1
rules:
  - id: ssh-root-login
    title: SSH does not accept root logins
    requirements: [acc-1]
    check:
      file_content: {path: /etc/ssh/sshd_config, key: PermitRootLogin, equals: "no"}
  - id: login-banner
    title: A login banner is shown
    requirements: [pol-1]
    check:
      file: {path: /etc/issue}
)";

json::object MiniProfile() {
  return {{"profile",
           json::object{{"uuid", "5b1f0a52-3c55-4a8e-9d1e-7f6c2b9a0d11"},
                        {"metadata", json::object{{"title", "Oil and gas"},
                                                  {"last-modified", "2026-11-01T00:00:00Z"},
                                                  {"version", "1.0.0"},
                                                  {"oscal-version", "1.1.2"}}},
                        {"imports", json::array{json::object{{"href", "mini.catalog.json"},
                                                             {"include-all", json::object{}}}}}}}};
}

std::string Str(const json::value& v, std::string_view key) { return std::string(v.at(key).as_string()); }

agent::ScanReport Report(const std::string& ssh_result, const std::string& banner_result) {
  agent::ScanReport r;
  r.policy_kind = "native";
  r.policy_id = "kii-baseline-test";
  r.policy_sha256 = crypto::Sha256Hex(kPolicy);  // the policy PublishPolicy() serves
  r.rules = {{"ssh-root-login", ssh_result, ssh_result == "fail" ? "PermitRootLogin yes" : "", {"acc-1"}},
             {"login-banner", banner_result, "", {"pol-1"}}};
  return r;
}

class AgentTest : public ::testing::Test {
 protected:
  explicit AgentTest(const std::function<void(app::Config&)>& configure = {})
      : server_(1 << 20, QALXAN_FIXTURES "/catalogs-mini", configure) {}

  void SetUp() override {
    ASSERT_TRUE(crypto::InitCrypto());
    auto [oc, os] = server_.Login("operator.admin");
    op_ = {{"Cookie", oc}, {"X-CSRF-Token", os}};
    auto [rc, rs] = server_.Login("regulator.admin");
    reg_ = {{"Cookie", rc}, {"X-CSRF-Token", rs}};
    auto [pc, ps] = server_.Login("provider.admin");
    provider_ = {{"Cookie", pc}, {"X-CSRF-Token", ps}};
    auto cat = Post("/api/v1/catalogs", json::object{{"name", "oil-and-gas"}, {"document", MiniProfile()}}, reg_);
    ASSERT_EQ(cat.status, 201) << cat.body;
    const auto profile = cat.Json().at("catalog").at("id").as_int64();
    ASSERT_EQ(Post(fmt::format("/api/v1/catalogs/{}/publish", profile), json::object{}, reg_).status, 200);
    object_ = Post("/api/v1/objects", json::object{{"name", "Pipeline SCADA"}, {"kind", "ot"}}, op_)
                  .Json().at("id").as_int64();
    const auto c = Post(fmt::format("/api/v1/objects/{}/categorisations", object_),
                        json::object{{"answers", json::object{{"people", 60000}, {"economy", 0}, {"environment", 0},
                                                              {"defence", 0}, {"state_administration", 0},
                                                              {"dependent_cii", 0}}}},
                        op_);
    ASSERT_EQ(c.Json().at("computed").as_int64(), 1) << c.body;
    auto a = Post("/api/v1/assessments", json::object{{"subject_kind", "object"}, {"subject_id", object_}}, op_);
    ASSERT_EQ(a.status, 201) << a.body;
    assessment_ = a.Json().at("id").as_int64();
  }

  HttpResult Post(const std::string& path, const json::value& body, const Headers& h) {
    return server_.Request("POST", path, json::serialize(body), h);
  }
  HttpResult Get(const std::string& path, const Headers& h) { return server_.Request("GET", path, "", h); }
  // The audit trail's entries of one action in the object owner's organisation, as listed.
  std::vector<json::value> AuditEntries(std::string_view action) {
    const auto page = Get("/api/v1/audit?org=3&limit=1000", reg_);
    EXPECT_EQ(page.status, 200) << page.body;
    const json::value doc = page.Json();  // alive through the loop (a temporary's array would not be)
    std::vector<json::value> out;
    for (const auto& e : doc.at("items").as_array()) {
      if (Str(e, "action") == action) out.push_back(e);
    }
    return out;
  }

  std::string NewToken() {
    auto r = Post(fmt::format("/api/v1/objects/{}/agent-enrolments", object_), json::object{}, op_);
    EXPECT_EQ(r.status, 201) << r.body;
    return Str(r.Json(), "token");
  }
  HttpResult Enrol(const std::string& token, const crypto::SigningKey& key, const std::string& host = "hmi-01") {
    return Post("/api/v1/agent/enrol",
                json::object{{"token", token}, {"public_key", key.PublicKeyHex()}, {"hostname", host},
                             {"machine_id", "0123456789abcdef"}},
                {});
  }
  void PublishPolicy(const std::string& document = kPolicy) {
    auto r = Post("/api/v1/agent-policies",
                  json::object{{"name", "KII baseline"}, {"kind", "native"}, {"document", document},
                               {"sector", "oil_and_gas"}},
                  reg_);
    ASSERT_EQ(r.status, 201) << r.body;
  }
  static std::string Bundle(const agent::ScanReport& report, std::uint64_t sequence, const crypto::SigningKey& key) {
    agent::BundleContext ctx{"hmi-01", "0123456789abcdef", "2026-11-28T10:00:00Z", sequence,
                             crypto::RandomToken("", 16), ""};
    return agent::MakeBundle(report, ctx, key);
  }
  HttpResult PostResults(const std::string& bundle, const std::string& credential) {
    return server_.Request("POST", "/api/v1/agent/results", bundle, {{"Authorization", "Bearer " + credential}});
  }
  // "control source result" as Observations() shows an observation of the agent with this id.
  static std::string Obs(const std::string& control, std::int64_t agent, const std::string& host,
                         const std::string& result) {
    return fmt::format("{} agent:{}#{} {}", control, host, agent, result);
  }
  std::int64_t AgentIdOf(const std::string& hostname) {
    const json::value agents = Get("/api/v1/agents", op_).Json();
    for (const auto& a : agents.at("items").as_array()) {
      if (Str(a, "hostname") == hostname) return a.at("id").as_int64();
    }
    ADD_FAILURE() << "no agent " << hostname;
    return 0;
  }
  // "control source result" of every observation shown in the assessment.
  std::vector<std::string> Observations() {
    const auto view = Get(fmt::format("/api/v1/assessments/{}", assessment_), op_).Json();
    std::vector<std::string> out;
    for (const auto& item : view.at("items").as_array()) {
      for (const auto& o : item.at("observations").as_array()) {
        out.push_back(Str(item, "control_id") + " " + Str(o, "source") + " " + Str(o, "result"));
      }
    }
    std::sort(out.begin(), out.end());
    return out;
  }
  // Runs qalxan-agent with args, its configuration (dir/config, missing by default: the
  // defaults) and state under dir: {exit code, output}.
  static std::pair<int, std::string> AgentCli(const fs::path& dir, const std::string& args,
                                              const std::string& config = "none.yaml") {
    const std::string command = fmt::format("{} {} --config {} --state-dir {} 2>&1", QALXAN_AGENT_BINARY, args,
                                            (dir / config).string(), (dir / "state").string());
    FILE* pipe = ::popen(command.c_str(), "r");
    std::string out;
    char buf[4096];
    while (size_t n = std::fread(buf, 1, sizeof buf, pipe)) out.append(buf, n);
    return {WEXITSTATUS(::pclose(pipe)), out};
  }
  // A host tree whose sshd allows root login (acc-1 fails) and which shows a banner (pol-1 passes).
  static fs::path HostTree(const std::string& tag) {
    const fs::path dir = fs::temp_directory_path() / fmt::format("qx-agent-{}-{}", tag, ::getpid());
    fs::remove_all(dir);
    fs::create_directories(dir / "root/etc/ssh");
    std::ofstream(dir / "root/etc/ssh/sshd_config") << "PermitRootLogin yes\n";
    std::ofstream(dir / "root/etc/issue") << "Authorised use only\n";
    return dir;
  }
  TestServer server_;
  Headers op_, reg_, provider_;
  std::int64_t object_ = 0;
  std::int64_t assessment_ = 0;
};

TEST_F(AgentTest, EnrolmentTokensWorkOnceAndOnlyForTheirOwner) {
  const std::string token = NewToken();
  EXPECT_EQ(token.rfind("qxe_", 0), 0u);
  const auto key = crypto::SigningKey::Generate();
  auto first = Enrol(token, key);
  ASSERT_EQ(first.status, 201) << first.body;
  EXPECT_EQ(first.Json().at("object_id").as_int64(), object_);
  EXPECT_EQ(Str(first.Json(), "policy_public_key").size(), 64u);
  // A one-time token: a second use is refused, whatever key it brings.
  EXPECT_EQ(Enrol(token, crypto::SigningKey::Generate()).status, 409);
  EXPECT_EQ(Enrol("qxe_nope", crypto::SigningKey::Generate()).status, 401);
  // The same key cannot be enrolled twice.
  EXPECT_EQ(Enrol(NewToken(), key).status, 409);
  // Not a key: refused before anything is read.
  EXPECT_EQ(Post("/api/v1/agent/enrol", json::object{{"token", NewToken()}, {"public_key", "zz"}, {"hostname", "h"}}, {})
                .status,
            400);
  // The provider and the regulator enrol nothing on the operator's object.
  EXPECT_EQ(Post(fmt::format("/api/v1/objects/{}/agent-enrolments", object_), json::object{}, provider_).status, 403);
  EXPECT_EQ(Post(fmt::format("/api/v1/objects/{}/agent-enrolments", object_), json::object{}, reg_).status, 403);
  // An expired token (ttl 1 s) is refused.
  auto short_lived = Post(fmt::format("/api/v1/objects/{}/agent-enrolments", object_),
                          json::object{{"ttl_seconds", 1}}, op_);
  ASSERT_EQ(short_lived.status, 201);
  ::usleep(1100 * 1000);
  EXPECT_EQ(Enrol(Str(short_lived.Json(), "token"), crypto::SigningKey::Generate()).status, 401);

  const auto agents = Get("/api/v1/agents", op_);
  ASSERT_EQ(agents.status, 200);
  ASSERT_EQ(agents.Json().at("items").as_array().size(), 1u);
  EXPECT_EQ(Str(agents.Json().at("items").as_array()[0], "hostname"), "hmi-01");
  EXPECT_EQ(Get("/api/v1/agents?org=3", provider_).status, 403);
  EXPECT_EQ(Get("/api/v1/agents?all=1", reg_).Json().at("items").as_array().size(), 1u);
  EXPECT_EQ(Get("/api/v1/agents?all=1", op_).status, 403);
  // The enrolments are in the audit trail, whose chain holds.
  auto [code, out] = server_.Cli("audit verify");
  EXPECT_EQ(code, 0) << out;
}

TEST_F(AgentTest, PolicyIsSignedByTheRegulatorAndOnlyTheRegulatorPublishes) {
  const auto key = crypto::SigningKey::Generate();
  auto enrolled = Enrol(NewToken(), key).Json();
  const std::string credential = Str(enrolled, "credential");
  const Headers agent = {{"Authorization", "Bearer " + credential}};
  EXPECT_EQ(Get("/api/v1/agent/policy", agent).status, 404);  // nothing published yet
  EXPECT_EQ(Post("/api/v1/agent-policies",
                 json::object{{"name", "x"}, {"kind", "native"}, {"document", kPolicy}}, op_).status,
            403);
  EXPECT_EQ(Post("/api/v1/agent-policies",
                 json::object{{"name", "x"}, {"kind", "ansible"}, {"document", kPolicy}}, reg_).status,
            400);
  // A native policy the agent cannot read is refused with the parser's reason, and not stored.
  for (const char* unreadable : {"policy: x\nrules: []\n", "rules: [", "policy: x\nrules:\n  - id: a\n"}) {
    auto refused = Post("/api/v1/agent-policies",
                        json::object{{"name", "x"}, {"kind", "native"}, {"document", unreadable}}, reg_);
    EXPECT_EQ(refused.status, 400) << unreadable;
    EXPECT_NE(refused.body.find("policy: "), std::string::npos) << refused.body;
  }
  EXPECT_EQ(Get("/api/v1/agent/policy", agent).status, 404);
  PublishPolicy();
  auto policy = Get("/api/v1/agent/policy", agent);
  ASSERT_EQ(policy.status, 200) << policy.body;
  const auto p = policy.Json();
  EXPECT_EQ(Str(p, "document"), kPolicy);
  EXPECT_EQ(p.at("version").as_int64(), 1);
  EXPECT_TRUE(crypto::VerifySignature(Str(enrolled, "policy_public_key"), Str(p, "document"), Str(p, "signature")));
  EXPECT_FALSE(crypto::VerifySignature(Str(enrolled, "policy_public_key"), Str(p, "document") + " ", Str(p, "signature")));
  EXPECT_EQ(Get("/api/v1/agent/policy", {{"Authorization", "Bearer qxa_forged"}}).status, 401);
  EXPECT_EQ(Get("/api/v1/agent/policy", {}).status, 401);
  // Read where people's tokens are read (authn.cc): the scheme in any case (RFC 9110), no other.
  EXPECT_EQ(Get("/api/v1/agent/policy", {{"Authorization", "bearer " + credential}}).status, 200);
  EXPECT_EQ(Get("/api/v1/agent/policy", {{"Authorization", "BEARER " + credential}}).status, 200);
  for (const std::string& h : std::vector<std::string>{"Basic " + credential, "Bearer", "Bearer ", "Bearer" + credential}) {
    auto refused = Get("/api/v1/agent/policy", {{"Authorization", h}});
    EXPECT_EQ(refused.status, 401) << h;
    EXPECT_NE(refused.Header("WWW-Authenticate").find("qalxan-agent"), std::string::npos) << h;
  }
  EXPECT_EQ(Get("/api/v1/agent-policies", reg_).Json().at("items").as_array().size(), 1u);
  EXPECT_EQ(Get("/api/v1/agent-policies", op_).status, 403);
}

TEST_F(AgentTest, ResultsBecomeObservationsOnlyWhenTheyChangeAndReplaysAreRefused) {
  PublishPolicy();
  const auto key = crypto::SigningKey::Generate();
  auto enrolled = Enrol(NewToken(), key).Json();
  const std::string credential = Str(enrolled, "credential");
  const std::int64_t agent_id = enrolled.at("agent_id").as_int64();

  const std::string first = Bundle(Report("fail", "pass"), 1, key);
  auto r = PostResults(first, credential);
  ASSERT_EQ(r.status, 201) << r.body;
  EXPECT_EQ(r.Json().at("observations_added").as_int64(), 2);
  EXPECT_EQ(Observations(), (std::vector<std::string>{Obs("acc-1", agent_id, "hmi-01", "fail"),
                                                      Obs("pol-1", agent_id, "hmi-01", "pass")}));

  // The same results again: no new observation.
  const std::string second = Bundle(Report("fail", "pass"), 2, key);
  r = PostResults(second, credential);
  ASSERT_EQ(r.status, 201) << r.body;
  EXPECT_EQ(r.Json().at("observations_added").as_int64(), 0);
  EXPECT_EQ(r.Json().at("observations_unchanged").as_int64(), 2);
  EXPECT_FALSE(r.Json().at("duplicate").as_bool());

  // The last accepted bundle sent again (a retry after a lost answer): its earlier outcome, 200,
  // nothing written (the result count below stays 3).
  auto again = PostResults(second, credential);
  ASSERT_EQ(again.status, 200) << again.body;
  EXPECT_TRUE(again.Json().at("duplicate").as_bool());
  EXPECT_EQ(again.Json().at("result_id").as_int64(), r.Json().at("result_id").as_int64());
  EXPECT_EQ(again.Json().at("sequence").as_int64(), 2);
  EXPECT_EQ(again.Json().at("observations_unchanged").as_int64(), 2);

  // Replays: the same bundle (named as a replay by its nonce), an older sequence with a fresh
  // nonce, and a seen nonce under a new sequence (the host signed it, so only a broken or
  // compromised agent sends one).
  auto replay = PostResults(first, credential);
  EXPECT_EQ(replay.status, 409);
  EXPECT_NE(replay.body.find("nonce was seen before"), std::string::npos) << replay.body;
  replay = PostResults(Bundle(Report("pass", "pass"), 2, key), credential);
  EXPECT_EQ(replay.status, 409);
  EXPECT_NE(replay.body.find("sequence 2 is not above 2"), std::string::npos) << replay.body;
  const std::string first_nonce(json::parse(json::parse(first).at("body").as_string()).at("nonce").as_string());
  agent::BundleContext reused{"hmi-01", "0123456789abcdef", "2026-11-28T10:00:00Z", 7, first_nonce, ""};
  replay = PostResults(agent::MakeBundle(Report("pass", "pass"), reused, key), credential);
  EXPECT_EQ(replay.status, 409);
  EXPECT_NE(replay.body.find("nonce was seen before"), std::string::npos) << replay.body;

  // Unsigned, signed by another key, malformed, without a credential.
  json::object unsigned_bundle = json::parse(Bundle(Report("pass", "pass"), 3, key)).as_object();
  unsigned_bundle.erase("signature");
  EXPECT_EQ(PostResults(json::serialize(unsigned_bundle), credential).status, 401);
  const auto other = crypto::SigningKey::Generate();
  EXPECT_EQ(PostResults(Bundle(Report("pass", "pass"), 3, other), credential).status, 401);
  json::object tampered = json::parse(Bundle(Report("fail", "pass"), 3, key)).as_object();
  std::string body(tampered.at("body").as_string());
  body.replace(body.find("\"fail\""), 6, "\"pass\"");
  tampered["body"] = body;
  EXPECT_EQ(PostResults(json::serialize(tampered), credential).status, 401);
  EXPECT_EQ(PostResults("{not json", credential).status, 400);
  EXPECT_EQ(server_.Request("POST", "/api/v1/agent/results", Bundle(Report("pass", "pass"), 3, key)).status, 401);
  // None of the refused bundles changed anything.
  EXPECT_EQ(Observations(), (std::vector<std::string>{Obs("acc-1", agent_id, "hmi-01", "fail"),
                                                      Obs("pol-1", agent_id, "hmi-01", "pass")}));

  // A change: the one requirement whose result changed gets a new observation.
  r = PostResults(Bundle(Report("pass", "pass"), 3, key), credential);
  ASSERT_EQ(r.status, 201) << r.body;
  EXPECT_EQ(r.Json().at("observations_added").as_int64(), 1);
  EXPECT_EQ(Observations(), (std::vector<std::string>{Obs("acc-1", agent_id, "hmi-01", "pass"),
                                                      Obs("pol-1", agent_id, "hmi-01", "pass")}));

  // A revoked agent (a host gone or compromised) is refused; only its owner revokes it.
  EXPECT_EQ(Post(fmt::format("/api/v1/agents/{}/revoke", agent_id), json::object{}, provider_).status, 403);
  EXPECT_EQ(Post(fmt::format("/api/v1/agents/{}/revoke", agent_id), json::object{}, reg_).status, 403);
  auto revoked = Post(fmt::format("/api/v1/agents/{}/revoke", agent_id), json::object{}, op_);
  ASSERT_EQ(revoked.status, 200) << revoked.body;
  EXPECT_TRUE(revoked.Json().at("revoked").as_bool());
  EXPECT_EQ(PostResults(Bundle(Report("fail", "fail"), 9, key), credential).status, 401);
  EXPECT_EQ(Get("/api/v1/agent/policy", {{"Authorization", "Bearer " + credential}}).status, 401);

  auto results = Get(fmt::format("/api/v1/agents/{}/results", agent_id), op_);
  ASSERT_EQ(results.status, 200);
  ASSERT_EQ(results.Json().at("items").as_array().size(), 3u);
  EXPECT_EQ(results.Json().at("items").as_array()[0].at("sequence").as_int64(), 3);
  EXPECT_EQ(Get(fmt::format("/api/v1/agents/{}/results", agent_id), provider_).status, 403);
  EXPECT_EQ(Get(fmt::format("/api/v1/agents/{}/results", agent_id), reg_).status, 200);
  // The provider cannot see the operator's assessment either.
  EXPECT_EQ(Get(fmt::format("/api/v1/assessments/{}", assessment_), provider_).status, 403);
}

// policy.sha256 of a bundle must name a policy the server issued for the agent's object: not the
// host's word. A policy republished between the fetch and the upload still counts.
TEST_F(AgentTest, ABundleMustBeEvaluatedAgainstAPolicyTheServerIssued) {
  const auto key = crypto::SigningKey::Generate();
  auto enrolled = Enrol(NewToken(), key).Json();
  const std::string credential = Str(enrolled, "credential");
  const std::int64_t agent_id = enrolled.at("agent_id").as_int64();
  // Nothing published yet: no policy the host can have been given.
  auto r = PostResults(Bundle(Report("fail", "pass"), 1, key), credential);
  EXPECT_EQ(r.status, 400) << r.body;
  EXPECT_NE(r.body.find("never issued"), std::string::npos) << r.body;
  PublishPolicy();
  // A policy of the host's own (or one tampered with on the way): refused, nothing written.
  agent::ScanReport own = Report("fail", "pass");
  own.policy_sha256 = crypto::Sha256Hex(std::string(kPolicy) + "# local edit\n");
  r = PostResults(Bundle(own, 2, key), credential);
  EXPECT_EQ(r.status, 400) << r.body;
  own.policy_sha256.clear();
  EXPECT_EQ(PostResults(Bundle(own, 3, key), credential).status, 400);
  // A policy published for another sector is not this object's either.
  const std::string water = std::string(kPolicy) + "# water\n";
  ASSERT_EQ(Post("/api/v1/agent-policies",
                 json::object{{"name", "Water"}, {"kind", "native"}, {"document", water}, {"sector", "water"}}, reg_)
                .status,
            201);
  own.policy_sha256 = crypto::Sha256Hex(water);
  EXPECT_EQ(PostResults(Bundle(own, 4, key), credential).status, 400);
  EXPECT_TRUE(Observations().empty());
  EXPECT_TRUE(Get(fmt::format("/api/v1/agents/{}/results", agent_id), op_).Json().at("items").as_array().empty());

  // Republished (v2) after the host fetched v1: v1's results are still accepted, and the record
  // names the server's policy and version.
  PublishPolicy(std::string(kPolicy) + "# v2\n");
  r = PostResults(Bundle(Report("fail", "pass"), 5, key), credential);
  ASSERT_EQ(r.status, 201) << r.body;
  const auto results = Get(fmt::format("/api/v1/agents/{}/results", agent_id), op_).Json().at("items").as_array();
  ASSERT_EQ(results.size(), 1u);
  EXPECT_EQ(Str(results[0], "policy").rfind("KII baseline v1 (policy ", 0), 0u) << Str(results[0], "policy");
}

// A host reports only on the requirements its policy maps its rules to: a bundle claiming any
// other (another rule's, or one the policy never names) is refused whole, nothing written.
TEST_F(AgentTest, ABundleMayNotClaimRequirementsOutsideItsPolicy) {
  PublishPolicy();
  const auto key = crypto::SigningKey::Generate();
  auto enrolled = Enrol(NewToken(), key).Json();
  const std::string credential = Str(enrolled, "credential");
  agent::ScanReport claims = Report("pass", "pass");
  claims.rules[0].requirements.push_back("pol-1");  // ssh-root-login serves acc-1 only
  auto r = PostResults(Bundle(claims, 1, key), credential);
  EXPECT_EQ(r.status, 400) << r.body;
  EXPECT_NE(r.body.find("rule ssh-root-login: requirement pol-1"), std::string::npos) << r.body;
  claims = Report("pass", "pass");
  claims.rules.push_back({"invented", "pass", "", {"net-9"}});
  EXPECT_EQ(PostResults(Bundle(claims, 2, key), credential).status, 400);
  EXPECT_TRUE(Observations().empty());
  EXPECT_TRUE(Get(fmt::format("/api/v1/agents/{}/results", enrolled.at("agent_id").as_int64()), op_)
                  .Json().at("items").as_array().empty());
  // The agent's sequence did not move: the honest bundle that follows is accepted.
  r = PostResults(Bundle(Report("fail", "pass"), 2, key), credential);
  ASSERT_EQ(r.status, 201) << r.body;
  const std::int64_t id = enrolled.at("agent_id").as_int64();
  EXPECT_EQ(Observations(), (std::vector<std::string>{Obs("acc-1", id, "hmi-01", "fail"), Obs("pol-1", id, "hmi-01", "pass")}));
}

// Two hosts of one object may share a hostname (a cloned image, a redundant pair): their
// observations stay apart, each compared only with its own agent's.
TEST_F(AgentTest, AgentsSharingAHostnameKeepTheirObservationsApart) {
  PublishPolicy();
  const auto key_a = crypto::SigningKey::Generate(), key_b = crypto::SigningKey::Generate();
  auto a = Enrol(NewToken(), key_a, "scada-srv").Json();
  auto b = Enrol(NewToken(), key_b, "scada-srv").Json();
  const std::int64_t id_a = a.at("agent_id").as_int64(), id_b = b.at("agent_id").as_int64();
  ASSERT_NE(id_a, id_b);
  auto r = PostResults(Bundle(Report("fail", "pass"), 1, key_a), Str(a, "credential"));
  ASSERT_EQ(r.status, 201) << r.body;
  // B's results equal A's: still B's own first observations, not "unchanged" against A's.
  r = PostResults(Bundle(Report("fail", "pass"), 1, key_b), Str(b, "credential"));
  ASSERT_EQ(r.status, 201) << r.body;
  EXPECT_EQ(r.Json().at("observations_added").as_int64(), 2);
  r = PostResults(Bundle(Report("pass", "pass"), 2, key_b), Str(b, "credential"));
  ASSERT_EQ(r.status, 201) << r.body;
  EXPECT_EQ(r.Json().at("observations_added").as_int64(), 1);
  EXPECT_EQ(Observations(), (std::vector<std::string>{Obs("acc-1", id_a, "scada-srv", "fail"),
                                                      Obs("acc-1", id_b, "scada-srv", "pass"),
                                                      Obs("pol-1", id_a, "scada-srv", "pass"),
                                                      Obs("pol-1", id_b, "scada-srv", "pass")}));
}

TEST_F(AgentTest, ImportIngestsAnOfflineBundleOnceThroughTheSamePath) {
  PublishPolicy();
  const auto key = crypto::SigningKey::Generate();
  auto enrolled = Enrol(NewToken(), key);
  ASSERT_EQ(enrolled.status, 201);
  const std::int64_t id = enrolled.Json().at("agent_id").as_int64();
  const fs::path dir = fs::temp_directory_path() / fmt::format("qx-import-{}", ::getpid());
  fs::create_directories(dir);
  const fs::path file = dir / "results.bundle";
  std::ofstream(file) << Bundle(Report("fail", "pass"), 5, key);
  auto [code, out] = server_.Cli("import " + file.string() + " --json");
  ASSERT_EQ(code, 0) << out;
  EXPECT_NE(out.find("\"observations_added\":2"), std::string::npos) << out;
  EXPECT_EQ(Observations(), (std::vector<std::string>{Obs("acc-1", id, "hmi-01", "fail"), Obs("pol-1", id, "hmi-01", "pass")}));
  // The same file again: already imported, nothing written.
  std::tie(code, out) = server_.Cli("import " + file.string());
  EXPECT_EQ(code, 0) << out;
  EXPECT_NE(out.find("already imported"), std::string::npos) << out;
  // Once a later bundle is in, the older file is a replay.
  const fs::path later = dir / "later.bundle";
  std::ofstream(later) << Bundle(Report("pass", "pass"), 6, key);
  std::tie(code, out) = server_.Cli("import " + later.string());
  ASSERT_EQ(code, 0) << out;
  std::tie(code, out) = server_.Cli("import " + file.string());
  EXPECT_NE(code, 0);
  EXPECT_NE(out.find("replayed"), std::string::npos) << out;
  EXPECT_EQ(Observations(), (std::vector<std::string>{Obs("acc-1", id, "hmi-01", "pass"), Obs("pol-1", id, "hmi-01", "pass")}));
  // A bundle of a key no agent enrolled.
  std::ofstream(file) << Bundle(Report("fail", "pass"), 7, crypto::SigningKey::Generate());
  std::tie(code, out) = server_.Cli("import " + file.string());
  EXPECT_NE(code, 0);
  EXPECT_NE(out.find("no enrolled agent"), std::string::npos) << out;
  fs::remove_all(dir);
}

// The real qalxan-agent binary: enrol with the one-time token, fetch and verify the policy,
// evaluate it on a fixture tree, post the signed results.
TEST_F(AgentTest, TheAgentBinaryEnrolsFetchesEvaluatesAndPosts) {
  PublishPolicy();
  const fs::path dir = HostTree("e2e");
  const std::string server = fmt::format("http://127.0.0.1:{}", server_.port());
  auto agent = [&](const std::string& args) { return AgentCli(dir, args); };
  const std::string token = NewToken();
  auto [code, out] = agent(fmt::format("enrol --server {} --token {} --hostname hmi-07", server, token));
  ASSERT_EQ(code, 0) << out;
  EXPECT_NE(out.find("enrolled: agent"), std::string::npos) << out;
  // The private key stays on the host, readable by the agent alone.
  EXPECT_EQ(fs::status(dir / "state/agent.key").permissions() & fs::perms::group_all, fs::perms::none);
  std::tie(code, out) = agent(fmt::format("enrol --server {} --token {}", server, token));
  EXPECT_NE(code, 0);
  EXPECT_NE(out.find("already enrolled"), std::string::npos) << out;  // refused on the host
  // Another host with the same token: the server refuses the spent token.
  std::tie(code, out) = AgentCli(HostTree("e2e-other"), fmt::format("enrol --server {} --token {} --hostname hmi-08", server, token));
  EXPECT_NE(code, 0);
  EXPECT_NE(out.find("used already"), std::string::npos) << out;

  const std::string run = fmt::format("run --server {} --root {}", server, (dir / "root").string());
  std::tie(code, out) = agent(run);
  ASSERT_EQ(code, 0) << out;
  const std::int64_t id = AgentIdOf("hmi-07");
  EXPECT_EQ(Observations(), (std::vector<std::string>{Obs("acc-1", id, "hmi-07", "fail"), Obs("pol-1", id, "hmi-07", "pass")}));
  // --online: the server named at enrolment (what qalxan-agent-online.service runs).
  std::tie(code, out) = agent(fmt::format("run --online --root {}", (dir / "root").string()));  // unchanged
  ASSERT_EQ(code, 0) << out;
  EXPECT_NE(out.find("\"observations_added\":0"), std::string::npos) << out;
  std::ofstream(dir / "root/etc/ssh/sshd_config") << "PermitRootLogin no\n";
  std::tie(code, out) = agent(run);
  ASSERT_EQ(code, 0) << out;
  EXPECT_EQ(Observations(), (std::vector<std::string>{Obs("acc-1", id, "hmi-07", "pass"), Obs("pol-1", id, "hmi-07", "pass")}));

  // A policy whose signature does not verify is not evaluated: the regulator key the agent
  // trusts is the one named at enrolment, so a tampered enrolment file makes every policy fail.
  std::string enrolment;
  {
    std::ifstream in(dir / "state/enrolment.json");
    std::stringstream s;
    s << in.rdbuf();
    enrolment = s.str();
  }
  const auto pk = json::parse(enrolment).at("policy_public_key").as_string();
  const std::string forged = crypto::SigningKey::Generate().PublicKeyHex();
  enrolment.replace(enrolment.find(std::string(pk)), pk.size(), forged);
  std::ofstream(dir / "state/enrolment.json") << enrolment;
  std::tie(code, out) = agent(run);
  EXPECT_NE(code, 0);
  EXPECT_NE(out.find("not the regulator's"), std::string::npos) << out;
  fs::remove_all(dir);
}

// An air-gapped host: the operator downloads the policy the object's agents are served
// (GET /api/v1/objects/{id}/agent-policy), carries its document and signature over as FILE and
// FILE.sig, the real agent verifies them with the regulator's key and writes a bundle, and
// `qalxan import` accepts it: the downloaded bytes are the ones the server issued.
TEST_F(AgentTest, AnOperatorCarriesTheObjectsPolicyToAnAirGappedHost) {
  const std::string path = fmt::format("/api/v1/objects/{}/agent-policy", object_);
  auto r = Get(path, op_);
  EXPECT_EQ(r.status, 404) << r.body;  // nothing published yet
  EXPECT_EQ(Get("/api/v1/objects/999999/agent-policy", op_).status, 404);
  EXPECT_EQ(Get(path, {}).status, 401);

  // The air-gapped host enrols without a network: its request file, carried to the server and
  // posted by the operator's person (what the object's agents page does with the chosen file).
  const fs::path dir = HostTree("airgap");
  auto [code, out] = AgentCli(dir, fmt::format("enrol --offline --out {} --hostname hmi-09",
                                               (dir / "enrol-request.json").string()));
  ASSERT_EQ(code, 0) << out;
  std::string request;
  {
    std::ifstream in(dir / "enrol-request.json");
    std::stringstream text;
    text << in.rdbuf();
    request = text.str();
  }
  EXPECT_EQ(request.find("token"), std::string::npos) << request;
  const auto posted = server_.Request("POST", fmt::format("/api/v1/objects/{}/agents", object_), request, op_);
  ASSERT_EQ(posted.status, 201) << posted.body;
  EXPECT_TRUE(posted.Json().at("offline").as_bool());
  EXPECT_EQ(Str(posted.Json(), "hostname"), "hmi-09");
  EXPECT_EQ(Str(posted.Json(), "public_key"), Str(json::parse(request), "public_key"));
  EXPECT_FALSE(fs::exists(dir / "state/enrolment.json"));  // nothing of the server's on the host
  // Another agent of the object, online, to compare the person's download with the agent's fetch.
  const std::string credential = Str(Enrol(NewToken(), crypto::SigningKey::Generate(), "hmi-online").Json(), "credential");

  // The selection is the agent's: the sector's policy over everyone's, the object's over both.
  PublishPolicy();
  ASSERT_EQ(Post("/api/v1/agent-policies",
                 json::object{{"name", "Everyone"}, {"kind", "native"}, {"document", std::string(kPolicy) + "# all\n"}},
                 reg_).status,
            201);
  r = Get(path, op_);
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(Str(r.Json(), "document"), kPolicy);
  const std::string own = std::string(kPolicy) + "# for this object\n";
  ASSERT_EQ(Post("/api/v1/agent-policies",
                 json::object{{"name", "Pipeline"}, {"kind", "native"}, {"document", own}, {"object_id", object_}},
                 reg_).status,
            201);
  r = Get(path, op_);
  ASSERT_EQ(r.status, 200) << r.body;
  const json::value downloaded = r.Json();
  EXPECT_EQ(Str(downloaded, "document"), own);
  EXPECT_EQ(Str(downloaded, "sha256"), crypto::Sha256Hex(own));
  // Byte for byte what the agent fetches itself.
  EXPECT_EQ(r.body, Get("/api/v1/agent/policy", {{"Authorization", "Bearer " + credential}}).body);
  // The regulator's people may read it; another organisation's may not.
  EXPECT_EQ(Get(path, reg_).status, 200);
  EXPECT_EQ(Get(path, provider_).status, 403);

  // FILE and FILE.sig on the host, verified with the regulator's published key.
  const std::string key = Str(Get("/api/v1/keys", {}).Json().at("keys").as_array()[0], "public_key");
  ASSERT_EQ(Str(downloaded, "key_id"), Str(Get("/api/v1/keys", {}).Json().at("keys").as_array()[0], "key_id"));
  EXPECT_TRUE(crypto::VerifySignature(key, Str(downloaded, "document"), Str(downloaded, "signature")));
  std::ofstream(dir / "agent.yaml") << "regulator_keys: [" << key << "]\n";
  std::ofstream(dir / "policy.yaml", std::ios::binary) << Str(downloaded, "document");
  std::ofstream(dir / "policy.yaml.sig") << Str(downloaded, "signature") << "\n";
  const std::string run = fmt::format("run --policy {} --out {} --root {}", (dir / "policy.yaml").string(),
                                      (dir / "results.bundle").string(), (dir / "root").string());
  // A signature that is not the regulator's stops the agent: nothing evaluated, no bundle.
  std::ofstream(dir / "forged.yaml", std::ios::binary) << own;
  std::ofstream(dir / "forged.yaml.sig") << crypto::SigningKey::Generate().Sign(own) << "\n";
  std::tie(code, out) = AgentCli(dir, fmt::format("run --policy {} --out {} --root {}", (dir / "forged.yaml").string(),
                                                  (dir / "forged.bundle").string(), (dir / "root").string()),
                                 "agent.yaml");
  EXPECT_NE(code, 0) << out;
  EXPECT_NE(out.find("not a valid signature"), std::string::npos) << out;
  EXPECT_FALSE(fs::exists(dir / "forged.bundle"));

  std::tie(code, out) = AgentCli(dir, run, "agent.yaml");
  ASSERT_EQ(code, 0) << out;
  std::string bundle;
  {
    std::ifstream in(dir / "results.bundle");
    std::stringstream text;
    text << in.rdbuf();
    bundle = text.str();
  }
  const json::value body = json::parse(json::parse(bundle).at("body").as_string());
  EXPECT_EQ(Str(body.at("policy"), "sha256"), Str(downloaded, "sha256"));

  std::tie(code, out) = server_.Cli("import " + (dir / "results.bundle").string() + " --json");
  ASSERT_EQ(code, 0) << out;
  EXPECT_NE(out.find("\"observations_added\":2"), std::string::npos) << out;
  const std::int64_t id = AgentIdOf("hmi-09");
  EXPECT_EQ(Observations(), (std::vector<std::string>{Obs("acc-1", id, "hmi-09", "fail"), Obs("pol-1", id, "hmi-09", "pass")}));
  const auto results = Get(fmt::format("/api/v1/agents/{}/results", id), op_).Json().at("items").as_array();
  ASSERT_EQ(results.size(), 1u);
  EXPECT_EQ(Str(results[0], "via"), "import");
  EXPECT_EQ(Str(results[0], "policy").rfind("Pipeline v1 (policy ", 0), 0u) << Str(results[0], "policy");
  fs::remove_all(dir);
}

// An air-gapped host's enrolment request, posted by a person who manages the object's agents:
// the agent record bound to the object and its owner, no credential, audited; every bad request
// refused with its reason and nothing written.
TEST_F(AgentTest, APersonEnrolsAnAirGappedHostFromItsRequest) {
  const std::string path = fmt::format("/api/v1/objects/{}/agents", object_);
  const auto key = crypto::SigningKey::Generate();
  auto request = [](const std::string& public_key, const std::string& host = "hmi-air",
                    const std::string& machine = "0123456789abcdef") {
    return json::object{{"kind", "qalxan-agent-enrolment-request"}, {"public_key", public_key},
                        {"hostname", host}, {"machine_id", machine}};
  };
  // Refused before anything is written: not a key, not an Ed25519 one, bad hostname / machine id.
  EXPECT_EQ(Post(path, request("zz"), op_).status, 400);
  EXPECT_EQ(Post(path, request(std::string(64, '0')), op_).status, 400);  // a point of small order
  std::string upper = key.PublicKeyHex();
  std::transform(upper.begin(), upper.end(), upper.begin(), [](unsigned char c) { return std::toupper(c); });
  if (upper != key.PublicKeyHex()) {
    EXPECT_EQ(Post(path, request(upper), op_).status, 400);
  }
  EXPECT_EQ(Post(path, request(key.PublicKeyHex(), ""), op_).status, 400);
  EXPECT_EQ(Post(path, request(key.PublicKeyHex(), std::string(191, 'h')), op_).status, 400);
  EXPECT_EQ(Post(path, request(key.PublicKeyHex(), "hmi-air", std::string(256, 'm')), op_).status, 400);
  EXPECT_EQ(Post(path, json::object{{"hostname", "hmi-air"}}, op_).status, 400);
  EXPECT_EQ(server_.Request("POST", path, "not json", op_).status, 400);
  // Nobody else enrols on the operator's object: not the provider, not the regulator, not anonymously.
  EXPECT_EQ(Post(path, request(key.PublicKeyHex()), provider_).status, 403);
  EXPECT_EQ(Post(path, request(key.PublicKeyHex()), reg_).status, 403);
  EXPECT_EQ(Post(path, request(key.PublicKeyHex()), {}).status, 401);
  EXPECT_EQ(Post("/api/v1/objects/999999/agents", request(key.PublicKeyHex()), op_).status, 404);
  EXPECT_EQ(Get("/api/v1/agents", op_).Json().at("items").as_array().size(), 0u);

  auto r = Post(path, request(key.PublicKeyHex()), op_);
  ASSERT_EQ(r.status, 201) << r.body;
  const json::value agent = r.Json();
  const std::int64_t id = agent.at("id").as_int64();
  EXPECT_EQ(agent.at("object_id").as_int64(), object_);
  EXPECT_EQ(agent.at("org_id").as_int64(), 3);
  EXPECT_EQ(Str(agent, "hostname"), "hmi-air");
  EXPECT_EQ(Str(agent, "machine_id"), "0123456789abcdef");
  EXPECT_EQ(Str(agent, "key_id"), key.KeyId());
  EXPECT_TRUE(agent.at("offline").as_bool());
  EXPECT_EQ(agent.as_object().if_contains("credential"), nullptr);
  // The same key again, offline or online, is a conflict; so is a key enrolled online first.
  EXPECT_EQ(Post(path, request(key.PublicKeyHex(), "other"), op_).status, 409);
  EXPECT_EQ(Enrol(NewToken(), key).status, 409);
  const auto online_key = crypto::SigningKey::Generate();
  ASSERT_EQ(Enrol(NewToken(), online_key, "hmi-online").status, 201);
  EXPECT_EQ(Post(path, request(online_key.PublicKeyHex()), op_).status, 409);
  const auto listed = Get("/api/v1/agents", op_).Json().at("items").as_array();
  ASSERT_EQ(listed.size(), 2u);
  EXPECT_TRUE(listed[0].at("offline").as_bool());
  EXPECT_FALSE(listed[1].at("offline").as_bool());

  // No credential authenticates it: not the placeholder stored, not its key.
  for (const std::string& bearer : {"none:" + key.PublicKeyHex(), key.PublicKeyHex(), std::string("none:")}) {
    EXPECT_EQ(Get("/api/v1/agent/policy", {{"Authorization", "Bearer " + bearer}}).status, 401) << bearer;
  }
  // Its signed bundles are accepted by its key, imported (no sender), never over HTTP.
  PublishPolicy();
  const std::string bundle = Bundle(Report("fail", "pass"), 1, key);
  EXPECT_EQ(PostResults(bundle, "none:" + key.PublicKeyHex()).status, 401);
  const fs::path dir = fs::temp_directory_path() / fmt::format("qx-offline-{}", ::getpid());
  fs::create_directories(dir);
  std::ofstream(dir / "results.bundle") << bundle;
  auto [code, out] = server_.Cli("import " + (dir / "results.bundle").string() + " --json");
  ASSERT_EQ(code, 0) << out;
  EXPECT_NE(out.find(fmt::format("\"agent_id\":{}", id)), std::string::npos) << out;
  EXPECT_EQ(Observations(), (std::vector<std::string>{Obs("acc-1", id, "hmi-air", "fail"), Obs("pol-1", id, "hmi-air", "pass")}));

  // In the audit trail, under the person, as the owner's; its chain holds.
  const auto entries = AuditEntries("agent.enrol.offline");
  ASSERT_EQ(entries.size(), 1u);  // the refused requests wrote nothing
  EXPECT_EQ(Str(entries[0], "actor").rfind("user:", 0), 0u) << Str(entries[0], "actor");
  EXPECT_EQ(entries[0].at("org_id").as_int64(), 3);
  EXPECT_EQ(Str(entries[0], "object_type"), "agent");
  EXPECT_EQ(Str(entries[0], "object_id"), std::to_string(id));
  EXPECT_EQ(entries[0].at("detail").at("object").as_int64(), object_);
  EXPECT_EQ(Str(entries[0].at("detail"), "key_id"), key.KeyId());
  EXPECT_EQ(Str(entries[0].at("detail"), "hostname"), "hmi-air");
  std::tie(code, out) = server_.Cli("audit verify");
  EXPECT_EQ(code, 0) << out;

  // Revoked, its bundles are refused like any agent's.
  ASSERT_EQ(Post(fmt::format("/api/v1/agents/{}/revoke", id), json::object{}, op_).status, 200);
  std::ofstream(dir / "later.bundle") << Bundle(Report("pass", "pass"), 2, key);
  std::tie(code, out) = server_.Cli("import " + (dir / "later.bundle").string());
  EXPECT_NE(code, 0) << out;
  EXPECT_NE(out.find("revoked"), std::string::npos) << out;
  fs::remove_all(dir);
}

// Every requirement a native policy names must be one a published catalog or profile holds:
// results for any other would match no assessment's item. The first unknown one is named.
TEST_F(AgentTest, APolicyNamingAnUnknownRequirementIsRefusedAtPublication) {
  auto publish = [&](const std::string& document, const json::object& scope) {
    json::object body{{"name", "Checked"}, {"kind", "native"}, {"document", document}};
    for (const auto& [k, v] : scope) body[k] = v;
    return Post("/api/v1/agent-policies", body, reg_);
  };
  auto rule = [](const std::string& id, const std::string& requirements) {
    return fmt::format("  - id: {}\n    requirements: [{}]\n    check:\n      file: {{path: /etc/issue}}\n", id,
                       requirements);
  };
  const json::object sector{{"sector", "oil_and_gas"}};
  // A typo (acc-l for acc-1) beside a known one, then two unknown ones: the first in the document.
  auto r = publish("policy: p\nrules:\n" + rule("banner", "pol-1") + rule("ssh", "acc-1, acc-l"), sector);
  EXPECT_EQ(r.status, 400) << r.body;
  EXPECT_NE(r.body.find("rule ssh names requirement acc-l, which no published catalog or profile holds"),
            std::string::npos)
      << r.body;
  r = publish("policy: p\nrules:\n" + rule("banner", "pol-1") + rule("first", "zz-1") + rule("second", "zz-2"), {});
  EXPECT_EQ(r.status, 400) << r.body;
  EXPECT_NE(r.body.find("requirement zz-1,"), std::string::npos) << r.body;
  EXPECT_EQ(r.body.find("zz-2"), std::string::npos) << r.body;
  // A group's id is no requirement (pol is the group of pol-1); a sub-requirement is one.
  EXPECT_EQ(publish("policy: p\nrules:\n" + rule("banner", "pol"), sector).status, 400);
  EXPECT_TRUE(Get("/api/v1/agent-policies", reg_).Json().at("items").as_array().empty());  // nothing stored
  ASSERT_EQ(publish("policy: p\nrules:\n" + rule("board", "pol-1.1"), sector).status, 201);

  // The operator's special requirements count only for a policy of one of its objects, and only
  // once published.
  const json::value special = json::parse(R"({"catalog": {
    "uuid": "0d3c7a51-6b2e-4f1a-9c8d-2e5b7f0a4c19",
    "metadata": {"title": "Pipeline extras", "last-modified": "2026-11-01T00:00:00Z", "version": "1.0.0",
                 "oscal-version": "1.1.2"},
    "groups": [{"id": "ext", "title": "Extras", "controls": [
      {"id": "ext-1", "title": "Valve room badge readers",
       "parts": [{"id": "ext-1_smt", "name": "statement", "prose": "Badge readers guard the valve room."}]}]}]}})");
  auto filed = Post("/api/v1/catalogs", json::object{{"name", "pipeline-extras"}, {"scope", "special"}, {"document", special}},
                    op_);
  ASSERT_EQ(filed.status, 201) << filed.body;
  const auto special_id = filed.Json().at("catalog").at("id").as_int64();
  const std::string extra = "policy: p\nrules:\n" + rule("badge", "ext-1");
  const json::object one_object{{"object_id", object_}};
  r = publish(extra, one_object);
  EXPECT_EQ(r.status, 400) << r.body;  // a draft
  EXPECT_NE(r.body.find("requirement ext-1"), std::string::npos) << r.body;
  ASSERT_EQ(Post(fmt::format("/api/v1/catalogs/{}/publish", special_id), json::object{}, reg_).status, 200);
  EXPECT_EQ(publish(extra, sector).status, 400);  // not every object of the sector is this operator's
  EXPECT_EQ(publish(extra, {}).status, 400);
  r = publish(extra, one_object);
  EXPECT_EQ(r.status, 201) << r.body;
  EXPECT_EQ(Get("/api/v1/agent-policies", reg_).Json().at("items").as_array().size(), 2u);
}

// Every copy of a policy that leaves the server is audited: the person who downloaded it for an
// air-gapped host or the agent that fetched it, the object, the policy and its version. A refused
// or empty download writes nothing.
TEST_F(AgentTest, PolicyDownloadsAreAudited) {
  const std::string path = fmt::format("/api/v1/objects/{}/agent-policy", object_);
  const auto key = crypto::SigningKey::Generate();
  auto enrolled = Enrol(NewToken(), key).Json();
  const std::int64_t agent_id = enrolled.at("agent_id").as_int64();
  const Headers agent = {{"Authorization", "Bearer " + Str(enrolled, "credential")}};
  auto downloads = [&] { return AuditEntries("agent.policy.download"); };
  ASSERT_EQ(Get(path, op_).status, 404);  // nothing published: nothing served
  ASSERT_EQ(Get("/api/v1/agent/policy", agent).status, 404);
  EXPECT_TRUE(downloads().empty());

  PublishPolicy();
  ASSERT_EQ(Get(path, op_).status, 200);
  ASSERT_EQ(Get(path, provider_).status, 403);  // refused: not audited as a download
  ASSERT_EQ(Get("/api/v1/agent/policy", agent).status, 200);
  const auto policy = Get("/api/v1/agent-policies", reg_).Json().at("items").as_array().at(0);
  const std::int64_t policy_id = policy.at("id").as_int64();
  const auto entries = downloads();
  ASSERT_EQ(entries.size(), 2u);
  // Oldest first: the operator's download, then the agent's fetch.
  EXPECT_EQ(Str(entries[1], "actor"), fmt::format("agent:{}", agent_id));
  const std::string op_actor = Str(entries[0], "actor");
  EXPECT_EQ(op_actor.rfind("user:", 0), 0u) << op_actor;
  // The same person who created the enrolment token.
  const auto created = AuditEntries("agent.enrolment.create");
  ASSERT_FALSE(created.empty());
  EXPECT_EQ(Str(created[0], "actor"), op_actor);
  for (const auto& e : entries) {
    EXPECT_EQ(e.at("org_id").as_int64(), 3);
    EXPECT_EQ(Str(e, "object_type"), "agent_policy");
    EXPECT_EQ(Str(e, "object_id"), std::to_string(policy_id));
    const auto& detail = e.at("detail");
    EXPECT_EQ(detail.at("object").as_int64(), object_);
    EXPECT_EQ(detail.at("version").as_int64(), 1);
    EXPECT_EQ(Str(detail, "name"), "KII baseline");
    EXPECT_EQ(Str(detail, "sha256"), crypto::Sha256Hex(kPolicy));
  }
  // The regulator's own download is audited too, under the regulator's person, as the object's.
  ASSERT_EQ(Get(path, reg_).status, 200);
  const auto after = downloads();
  ASSERT_EQ(after.size(), 3u);
  EXPECT_NE(Str(after[2], "actor"), op_actor);
  EXPECT_EQ(Str(after[2], "actor").rfind("user:", 0), 0u);
  EXPECT_EQ(after[2].at("org_id").as_int64(), 3);
  EXPECT_EQ(after[2].at("detail").at("object").as_int64(), object_);
}

// The digest a policy is served, listed, audited and found by is the one stored with it, and the
// database is not trusted to keep it well formed: one that is not 64 lower-case hex digits (the
// PostgreSQL column's CHECK dropped first) is a server error, never served, listed, audited or
// matched by a bundle.
TEST_F(AgentTest, APolicyWhoseStoredDigestIsCorruptIsNeverServed) {
  const auto key = crypto::SigningKey::Generate();
  auto enrolled = Enrol(NewToken(), key).Json();
  const std::string credential = Str(enrolled, "credential");
  const Headers agent = {{"Authorization", "Bearer " + credential}};
  PublishPolicy();
  const auto served = Get("/api/v1/agent/policy", agent);
  ASSERT_EQ(served.status, 200) << served.body;
  EXPECT_EQ(Str(served.Json(), "sha256"), crypto::Sha256Hex(kPolicy));
  ASSERT_EQ(AuditEntries("agent.policy.download").size(), 1u);

  if (server_.backend() == "postgresql") server_.Sql("ALTER TABLE agent_policies DROP CONSTRAINT agent_policies_sha256_hex");
  server_.Sql("UPDATE agent_policies SET sha256 = upper(sha256)");
  EXPECT_EQ(Get("/api/v1/agent/policy", agent).status, 500);
  EXPECT_EQ(Get(fmt::format("/api/v1/objects/{}/agent-policy", object_), op_).status, 500);
  EXPECT_EQ(Get("/api/v1/agent-policies", reg_).status, 500);
  EXPECT_EQ(AuditEntries("agent.policy.download").size(), 1u);
  // The host's digest of the document it ran matches no stored digest (and a bundle naming the
  // corrupt one is malformed: a digest is lower-case hex): refused, nothing written.
  const auto refused = PostResults(Bundle(Report("fail", "pass"), 1, key), credential);
  EXPECT_EQ(refused.status, 400) << refused.body;
  EXPECT_NE(refused.body.find("never issued"), std::string::npos) << refused.body;
  EXPECT_TRUE(Observations().empty());
}

// Conditional fetches (RFC 9110 If-None-Match): the policy carries a strong entity tag, the
// SHA-256 of the body; a request naming it is answered 304 with no content and leaves nothing in
// the audit trail (nothing left the server). Authentication and authorisation come first.
TEST_F(AgentTest, AnUnchangedPolicyIsAnsweredNotModifiedAndNotAudited) {
  const std::string path = "/api/v1/agent/policy";
  const std::string object_path = fmt::format("/api/v1/objects/{}/agent-policy", object_);
  auto enrolled = Enrol(NewToken(), crypto::SigningKey::Generate()).Json();
  const std::int64_t agent_id = enrolled.at("agent_id").as_int64();
  const Headers agent = {{"Authorization", "Bearer " + Str(enrolled, "credential")}};
  auto with = [](Headers h, const std::string& if_none_match) {
    h.emplace_back("If-None-Match", if_none_match);
    return h;
  };
  auto downloads = [&] { return static_cast<std::ptrdiff_t>(AuditEntries("agent.policy.download").size()); };
  // A precondition applies only to what would be a 2xx: nothing published is 404, whatever it says.
  EXPECT_EQ(Get(path, with(agent, "*")).status, 404);
  EXPECT_EQ(Get(object_path, with(op_, "*")).status, 404);

  PublishPolicy();
  const auto first = Get(path, agent);
  ASSERT_EQ(first.status, 200) << first.body;
  const std::string etag = first.Header("ETag");
  EXPECT_EQ(etag, "\"" + crypto::Sha256Hex(first.body) + "\"");
  EXPECT_EQ(first.Header("Cache-Control"), "private, no-cache");
  EXPECT_EQ(downloads(), 1);

  // The same tag again: 304, the tag, no content, no audit entry.
  const auto again = Get(path, with(agent, etag));
  EXPECT_EQ(again.status, 304);
  EXPECT_TRUE(again.body.empty());
  EXPECT_EQ(again.Header("ETag"), etag);
  EXPECT_EQ(again.Header("Content-Length"), "");
  EXPECT_EQ(again.Header("Cache-Control"), "private, no-cache");
  // A list naming it, its weak form (If-None-Match compares weakly), and "*" (a policy exists).
  for (const std::string& v : {"\"v0\", " + etag + ", \"v9\"", " ,W/" + etag, std::string("*")}) {
    const auto r = Get(path, with(agent, v));
    EXPECT_EQ(r.status, 304) << v;
    EXPECT_TRUE(r.body.empty()) << v;
  }
  EXPECT_EQ(downloads(), 1);

  // Anything else is the full answer, audited: other tags, and a malformed field (ignored).
  for (const std::string& v : {std::string("\"other\""), std::string("garbage"), etag.substr(1, etag.size() - 2),
                               etag + " junk", std::string("")}) {
    const auto r = Get(path, with(agent, v));
    EXPECT_EQ(r.status, 200) << v;
    EXPECT_EQ(r.body, first.body) << v;
    EXPECT_EQ(r.Header("ETag"), etag) << v;
  }
  EXPECT_EQ(downloads(), 6);

  // No credential, a forged one: 401 and nothing of the policy, whatever the tag.
  for (const Headers& h : {Headers{}, Headers{{"Authorization", "Bearer qxa_forged"}}}) {
    const auto r = Get(path, with(h, etag));
    EXPECT_EQ(r.status, 401);
    EXPECT_EQ(r.Header("ETag"), "");
  }

  // The air-gapped download: the same body and so the same tag; the person's rights come first.
  const auto carried = Get(object_path, op_);
  ASSERT_EQ(carried.status, 200);
  EXPECT_EQ(carried.Header("ETag"), etag);
  EXPECT_EQ(downloads(), 7);
  const auto kept = Get(object_path, with(op_, etag));
  EXPECT_EQ(kept.status, 304);
  EXPECT_TRUE(kept.body.empty());
  EXPECT_EQ(kept.Header("ETag"), etag);
  const auto other_org = Get(object_path, with(provider_, etag));
  EXPECT_EQ(other_org.status, 403);
  EXPECT_EQ(other_org.Header("ETag"), "");
  EXPECT_EQ(Get(object_path, with({}, etag)).status, 401);
  EXPECT_EQ(downloads(), 7);

  // A HEAD: the GET's headers (its tag and length), no body, and so no audit entry; 304 when it
  // names the tag.
  for (const auto& [target, who] : {std::pair{path, agent}, std::pair{object_path, op_}}) {
    const auto head = server_.Request("HEAD", target, "", who);
    EXPECT_EQ(head.status, 200) << target;
    EXPECT_TRUE(head.body.empty()) << target;
    EXPECT_EQ(head.Header("ETag"), etag) << target;
    EXPECT_EQ(head.Header("Content-Length"), std::to_string(first.body.size())) << target;
    EXPECT_EQ(server_.Request("HEAD", target, "", with(who, etag)).status, 304) << target;
  }
  EXPECT_EQ(server_.Request("HEAD", path, "", {}).status, 401);
  EXPECT_EQ(downloads(), 7);

  // A new version is a new body: 200 with another tag, which the next request may name.
  PublishPolicy(std::string(kPolicy) + "# version 2\n");
  const auto second = Get(path, with(agent, etag));
  ASSERT_EQ(second.status, 200) << second.body;
  EXPECT_EQ(Str(second.Json(), "document"), std::string(kPolicy) + "# version 2\n");
  const std::string etag2 = second.Header("ETag");
  EXPECT_NE(etag2, etag);
  EXPECT_EQ(etag2, "\"" + crypto::Sha256Hex(second.body) + "\"");
  EXPECT_EQ(Get(path, with(agent, etag2)).status, 304);
  EXPECT_EQ(Get(object_path, with(op_, etag)).status, 200);
  EXPECT_EQ(downloads(), 9);

  // A revoked agent is refused before its tag is looked at.
  ASSERT_EQ(Post(fmt::format("/api/v1/agents/{}/revoke", agent_id), json::object{}, op_).status, 200);
  EXPECT_EQ(Get(path, with(agent, etag2)).status, 401);
  EXPECT_EQ(downloads(), 9);
  auto [code, out] = server_.Cli("audit verify");
  EXPECT_EQ(code, 0) << out;
}

// The real agent keeps the last policy it fetched (state/policy.json, 0600) and names its tag on
// the next fetch: an unchanged policy is not sent again and leaves no audit entry; the kept copy
// is verified again on every use, so one altered on the host is refused like a forged policy.
TEST_F(AgentTest, TheAgentKeepsItsPolicyAndFetchesItAgainOnlyWhenItChanged) {
  PublishPolicy();
  const fs::path dir = HostTree("kept");
  const fs::path kept = dir / "state/policy.json";
  const std::string server = fmt::format("http://127.0.0.1:{}", server_.port());
  auto [code, out] = AgentCli(dir, fmt::format("enrol --server {} --token {} --hostname hmi-11", server, NewToken()));
  ASSERT_EQ(code, 0) << out;
  const std::int64_t id = AgentIdOf("hmi-11");
  auto downloads = [&] { return static_cast<std::ptrdiff_t>(AuditEntries("agent.policy.download").size()); };
  auto results = [&] { return Get(fmt::format("/api/v1/agents/{}/results", id), op_).Json().at("items").as_array().size(); };
  auto read_kept = [&] {
    std::ifstream in(kept);
    std::stringstream text;
    text << in.rdbuf();
    return json::parse(text.str()).as_object();
  };
  auto write_kept = [&](const json::object& o) { std::ofstream(kept, std::ios::trunc) << json::serialize(o); };
  const std::string run = fmt::format("run --online --root {}", (dir / "root").string());

  std::tie(code, out) = AgentCli(dir, run);
  ASSERT_EQ(code, 0) << out;
  EXPECT_EQ(downloads(), 1);
  ASSERT_TRUE(fs::exists(kept));
  EXPECT_EQ(fs::status(kept).permissions() & (fs::perms::group_all | fs::perms::others_all), fs::perms::none);
  const json::object first = read_kept();
  const std::string etag = Str(first, "etag");
  EXPECT_EQ(etag, "\"" + crypto::Sha256Hex(Str(first, "reply")) + "\"");
  EXPECT_EQ(Str(json::parse(Str(first, "reply")), "document"), kPolicy);

  // Unchanged: the server answers 304, the kept copy is evaluated, the results are posted.
  std::tie(code, out) = AgentCli(dir, run);
  ASSERT_EQ(code, 0) << out;
  EXPECT_NE(out.find("(unchanged): results accepted"), std::string::npos) << out;
  EXPECT_EQ(downloads(), 1);
  EXPECT_EQ(results(), 2u);
  EXPECT_EQ(read_kept(), first);

  // An altered kept copy (the document, or the signature of another key) is not the answer its tag
  // names: not used, with a warning; the fetch is unconditional (served, audited) and the fresh
  // answer kept in its place.
  json::value reply = json::parse(Str(first, "reply"));
  reply.as_object()["document"] = std::string(kPolicy) + "  - id: extra\n";
  write_kept({{"etag", etag}, {"reply", json::serialize(reply)}});
  std::tie(code, out) = AgentCli(dir, run);
  ASSERT_EQ(code, 0) << out;
  EXPECT_NE(out.find("policy.json is not the answer its tag names"), std::string::npos) << out;
  EXPECT_EQ(read_kept(), first);
  reply = json::parse(Str(first, "reply"));
  reply.as_object()["signature"] = crypto::SigningKey::Generate().Sign(Str(reply, "document"));
  write_kept({{"etag", etag}, {"reply", json::serialize(reply)}});
  std::tie(code, out) = AgentCli(dir, run);
  ASSERT_EQ(code, 0) << out;
  EXPECT_NE(out.find("policy.json is not the answer its tag names"), std::string::npos) << out;
  EXPECT_EQ(read_kept(), first);
  EXPECT_EQ(results(), 4u);
  EXPECT_EQ(downloads(), 3);

  // A kept copy that is no such file, or whose tag could smuggle a header, is not used: the
  // fetch is unconditional (served and audited) and the fresh answer kept.
  for (const std::string& bad : {std::string("{not json"),
                                 json::serialize(json::object{{"etag", etag + "\r\nX-Injected: 1"},
                                                              {"reply", Str(first, "reply")}})}) {
    std::ofstream(kept, std::ios::trunc) << bad;
    std::tie(code, out) = AgentCli(dir, run);
    ASSERT_EQ(code, 0) << out;
    EXPECT_EQ(read_kept(), first);
  }
  EXPECT_EQ(downloads(), 5);
  fs::remove(kept);
  std::tie(code, out) = AgentCli(dir, run);
  ASSERT_EQ(code, 0) << out;
  EXPECT_EQ(downloads(), 6);
  EXPECT_EQ(results(), 7u);

  // A new version: served (a new tag), audited, kept in place of the old one.
  PublishPolicy(std::string(kPolicy) + "# version 2\n");
  std::tie(code, out) = AgentCli(dir, run);
  ASSERT_EQ(code, 0) << out;
  EXPECT_NE(out.find("KII baseline v2: results accepted"), std::string::npos) << out;
  EXPECT_EQ(downloads(), 7);
  const json::object second = read_kept();
  EXPECT_NE(Str(second, "etag"), etag);
  EXPECT_EQ(Str(json::parse(Str(second, "reply")), "document"), std::string(kPolicy) + "# version 2\n");
  std::tie(code, out) = AgentCli(dir, run);
  ASSERT_EQ(code, 0) << out;
  EXPECT_NE(out.find("KII baseline v2 (unchanged): results accepted"), std::string::npos) << out;
  EXPECT_EQ(downloads(), 7);
  // The older answer, still signed by the regulator, kept under the current tag: the server would
  // answer 304 to that tag, but the copy is not what the tag names, so v2 is fetched and run.
  write_kept({{"etag", Str(second, "etag")}, {"reply", Str(first, "reply")}});
  std::tie(code, out) = AgentCli(dir, run);
  ASSERT_EQ(code, 0) << out;
  EXPECT_NE(out.find("policy.json is not the answer its tag names"), std::string::npos) << out;
  EXPECT_NE(out.find("KII baseline v2: results accepted"), std::string::npos) << out;
  EXPECT_EQ(downloads(), 8);
  EXPECT_EQ(read_kept(), second);
  fs::remove_all(dir);
}

// The same server over HTTPS with a throwaway certificate for 127.0.0.1 (made once per process).
struct TlsFiles {
  std::string cert, key;
};
const TlsFiles& TestCertificate() {
  static const TlsFiles files = [] {
    const fs::path dir = fs::temp_directory_path() / fmt::format("qx-agent-cert-{}", ::getpid());
    fs::create_directories(dir);
    TlsFiles f{(dir / "cert.pem").string(), (dir / "key.pem").string()};
    const std::string make = "openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 1"
                             " -subj /CN=127.0.0.1 -addext subjectAltName=IP:127.0.0.1 -keyout " +
                             f.key + " -out " + f.cert + " >/dev/null 2>&1";
    if (std::system(make.c_str()) != 0) throw std::runtime_error("openssl could not make a test certificate");
    return f;
  }();
  return files;
}

class AgentTlsTest : public AgentTest {
 protected:
  AgentTlsTest()
      : AgentTest([](app::Config& c) {
          c.tls_cert = TestCertificate().cert;
          c.tls_key = TestCertificate().key;
        }) {}
};

TEST_F(AgentTlsTest, TheAgentTrustsTheServerOnlyThroughItsCaFile) {
  PublishPolicy();
  const fs::path dir = HostTree("tls");
  const std::string server = fmt::format("https://127.0.0.1:{}", server_.port());
  const std::string token = NewToken();
  // A certificate no configured authority signed: refused before anything is sent.
  auto [code, out] = AgentCli(dir, fmt::format("enrol --server {} --token {}", server, token));
  EXPECT_NE(code, 0) << out;
  EXPECT_NE(out.find("certificate"), std::string::npos) << out;
  // Plain HTTP to the TLS port is no way around it.
  std::tie(code, out) = AgentCli(dir, fmt::format("enrol --server http://127.0.0.1:{} --token {}", server_.port(), token));
  EXPECT_NE(code, 0) << out;

  // With the server's certificate as its CA file the same token (still unspent) enrols it.
  const std::string ca = "--ca-file " + TestCertificate().cert;
  std::tie(code, out) = AgentCli(dir, fmt::format("enrol --server {} --token {} {} --hostname hmi-tls", server, token, ca));
  ASSERT_EQ(code, 0) << out;
  std::tie(code, out) = AgentCli(dir, fmt::format("run --server {} {} --root {}", server, ca, (dir / "root").string()));
  ASSERT_EQ(code, 0) << out;
  const std::int64_t id = AgentIdOf("hmi-tls");
  EXPECT_EQ(Observations(), (std::vector<std::string>{Obs("acc-1", id, "hmi-tls", "fail"), Obs("pol-1", id, "hmi-tls", "pass")}));
  fs::remove_all(dir);
}

}  // namespace
}  // namespace qx::testing
