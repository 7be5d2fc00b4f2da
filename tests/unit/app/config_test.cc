#include "config.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>

namespace qx::app {
namespace {

class ConfigTest : public ::testing::Test {
 protected:
  void SetUp() override {
    path_ = std::filesystem::temp_directory_path() / ("qx-config-" + std::to_string(::getpid()) + ".toml");
  }
  void TearDown() override {
    std::filesystem::remove(path_);
    ::unsetenv("QALXAN_LISTEN");
    ::unsetenv("QALXAN_THREADS");
    ::unsetenv("QALXAN_DATABASE");
  }
  void Write(const std::string& text) { std::ofstream(path_) << text; }
  std::filesystem::path path_;
};

TEST_F(ConfigTest, DefaultsThenFileThenEnvironment) {
  Write("listen = \"0.0.0.0:9000\"\nthreads = 3\ndata = \"/srv/qalxan\"\n");
  ::setenv("QALXAN_LISTEN", "127.0.0.1:9001", 1);
  Config c;
  ASSERT_TRUE(LoadConfig(path_.string(), c));
  EXPECT_EQ(c.listen, "127.0.0.1:9001");  // the environment wins over the file
  EXPECT_EQ(c.threads, 3);
  EXPECT_EQ(c.data_dir, "/srv/qalxan");
  EXPECT_EQ(c.session_ttl_hours, 12);  // default kept
}

TEST_F(ConfigTest, UnknownKeysAndBadValuesAreClearErrors) {
  Write("listen = \"x\"\nthreadz = 3\n");
  Config c;
  auto r = LoadConfig(path_.string(), c);
  ASSERT_FALSE(r);
  EXPECT_NE(r.error().message.find("unknown option 'threadz'"), std::string::npos);

  Write("threads = \"many\"\n");
  r = LoadConfig(path_.string(), c);
  ASSERT_FALSE(r);
  EXPECT_NE(r.error().message.find("threads must be an integer"), std::string::npos);

  Write("listen = [1, 2]\n");
  EXPECT_FALSE(LoadConfig(path_.string(), c));

  Write("this is not toml");
  r = LoadConfig(path_.string(), c);
  ASSERT_FALSE(r);
  EXPECT_NE(r.error().message.find("line 1"), std::string::npos);
}

TEST_F(ConfigTest, BadEnvironmentValuesNameTheVariable) {
  ::setenv("QALXAN_THREADS", "-1", 1);
  Config c;
  auto r = LoadConfig("", c);
  ASSERT_FALSE(r);
  EXPECT_NE(r.error().message.find("QALXAN_THREADS"), std::string::npos);
}

TEST_F(ConfigTest, ListenAddressesSplit) {
  EXPECT_EQ(SplitListen("127.0.0.1:8080")->second, 8080);
  EXPECT_EQ(SplitListen("[::1]:0")->first, "::1");
  EXPECT_FALSE(SplitListen("8080"));
  EXPECT_FALSE(SplitListen("host:99999"));
  EXPECT_FALSE(SplitListen("host:http"));
}

TEST_F(ConfigTest, TheDatabaseIsSqliteByDefaultAndPostgresqlByUrl) {
  Config c;
  ASSERT_TRUE(LoadConfig("", c));
  EXPECT_EQ(c.database, "");  // <data>/qalxan.db
  EXPECT_EQ(c.database_pool, 0);
  Write("database = \"postgresql://qalxan@db.example/qalxan\"\ndatabase_pool = 12\n");
  ASSERT_TRUE(LoadConfig(path_.string(), c));
  EXPECT_EQ(c.database, "postgresql://qalxan@db.example/qalxan");
  EXPECT_EQ(c.database_pool, 12);
  ::setenv("QALXAN_DATABASE", "sqlite:/srv/other.db", 1);
  ASSERT_TRUE(LoadConfig(path_.string(), c));
  EXPECT_EQ(c.database, "sqlite:/srv/other.db");
  ::setenv("QALXAN_DATABASE", "mysql://nope", 1);
  auto bad = LoadConfig("", c);
  ASSERT_FALSE(bad);
  EXPECT_NE(bad.error().message.find("postgresql://"), std::string::npos) << bad.error().message;
}

}  // namespace
}  // namespace qx::app

