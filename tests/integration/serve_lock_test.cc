// On SQLite one server at a time uses a data directory (serve_lock.h): the sweep of uploaded files
// has no age guard there, so a second server would remove the first's uploads in flight. It is
// refused with the holder's pid, in process and as `qalxan serve` (exit 1); the other commands
// still run beside the server; once the first has stopped, the next starts. PostgreSQL replicas
// share a directory by design and take no lock.
#include <gtest/gtest.h>
#include <unistd.h>

#include <fmt/format.h>

#include <cstdio>
#include <filesystem>

#include "test_server.h"

namespace qx::testing {
namespace {
namespace fs = std::filesystem;

// Runs `qalxan serve` on dir (bounded by timeout(1), should it start and serve); exit code and output.
std::pair<int, std::string> ServeOn(const std::string& dir) {
  const std::string command = "QALXAN_CATALOGS=/nonexistent timeout 60 " + std::string(QALXAN_BINARY) +
                              " serve --listen 127.0.0.1:0 --web /nonexistent --data " + dir + " 2>&1";
  FILE* pipe = ::popen(command.c_str(), "r");
  std::string out;
  char buf[4096];
  while (size_t n = std::fread(buf, 1, sizeof buf, pipe)) out.append(buf, n);
  return {WEXITSTATUS(::pclose(pipe)), out};
}

TEST(ServeLockTest, ASecondServerOnTheSameSqliteDataIsRefusedUntilTheFirstStops) {
  TestServer first;
  if (first.backend() == "postgresql") {
    auto replica = app::ServerApp::Create(first.config());
    ASSERT_TRUE(replica) << replica.error().message;
    EXPECT_FALSE(fs::exists(fs::path(first.data_dir()) / "serve.lock"));
    return;
  }
  const std::string refused =
      fmt::format("another qalxan server is using {} (pid {})", first.data_dir(), ::getpid());
  auto second = app::ServerApp::Create(first.config());
  ASSERT_FALSE(second);
  EXPECT_EQ(second.error().code, ErrorCode::kUnavailable);
  EXPECT_NE(second.error().message.find(refused), std::string::npos) << second.error().message;
  const auto [code, out] = ServeOn(first.data_dir());
  EXPECT_EQ(code, 1) << out;
  EXPECT_NE(out.find(refused), std::string::npos) << out;
  EXPECT_EQ(out.find("listening"), std::string::npos) << out;
  // The refused ones wrote nothing the first relies on, and the first still serves.
  EXPECT_EQ(first.Request("GET", "/healthz").status, 200);
  // Commands that only use the database run beside the server.
  const auto verify = first.Cli("audit verify");
  EXPECT_EQ(verify.first, 0) << verify.second;

  first.Stop();
  auto next = app::ServerApp::Create(first.config());
  ASSERT_TRUE(next) << next.error().message;
}

// An evidence directory outside the data directory is what the sweep walks: two servers with their
// own data directories but one evidence_dir would sweep each other's files, so it is locked too.
TEST(ServeLockTest, AnEvidenceDirectoryOutsideTheDataIsLockedToo) {
  const fs::path shared = fs::temp_directory_path() / ("qx-lock-evidence-" + std::to_string(::getpid()));
  fs::remove_all(shared);
  TestServer first(1 << 20, "", [&](app::Config& c) { c.evidence_dir = shared.string(); });
  if (first.backend() == "postgresql") {
    EXPECT_FALSE(fs::exists(shared / "serve.lock"));
    first.Stop();
    fs::remove_all(shared);
    return;
  }
  app::Config other = first.config();
  other.data_dir = first.data_dir() + "-other";
  auto second = app::ServerApp::Create(other);
  ASSERT_FALSE(second);
  EXPECT_NE(second.error().message.find("another qalxan server is using " + shared.string()), std::string::npos)
      << second.error().message;
  first.Stop();
  {
    auto next = app::ServerApp::Create(other);
    EXPECT_TRUE(next) << next.error().message;
  }
  fs::remove_all(other.data_dir);
  fs::remove_all(shared);
}

// The other way round: a server whose evidence_dir points into a running server's data directory
// (its default evidence directory) would sweep that server's files; it is refused.
TEST(ServeLockTest, AnEvidenceDirectoryInsideAnotherServersDataIsRefused) {
  TestServer first(1 << 20);
  if (first.backend() == "postgresql") return;  // replicas share a directory by design
  app::Config other = first.config();
  other.data_dir = first.data_dir() + "-other";
  other.evidence_dir = (fs::path(first.data_dir()) / "evidence").string();
  auto second = app::ServerApp::Create(other);
  ASSERT_FALSE(second);
  EXPECT_NE(second.error().message.find("another qalxan server is using " + other.evidence_dir), std::string::npos)
      << second.error().message;
  first.Stop();
  fs::remove_all(other.data_dir);
}

}  // namespace
}  // namespace qx::testing
