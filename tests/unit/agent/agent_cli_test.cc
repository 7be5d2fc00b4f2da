// Runs the qalxan-agent executable: it writes nothing outside its state directory (and the bundle
// it is asked for), needs no network, and its bundles verify.
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>

#include "fixture_host.h"

namespace qx::agent {
namespace {

namespace fs = std::filesystem;

// Every path under dir with its size, mode and modification time.
std::map<std::string, std::string> Snapshot(const fs::path& dir) {
  std::map<std::string, std::string> out;
  for (auto it = fs::recursive_directory_iterator(dir, fs::directory_options::skip_permission_denied);
       it != fs::recursive_directory_iterator(); ++it) {
    struct stat st {};
    ::lstat(it->path().c_str(), &st);
    std::ostringstream s;
    s << st.st_size << "/" << st.st_mode << "/" << st.st_mtim.tv_sec << "." << st.st_mtim.tv_nsec;
    out[it->path().string()] = s.str();
  }
  return out;
}

struct AgentRun {
  int status;
  std::string out;
};

AgentRun Agent(const std::string& args, const fs::path& cwd) {
  const std::string cmd = "cd '" + cwd.string() + "' && '" + QX_AGENT_BINARY + "' " + args + " 2>&1";
  FILE* p = ::popen(cmd.c_str(), "r");
  std::string out;
  char buf[4096];
  while (size_t n = std::fread(buf, 1, sizeof buf, p)) out.append(buf, n);
  const int status = ::pclose(p);
  return {WIFEXITED(status) ? WEXITSTATUS(status) : -1, out};
}

TEST(AgentCliTest, WritesOnlyItsStateDirectoryAndTheBundle) {
  testing::FixtureTree tree;
  const fs::path work = testing::MakeTempDir("cli");
  const fs::path state = work / "state";
  const fs::path bundle = work / "results.bundle";
  const fs::path cwd = work / "cwd";
  fs::create_directories(cwd);
  const auto tree_before = Snapshot(tree.root());
  const auto fixtures_before = Snapshot(testing::FixturePath(""));
  const std::string ds = testing::FixturePath("scap/mini-ds.xml");
  AgentRun r = Agent("run --policy '" + ds + "' --profile mini --root '" + tree.root().string() + "' --state-dir '" +
                    state.string() + "' --config /nonexistent.yaml --out '" + bundle.string() + "' --json",
                cwd);
  ASSERT_EQ(r.status, 0) << r.out;
  EXPECT_NE(r.out.find("\"rules\""), std::string::npos);
  EXPECT_EQ(Snapshot(tree.root()), tree_before);
  EXPECT_EQ(Snapshot(testing::FixturePath("")), fixtures_before);
  EXPECT_TRUE(fs::is_empty(cwd));
  for (const auto& entry : fs::directory_iterator(work)) {
    const std::string name = entry.path().filename().string();
    EXPECT_TRUE(name == "state" || name == "results.bundle" || name == "cwd") << name;
  }
  AgentRun verify = Agent("verify-bundle '" + bundle.string() + "'", cwd);
  EXPECT_EQ(verify.status, 0) << verify.out;
  // Unchanged results: with --only-changes no new bundle is written.
  fs::remove(bundle);
  AgentRun again = Agent("run --policy '" + ds + "' --profile mini --root '" + tree.root().string() + "' --state-dir '" +
                             state.string() + "' --config /nonexistent.yaml --out '" + bundle.string() + "' --only-changes",
                         cwd);
  EXPECT_EQ(again.status, 0) << again.out;
  EXPECT_NE(again.out.find("unchanged"), std::string::npos);
  EXPECT_FALSE(fs::exists(bundle));
  fs::remove_all(work);
}

TEST(AgentCliTest, PrintsTheScriptInterfaceAndRefusesBadInput) {
  testing::FixtureTree tree;
  const fs::path work = testing::MakeTempDir("cli2");
  AgentRun ok = Agent("run --policy '" + testing::FixturePath("scap/mini-ds.xml") + "' --profile lenient --root '" +
                     tree.root().string() + "' --json",
                 work);
  ASSERT_EQ(ok.status, 0) << ok.out;
  EXPECT_NE(ok.out.find("{\"rules\":[{\"id\":\"xccdf_org.qalxan.mini_rule_sshd_max_auth_tries\",\"result\":\"pass\""),
            std::string::npos)
      << ok.out;
  std::ofstream(work / "bad.yaml") << "policy: [";
  EXPECT_EQ(Agent("run --policy bad.yaml --json", work).status, 2);
  EXPECT_EQ(Agent("run --policy /nonexistent --json", work).status, 2);
  AgentRun missing = Agent("run --policy '" + testing::FixturePath("scap/mini-ds.xml") + "' --profile nope --json", work);
  EXPECT_EQ(missing.status, 2);
  EXPECT_NE(missing.out.find("no profile"), std::string::npos);
  fs::remove_all(work);
}

}  // namespace
}  // namespace qx::agent
