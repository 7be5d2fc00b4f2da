// `qalxan audit verify` finds a row edited behind the server's back, through the real CLI.
#include <gtest/gtest.h>

#include "test_server.h"

namespace qx::testing {
namespace {

TEST(AuditTamperTest, AnEditedRowIsCaughtAtItsRecord) {
  TestServer server;
  server.Login("operator.admin");  // one more audited change
  server.Stop();

  auto ok = server.Cli("audit verify");
  EXPECT_EQ(ok.first, 0) << ok.second;
  EXPECT_NE(ok.second.find("audit chain ok: 9 records"), std::string::npos) << ok.second;

  // An attacker with the database drops the append-only guard and rewrites who did something.
  if (server.backend() == "postgresql") {
    server.Sql("ALTER TABLE audit_log DISABLE TRIGGER audit_log_no_change;"
               "UPDATE audit_log SET actor = 'user:99' WHERE seq = 3;");
  } else {
    server.Sql("DROP TRIGGER audit_log_no_update;"
               "UPDATE audit_log SET actor = 'user:99' WHERE seq = 3;");
  }
  auto broken = server.Cli("audit verify");
  EXPECT_EQ(broken.first, 1);
  EXPECT_NE(broken.second.find("audit chain broken at record 3"), std::string::npos) << broken.second;
}

TEST(AuditTamperTest, ADeletedRowIsCaught) {
  TestServer server;
  server.Stop();
  if (server.backend() == "postgresql") {
    server.Sql("ALTER TABLE audit_log DISABLE TRIGGER audit_log_no_change;"
               "DELETE FROM audit_log WHERE seq = 2;");
  } else {
    server.Sql("DROP TRIGGER audit_log_no_delete; DELETE FROM audit_log WHERE seq = 2;");
  }
  auto broken = server.Cli("audit verify");
  EXPECT_EQ(broken.first, 1);
  EXPECT_NE(broken.second.find("broken at record 3"), std::string::npos) << broken.second;
}

TEST(AdminCliTest, ListsAndTokensForScripts) {
  TestServer server;
  server.Stop();
  auto orgs = server.Cli("org list --json");
  ASSERT_EQ(orgs.first, 0);
  EXPECT_NE(orgs.second.find(R"({"id":3,"name":"Demo Oil & Gas Operator","kind":"operator")"),
            std::string::npos) << orgs.second;
  auto token = server.Cli("token create --org 3 --role analyst");
  ASSERT_EQ(token.first, 0);
  EXPECT_EQ(token.second.rfind("qxt_", 0), 0u);
  EXPECT_EQ(std::count(token.second.begin(), token.second.end(), '\n'), 1);
  auto bad = server.Cli("user add --org 999 --username x.y");
  EXPECT_EQ(bad.first, 1);
  EXPECT_NE(bad.second.find("organisation not found"), std::string::npos) << bad.second;
  auto unknown = server.Cli("org add --name Z --kind pirate");
  EXPECT_NE(unknown.first, 0);
}

}  // namespace
}  // namespace qx::testing
