#include "qx/agent/scap_content.h"

#include <gtest/gtest.h>

#include <map>

#include "fixture_host.h"

namespace qx::agent {
namespace {

constexpr const char* kRule = "xccdf_org.qalxan.mini_rule_";

std::map<std::string, RuleResult> ByName(const ScanReport& report) {
  std::map<std::string, RuleResult> out;
  for (const RuleResult& r : report.rules) out[r.id.substr(std::string(kRule).size())] = r;
  return out;
}

class ScapContentTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto parsed = ScapContent::Parse(testing::ReadFixture("scap/mini-ds.xml"));
    ASSERT_TRUE(parsed) << parsed.error().message;
    content_ = std::make_unique<ScapContent>(std::move(*parsed));
  }
  ScanReport Run(const std::string& profile, const testing::FixtureTree& tree) {
    auto id = content_->ResolveProfile(profile);
    EXPECT_TRUE(id);
    auto host = tree.Host();
    ScanOptions options;
    options.now_seconds = 1000000;
    auto report = content_->Evaluate(*host, *id, options);
    EXPECT_TRUE(report) << report.error().message;
    return *report;
  }
  std::unique_ptr<ScapContent> content_;
};

TEST_F(ScapContentTest, EveryRuleOfTheMiniDataStreamHasItsExpectedResult) {
  testing::FixtureTree tree;
  const ScanReport report = Run("mini", tree);
  const std::map<std::string, std::string> expected = {
      {"sshd_disable_root_login", "pass"},       {"sshd_max_auth_tries", "fail"},  // refined to 3
      {"file_permissions_etc_passwd", "pass"},   {"file_permissions_etc_shadow", "fail"},
      {"logindefs_pass_max_days", "fail"},       {"package_telnetd_removed", "pass"},
      {"package_openssh_patched", "pass"},       {"sysctl_ip_forward", "pass"},
      {"mount_option_tmp_nodev_nosuid", "pass"}, {"mount_option_srv_noexec", "fail"},
      {"arch_x86_64", "pass"},                   {"family_unix", "pass"},
      {"accounts_root_max_life", "fail"},        {"accounts_no_uid_except_zero", "pass"},
      {"service_sshd_enabled", "pass"},          {"service_debug_shell_masked", "pass"},
      {"apparmor_in_multi_user", "pass"},        {"root_path_no_dot", "pass"},
      {"no_world_writable_files", "pass"},       {"fn_concat", "pass"},
      {"fn_regex_capture_arithmetic", "pass"},   {"fn_count", "pass"},
      {"fn_unique", "pass"},                     {"fn_substring", "pass"},
      {"fn_split", "pass"},                      {"fn_time_difference", "pass"},
      {"fn_glob_to_regex", "pass"},              {"logic_or_extend", "pass"},
      {"logic_negated_criteria", "fail"},        {"audit_rules_immutable", "pass"},
      {"sshd_x11_forwarding_off", "pass"},       {"error_not_a_number", "error"},
      {"unsupported_process58", "notchecked"},   {"no_check", "notchecked"},
      {"remote_check", "notchecked"},            {"container_only", "notapplicable"},
  };
  auto got = ByName(report);
  ASSERT_EQ(got.size(), expected.size());
  for (const auto& [name, result] : expected) {
    ASSERT_TRUE(got.count(name)) << name;
    EXPECT_EQ(got[name].result, result) << name << ": " << got[name].reason;
    if (result == "notchecked" || result == "error" || result == "notapplicable") {
      EXPECT_FALSE(got[name].reason.empty()) << name;
    }
  }
  EXPECT_NE(got["unsupported_process58"].reason.find("process58"), std::string::npos);
  EXPECT_EQ(report.filesystem_walks, 1u);
}

TEST_F(ScapContentTest, ChangesOnTheHostChangeTheResults) {
  testing::FixtureTree tree;
  tree.Chmod("etc/shadow", 0640);
  tree.Write("etc/cron.d/open", "* * * * * root true\n");
  tree.Chmod("etc/cron.d/open", 0666);
  tree.Write(".dockerenv", "");
  tree.Write("etc/passwd", "root:x:0:0::/root:/bin/bash\ntoor:x:0:0::/root:/bin/sh\n");
  auto got = ByName(Run("mini", tree));
  EXPECT_EQ(got["file_permissions_etc_shadow"].result, "pass");
  EXPECT_EQ(got["no_world_writable_files"].result, "fail");
  EXPECT_EQ(got["accounts_no_uid_except_zero"].result, "fail");
  EXPECT_EQ(got["sysctl_ip_forward"].result, "notapplicable");
  EXPECT_NE(got["sysctl_ip_forward"].reason.find("container"), std::string::npos);
  EXPECT_EQ(got["container_only"].result, "pass");
}

TEST_F(ScapContentTest, ProfilesResolveByIdOrShortNameWithDefaultValues) {
  auto profiles = content_->Profiles();
  ASSERT_EQ(profiles.size(), 2u);
  EXPECT_TRUE(content_->ResolveProfile("xccdf_org.qalxan.mini_profile_lenient"));
  EXPECT_FALSE(content_->ResolveProfile("nope"));
  testing::FixtureTree tree;
  auto got = ByName(Run("lenient", tree));
  ASSERT_EQ(got.size(), 2u);
  EXPECT_EQ(got["sshd_max_auth_tries"].result, "pass");  // default value 5
}

TEST_F(ScapContentTest, HugeBinaryAndSpecialFilesGiveClearResults) {
  testing::FixtureTree tree;
  tree.Write("etc/ssh/sshd_config", std::string("PermitRootLogin no\n\0\xff\xfe binary\n", 30) + std::string(4096, '#'));
  auto host = tree.Host();
  auto id = content_->ResolveProfile("mini");
  ScanOptions small;
  small.max_file_bytes = 2048;  // sshd_config is now "huge"; os-release (the platform check) is not
  auto report = content_->Evaluate(*host, *id, small);
  ASSERT_TRUE(report);
  auto got = ByName(*report);
  EXPECT_EQ(got["sshd_disable_root_login"].result, "error");
  EXPECT_NE(got["sshd_disable_root_login"].reason.find("larger than"), std::string::npos);
  auto normal = ByName(Run("mini", tree));
  EXPECT_EQ(normal["sshd_disable_root_login"].result, "pass");  // binary bytes do not matter
}

TEST(ScapContentParseTest, RejectsMalformedTruncatedAndHostileContent) {
  const std::string ds = testing::ReadFixture("scap/mini-ds.xml");
  EXPECT_FALSE(ScapContent::Parse(ds.substr(0, ds.size() / 2)));
  EXPECT_FALSE(ScapContent::Parse("<notscap/>"));
  EXPECT_FALSE(ScapContent::Parse("<!DOCTYPE x [<!ENTITY a 'b'>]>" + ds.substr(ds.find("<ds:"))));
}

}  // namespace
}  // namespace qx::agent