namespace qx::app {
namespace {

TEST(EvidenceLimitConfigTest, ReadFromTheFileAndBounded) {
  const auto path = std::filesystem::temp_directory_path() / ("qx-evidence-" + std::to_string(::getpid()) + ".toml");
  Config c;
  EXPECT_EQ(c.evidence_limit, 10 << 20);
  std::ofstream(path) << "evidence_limit = 4096\n";
  ASSERT_TRUE(LoadConfig(path.string(), c));
  EXPECT_EQ(c.evidence_limit, 4096);
  std::ofstream(path, std::ios::trunc) << "evidence_limit = 0\n";
  EXPECT_FALSE(LoadConfig(path.string(), c));
  std::filesystem::remove(path);
}

TEST(FileSweepConfigTest, HourlyByDefaultZeroTurnsItOffAndNonsenseIsRefused) {
  const auto path =
      std::filesystem::temp_directory_path() / ("qx-sweep-" + std::to_string(::getpid()) + ".toml");
  Config c;
  EXPECT_EQ(c.file_sweep_seconds, 3600);
  std::ofstream(path) << "file_sweep_seconds = 0\n";
  ASSERT_TRUE(LoadConfig(path.string(), c));
  EXPECT_EQ(c.file_sweep_seconds, 0);
  ::setenv("QALXAN_FILE_SWEEP_SECONDS", "600", 1);
  ASSERT_TRUE(LoadConfig(path.string(), c));
  EXPECT_EQ(c.file_sweep_seconds, 600);
  for (const char* bad : {"-1", "604801", "hourly", "60s"}) {
    ::setenv("QALXAN_FILE_SWEEP_SECONDS", bad, 1);
    EXPECT_FALSE(LoadConfig(path.string(), c)) << bad;
  }
  ::unsetenv("QALXAN_FILE_SWEEP_SECONDS");
  std::filesystem::remove(path);
}

}  // namespace
}  // namespace qx::app

namespace qx::app {
namespace {

TEST(IncidentConfigTest, NotificationKeysFromTheFileAndTheEnvironment) {
  const auto path = std::filesystem::temp_directory_path() / ("qx-incident-" + std::to_string(::getpid()) + ".toml");
  Config c;
  EXPECT_EQ(c.incident_tick_ms, 30000);
  EXPECT_DOUBLE_EQ(c.incident_due_soon_share, 0.25);
  std::ofstream(path) << "incident_tick_ms = 500\nincident_due_soon_share = 0.4\n"
                         "incident_webhook_url = \"https://soc.example/hook\"\nincident_retry_seconds = 5\n";
  ASSERT_TRUE(LoadConfig(path.string(), c));
  EXPECT_EQ(c.incident_tick_ms, 500);
  EXPECT_DOUBLE_EQ(c.incident_due_soon_share, 0.4);
  EXPECT_EQ(c.incident_webhook_url, "https://soc.example/hook");
  EXPECT_EQ(c.incident_retry_seconds, 5);
  ::setenv("QALXAN_INCIDENT_DUE_SOON_SHARE", "0.1", 1);
  ASSERT_TRUE(LoadConfig(path.string(), c));
  EXPECT_DOUBLE_EQ(c.incident_due_soon_share, 0.1);
  for (const char* bad : {"1", "0", "-0.2", "a quarter", "0.25x"}) {
    ::setenv("QALXAN_INCIDENT_DUE_SOON_SHARE", bad, 1);
    EXPECT_FALSE(LoadConfig(path.string(), c)) << bad;
  }
  ::unsetenv("QALXAN_INCIDENT_DUE_SOON_SHARE");
  std::ofstream(path, std::ios::trunc) << "incident_tick_ms = -1\n";
  EXPECT_FALSE(LoadConfig(path.string(), c));
  std::filesystem::remove(path);
}

}  // namespace
}  // namespace qx::app
