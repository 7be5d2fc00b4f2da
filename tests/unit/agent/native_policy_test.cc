#include "qx/agent/native_policy.h"

#include <gtest/gtest.h>

#include <map>

#include "fixture_host.h"

namespace qx::agent {
namespace {

const char* kPolicy = R"(
policy: regulator-baseline
version: 2
rules:
  - id: ssh-root-login
    requirements: [KII-ACC-1]
    check: {file_content: {path: /etc/ssh/sshd_config, key: PermitRootLogin, equals: "no"}}
  - id: pass-max-days
    requirements: [KII-ACC-2]
    check: {file_content: {path: /etc/login.defs, key: PASS_MAX_DAYS, at_most: 90}}
  - id: no-empty-passwords-comment
    requirements: [KII-ACC-3]
    check: {file_content: {path: /etc/ssh/sshd_config, regex: "^PermitEmptyPasswords\\s+yes", absent: true}}
  - id: shadow-mode
    requirements: [KII-FS-1]
    check: {file: {path: /etc/shadow, mode_max: "0640", owner_uid: 0}}
  - id: world-writable
    requirements: [KII-FS-2]
    check: {no_world_writable: {root: /, filesystems: local, exclude: [/tmp]}}
  - id: ip-forward
    requirements: [KII-NET-1]
    check: {sysctl: {name: net.ipv4.ip_forward, equals: "0"}}
  - id: telnet-absent
    requirements: [KII-PKG-1]
    check: {package: {name: telnetd, installed: false}}
  - id: openssh-patched
    requirements: [KII-PKG-2]
    check: {package: {name: openssh-server, version_at_least: "1:9.2p1-2+deb12u3"}}
  - id: sshd-enabled
    requirements: [KII-SVC-1]
    check: {systemd_unit: {unit: ssh.service, enabled: true}}
  - id: debug-shell-masked
    requirements: [KII-SVC-2]
    check: {systemd_unit: {unit: debug-shell.service, masked: true}}
  - id: tmp-options
    requirements: [KII-FS-3]
    check: {mount: {mount_point: /tmp, options: [nodev, nosuid, noexec]}}
  - id: only-ssh-listens
    requirements: [KII-NET-2]
    check: {listening_ports: {allowed: [22], protocol: tcp}}
  - id: no-telnet-port
    requirements: [KII-NET-3]
    check: {listening_ports: {forbidden: [23]}}
  - id: accounts
    requirements: [KII-ACC-4, KII-ACC-5]
    check: {users: {only_root_has_uid_0: true, no_empty_passwords: true}}
  - id: password-age
    requirements: [KII-ACC-6]
    check: {users: {password_max_days_at_most: 90}}
  - id: uptime-command
    requirements: [KII-CMD-1]
    check: {command: {argv: [/bin/echo, ok], output_regex: "^ok$"}}
)";

std::map<std::string, RuleResult> Evaluate(const NativePolicy& policy, const Host& host, NativeRunOptions options = {}) {
  std::map<std::string, RuleResult> out;
  for (RuleResult& r : EvaluateNativePolicy(policy, host, options).rules) out[r.id] = r;
  return out;
}

TEST(NativePolicyTest, EachCheckTypeEvaluatesOnTheFixture) {
  auto policy = ParseNativePolicy(kPolicy);
  ASSERT_TRUE(policy) << policy.error().message;
  testing::FixtureTree tree;
  tree.Chmod("etc/shadow", 0640);
  auto host = tree.Host();
  auto got = Evaluate(*policy, *host);
  const std::map<std::string, std::string> expected = {
      {"ssh-root-login", "pass"}, {"pass-max-days", "fail"}, {"no-empty-passwords-comment", "pass"},
      {"shadow-mode", "pass"}, {"world-writable", "pass"}, {"ip-forward", "pass"}, {"telnet-absent", "pass"},
      {"openssh-patched", "pass"}, {"sshd-enabled", "pass"}, {"debug-shell-masked", "pass"},
      {"tmp-options", "fail"}, {"only-ssh-listens", "fail"}, {"no-telnet-port", "pass"}, {"accounts", "pass"},
      {"password-age", "fail"}, {"uptime-command", "notchecked"}};
  for (const auto& [id, result] : expected) EXPECT_EQ(got[id].result, result) << id << ": " << got[id].reason;
  EXPECT_EQ(got["accounts"].requirements, (std::vector<std::string>{"KII-ACC-4", "KII-ACC-5"}));
  EXPECT_NE(got["uptime-command"].reason.find("signed"), std::string::npos);
}

TEST(NativePolicyTest, WalkRulesSeeChangesAndExclusions) {
  auto policy = ParseNativePolicy(kPolicy);
  ASSERT_TRUE(policy);
  testing::FixtureTree tree;
  tree.Write("tmp/scratch", "x");
  tree.Chmod("tmp/scratch", 0666);  // excluded
  EXPECT_EQ(Evaluate(*policy, *tree.Host())["world-writable"].result, "pass");
  tree.Chmod("srv/data/report.txt", 0666);  // /srv is local: included with filesystems: local
  EXPECT_EQ(Evaluate(*policy, *tree.Host())["world-writable"].result, "fail");
}

TEST(NativePolicyTest, CommandChecksNeedASignedPolicyAndTheOperatorsConsent) {
  auto policy = ParseNativePolicy(kPolicy);
  ASSERT_TRUE(policy);
  testing::FixtureTree tree;
  auto host = tree.Host();
  NativeRunOptions signed_only;
  signed_only.policy_signed = true;
  EXPECT_EQ(Evaluate(*policy, *host, signed_only)["uptime-command"].result, "notchecked");
  NativeRunOptions both = signed_only;
  both.commands_enabled = true;
  EXPECT_EQ(Evaluate(*policy, *host, both)["uptime-command"].result, "pass");
}

TEST(NativePolicyTest, MalformedPoliciesAreRefusedWithTheReason) {
  auto error_of = [](const std::string& yaml) {
    auto p = ParseNativePolicy(yaml);
    return p ? std::string() : p.error().message;
  };
  EXPECT_NE(error_of("policy: [unclosed").find("YAML"), std::string::npos);
  EXPECT_NE(error_of("rules: []").find("policy"), std::string::npos);
  EXPECT_NE(error_of("policy: p\nrules: [{id: a, check: {sysctl: {name: x, equals: '1'}}}]").find("requirements"), std::string::npos);
  EXPECT_NE(error_of("policy: p\nrules: [{id: a, requirements: [R], check: {teleport: {}}}]").find("unknown check"), std::string::npos);
  EXPECT_NE(error_of("policy: p\nrules: [{id: a, requirements: [R], check: {sysctl: {equals: '1'}}}]").find("name"), std::string::npos);
  EXPECT_NE(error_of("policy: p\nrules: [{id: a, requirements: [R], check: {file_content: {path: /x, regex: '('}}}]").find("regex"), std::string::npos);
  EXPECT_NE(error_of("policy: p\nrules: [{id: a, requirements: [R], check: {command: {argv: [sh, -c, x]}}}]").find("absolute"), std::string::npos);
  EXPECT_NE(error_of("policy: p\nrules:\n - {id: a, requirements: [R], check: {sysctl: {name: x, equals: '1'}}}\n - {id: a, requirements: [R], check: {sysctl: {name: x, equals: '1'}}}").find("twice"), std::string::npos);
  EXPECT_NE(error_of("policy: p\nrules: [{id: 'bad id!', requirements: [R], check: {sysctl: {name: x, equals: '1'}}}]").find("id"), std::string::npos);
  EXPECT_FALSE(ParseNativePolicy(std::string("\x00\xff\xfe", 3)));
}

}  // namespace
}  // namespace qx::agent
