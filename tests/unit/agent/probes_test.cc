#include <gtest/gtest.h>

#include "fixture_host.h"
#include "qx/agent/oval_engine.h"
#include "qx/agent/systemd_units.h"

namespace qx::agent {
namespace {

// An oval_definitions document with the given objects (and states, variables).
OvalDocument Doc(const std::string& objects, const std::string& extra = "") {
  const std::string xml =
      "<oval_definitions xmlns='http://oval.mitre.org/XMLSchema/oval-definitions-5' "
      "xmlns:ind='http://oval.mitre.org/XMLSchema/oval-definitions-5#independent' "
      "xmlns:unix='http://oval.mitre.org/XMLSchema/oval-definitions-5#unix' "
      "xmlns:linux='http://oval.mitre.org/XMLSchema/oval-definitions-5#linux'><objects>" +
      objects + "</objects>" + extra + "</oval_definitions>";
  auto node = ParseXml(xml);
  EXPECT_TRUE(node) << node.error().message;
  OvalDocument doc;
  EXPECT_TRUE(doc.Add(std::move(*node)));
  return doc;
}

TEST(ProbesTest, DpkgListsOnlyInstalledPackagesWithTheirVersionParts) {
  testing::FixtureTree tree;
  auto host = tree.Host();
  OvalDocument doc = Doc(
      "<linux:dpkginfo_object id='o1'><linux:name operation='pattern match'>.*</linux:name></linux:dpkginfo_object>");
  OvalEngine engine(doc, *host, {});
  auto got = engine.CollectObject("o1");
  ASSERT_TRUE(got);
  ASSERT_EQ(got->items.size(), 3u);  // telnetd has only its configuration files left
  const Item& ssh = got->items[0];
  EXPECT_EQ(ssh.Values("name")[0], "openssh-server");
  EXPECT_EQ(ssh.Values("epoch")[0], "1");
  EXPECT_EQ(ssh.Values("version")[0], "9.2p1");
  EXPECT_EQ(ssh.Values("release")[0], "2+deb12u3");
  EXPECT_EQ(ssh.Values("evr")[0], "1:9.2p1-2+deb12u3");
}

TEST(ProbesTest, ShadowLeavesUnsetNumbersOutAndNamesTheHash) {
  testing::FixtureTree tree;
  auto host = tree.Host();
  OvalDocument doc = Doc("<unix:shadow_object id='o1'><unix:username operation='pattern match'>.*</unix:username></unix:shadow_object>");
  OvalEngine engine(doc, *host, {});
  auto got = engine.CollectObject("o1");
  ASSERT_TRUE(got);
  ASSERT_EQ(got->items.size(), 4u);
  EXPECT_EQ(got->items[0].Values("encrypt_method")[0], "yescrypt");
  EXPECT_EQ(got->items[2].Values("encrypt_method")[0], "SHA-512");
  EXPECT_TRUE(got->items[3].Values("chg_req").empty());  // bob: field empty
}

TEST(ProbesTest, PartitionsComeFromTheMountTable) {
  testing::FixtureTree tree;
  auto host = tree.Host();
  OvalDocument doc = Doc("<linux:partition_object id='o1'><linux:mount_point operation='pattern match'>^/(tmp|srv)$</linux:mount_point></linux:partition_object>");
  OvalEngine engine(doc, *host, {});
  auto got = engine.CollectObject("o1");
  ASSERT_TRUE(got);
  ASSERT_EQ(got->items.size(), 2u);
  EXPECT_EQ(got->items[0].Values("fs_type")[0], "tmpfs");
  EXPECT_EQ(got->items[0].Values("mount_options").size(), 3u);
}

TEST(ProbesTest, ListeningPortsFromProcNet) {
  testing::FixtureTree tree;
  auto host = tree.Host();
  OvalDocument doc = Doc("<listening_port_object id='o1'><protocol>tcp</protocol></listening_port_object>");
  OvalEngine engine(doc, *host, {});
  auto got = engine.CollectObject("o1");
  ASSERT_TRUE(got);
  ASSERT_EQ(got->items.size(), 2u);  // the established connection is not listening
  EXPECT_EQ(got->items[0].Values("local_port")[0], "22");
  EXPECT_EQ(got->items[0].Values("local_address")[0], "0.0.0.0");
  EXPECT_EQ(got->items[1].Values("local_address")[0], "127.0.0.1");
  EXPECT_EQ(got->items[1].Values("local_port")[0], "631");
}

TEST(ProbesTest, SystemdUnitsFromUnitFiles) {
  testing::FixtureTree tree;
  auto host = tree.Host();
  SystemdUnits units(*host);
  EXPECT_EQ(units.Property("ssh.service", "UnitFileState")->value(), "enabled");
  EXPECT_EQ(units.Property("apparmor.service", "UnitFileState")->value(), "disabled");
  EXPECT_EQ(units.Property("getty-static.service", "UnitFileState")->value(), "static");
  EXPECT_EQ(units.Property("debug-shell.service", "LoadState")->value(), "masked");
  EXPECT_EQ(units.Property("nope.service", "LoadState")->value(), "not-found");
  auto active = units.Property("ssh.service", "ActiveState");
  ASSERT_FALSE(active);
  EXPECT_NE(active.error().message.find("not running"), std::string::npos);
  auto deps = units.Dependencies("multi-user.target");
  EXPECT_NE(std::find(deps.begin(), deps.end(), "apparmor.service"), deps.end());
  EXPECT_NE(std::find(deps.begin(), deps.end(), "ssh.service"), deps.end());
}

TEST(ProbesTest, SysctlReadsProcSysAndEnumeratesByPattern) {
  testing::FixtureTree tree;
  auto host = tree.Host();
  OvalDocument doc = Doc("<unix:sysctl_object id='o1'><unix:name operation='pattern match'>^kernel\\.</unix:name></unix:sysctl_object>");
  OvalEngine engine(doc, *host, {});
  auto got = engine.CollectObject("o1");
  ASSERT_TRUE(got);
  EXPECT_EQ(got->items.size(), 2u);
}

TEST(ProbesTest, UnknownObjectTypesAreUnsupportedNotSkipped) {
  testing::FixtureTree tree;
  auto host = tree.Host();
  OvalDocument doc = Doc("<unix:inetd_object id='o1'/>");
  OvalEngine engine(doc, *host, {});
  auto got = engine.CollectObject("o1");
  ASSERT_FALSE(got);
  EXPECT_NE(got.error().message.find("unsupported"), std::string::npos);
}

TEST(ProbesTest, SelfReferencingVariablesAreAnErrorNotARecursion) {
  testing::FixtureTree tree;
  auto host = tree.Host();
  OvalDocument doc = Doc("", "<variables><local_variable id='v1' datatype='string'><variable_component var_ref='v1'/></local_variable></variables>");
  OvalEngine engine(doc, *host, {});
  EXPECT_FALSE(engine.VariableValues("v1"));
}

TEST(ProbesTest, DeeplyChainedDefinitionsAreAnErrorNotAStackOverflow) {
  testing::FixtureTree tree;
  auto host = tree.Host();
  std::string defs = "<definitions>";
  for (int i = 0; i < 5000; ++i) {
    defs += "<definition id='d" + std::to_string(i) + "'><criteria><extend_definition definition_ref='d" +
            std::to_string(i + 1) + "'/></criteria></definition>";
  }
  defs += "</definitions>";
  OvalDocument doc = Doc("", defs);
  OvalEngine engine(doc, *host, {});
  engine.PlanWalks({"d0"});
  DefinitionOutcome out = engine.EvaluateDefinition("d0");
  EXPECT_EQ(out.result, OvalResult::kError);
  EXPECT_NE(out.reason.find("nested"), std::string::npos) << out.reason;
}

TEST(HostTest, MountPointsAreUnescaped) {
  testing::FixtureTree tree;
  tree.Write("proc/self/mounts", "/dev/sda1 /mnt/with\\040space ext4 rw 0 0\n");
  auto host = tree.Host();
  auto mounts = host->Mounts();
  ASSERT_TRUE(mounts);
  ASSERT_EQ(mounts->size(), 1u);
  EXPECT_EQ((*mounts)[0].mount_point, "/mnt/with space");
}

TEST(HostTest, ReadFileRefusesMoreThanTheLimitAndNonRegularFiles) {
  testing::FixtureTree tree;
  auto host = tree.Host();
  auto big = host->ReadFile("/etc/login.defs", 10);
  ASSERT_FALSE(big);
  EXPECT_EQ(big.error().code, ErrorCode::kPayloadTooLarge);
  EXPECT_FALSE(host->ReadFile("/etc", 1000));
  EXPECT_EQ(host->ReadFile("/nope", 10).error().code, ErrorCode::kNotFound);
}

}  // namespace
}  // namespace qx::agent
