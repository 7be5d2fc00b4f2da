// `qalxan audit verify` finds a row edited behind the server's back, through the real CLI.
#include <gtest/gtest.h>
#include <sqlite3.h>

#include <array>
#include <cstdio>

#include "test_server.h"

namespace qx::testing {
namespace {

struct CommandResult {
  int exit_code;
  std::string output;
};

CommandResult RunCli(const std::string& args) {
  const std::string command = std::string(QALXAN_BINARY) + " " + args + " 2>&1";
  FILE* pipe = ::popen(command.c_str(), "r");
  std::string out;
  std::array<char, 4096> buf;
  while (size_t n = std::fread(buf.data(), 1, buf.size(), pipe)) out.append(buf.data(), n);
  const int status = ::pclose(pipe);
  return {WEXITSTATUS(status), out};
}

void Sql(const std::string& db_path, const char* sql) {
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open(db_path.c_str(), &db), SQLITE_OK);
  char* error = nullptr;
  EXPECT_EQ(sqlite3_exec(db, sql, nullptr, nullptr, &error), SQLITE_OK) << (error ? error : "");
  sqlite3_free(error);
  sqlite3_close(db);
}

TEST(AuditTamperTest, AnEditedRowIsCaughtAtItsRecord) {
  TestServer server;
  server.Login("operator.admin");  // one more audited change
  server.Stop();

  auto ok = RunCli("audit verify --data " + server.data_dir());
  EXPECT_EQ(ok.exit_code, 0) << ok.output;
  EXPECT_NE(ok.output.find("audit chain ok: 9 records"), std::string::npos) << ok.output;

  // An attacker with the file drops the append-only guard and rewrites who did something.
  const std::string db = server.data_dir() + "/qalxan.db";
  Sql(db, "DROP TRIGGER audit_log_no_update;"
          "UPDATE audit_log SET actor = 'user:99' WHERE seq = 3;");
  auto broken = RunCli("audit verify --data " + server.data_dir());
  EXPECT_EQ(broken.exit_code, 1);
  EXPECT_NE(broken.output.find("audit chain broken at record 3"), std::string::npos) << broken.output;
}

TEST(AuditTamperTest, ADeletedRowIsCaught) {
  TestServer server;
  server.Stop();
  const std::string db = server.data_dir() + "/qalxan.db";
  Sql(db, "DROP TRIGGER audit_log_no_delete; DELETE FROM audit_log WHERE seq = 2;");
  auto broken = RunCli("audit verify --data " + server.data_dir());
  EXPECT_EQ(broken.exit_code, 1);
  EXPECT_NE(broken.output.find("broken at record 3"), std::string::npos) << broken.output;
}

TEST(AdminCliTest, ListsAndTokensForScripts) {
  TestServer server;
  server.Stop();
  auto orgs = RunCli("org list --json --data " + server.data_dir());
  ASSERT_EQ(orgs.exit_code, 0);
  EXPECT_NE(orgs.output.find(R"({"id":3,"name":"Demo Oil & Gas Operator","kind":"operator")"),
            std::string::npos) << orgs.output;
  auto token = RunCli("token create --org 3 --role analyst --data " + server.data_dir());
  ASSERT_EQ(token.exit_code, 0);
  EXPECT_EQ(token.output.rfind("qxt_", 0), 0u);
  EXPECT_EQ(std::count(token.output.begin(), token.output.end(), '\n'), 1);
  auto bad = RunCli("user add --org 999 --username x.y --data " + server.data_dir());
  EXPECT_EQ(bad.exit_code, 1);
  EXPECT_NE(bad.output.find("organisation not found"), std::string::npos) << bad.output;
  auto unknown = RunCli("org add --name Z --kind pirate --data " + server.data_dir());
  EXPECT_NE(unknown.exit_code, 0);
}

}  // namespace
}  // namespace qx::testing
