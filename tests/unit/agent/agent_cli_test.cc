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

// Offline enrolment: no network, the key made in the state directory (the one `key` prints and
// `run` signs with), a request file with nothing secret in it; bad arguments refused, nothing
// written for them.
TEST(AgentCliTest, OfflineEnrolmentWritesARequestWithThePublicKeyOnly) {
  const fs::path work = testing::MakeTempDir("cli-offline");
  const std::string state = " --config '" + (work / "none.yaml").string() + "' --state-dir '" + (work / "state").string() + "'";
  AgentRun r = Agent("enrol --offline --out req.json --hostname hmi-07" + state, work);
  ASSERT_EQ(r.status, 0) << r.out;
  std::stringstream text;
  text << std::ifstream(work / "req.json").rdbuf();
  AgentRun key = Agent("key" + state, work);  // tab-separated: key id, public key
  ASSERT_EQ(key.status, 0) << key.out;
  const std::string key_id = key.out.substr(0, key.out.find('\t'));
  const std::string public_key = key.out.substr(key.out.find('\t') + 1, 64);
  EXPECT_NE(r.out.find(key_id), std::string::npos) << r.out;
  const std::string expected_start = "{\"kind\":\"qalxan-agent-enrolment-request\",\"public_key\":\"" + public_key +
                                     "\",\"key_id\":\"" + key_id + "\",\"hostname\":\"hmi-07\",\"machine_id\":";
  EXPECT_EQ(text.str().rfind(expected_start, 0), 0u) << text.str();
  EXPECT_EQ(text.str().find("token"), std::string::npos);
  // The private key stays in the state directory: its seed (the first half of the hex secret key
  // on the file's last line) is nowhere in the request.
  std::ifstream key_file(work / "state/agent.key");
  std::string line, last;
  while (std::getline(key_file, line)) last = line;
  ASSERT_EQ(last.size(), 128u);
  EXPECT_EQ(last.substr(64), public_key);
  EXPECT_EQ(text.str().find(last.substr(0, 64)), std::string::npos);
  // Again: the same key, not a new one.
  ASSERT_EQ(Agent("enrol --offline --out req2.json --hostname hmi-07" + state, work).status, 0);
  std::stringstream again;
  again << std::ifstream(work / "req2.json").rdbuf();
  EXPECT_NE(again.str().find(public_key), std::string::npos);

  AgentRun no_out = Agent("enrol --offline" + state, work);
  EXPECT_EQ(no_out.status, 2);
  EXPECT_NE(no_out.out.find("--out"), std::string::npos) << no_out.out;
  AgentRun with_server = Agent("enrol --offline --out r3.json --server http://127.0.0.1:9" + state, work);
  EXPECT_EQ(with_server.status, 2);
  EXPECT_FALSE(fs::exists(work / "r3.json"));
  AgentRun unwritable = Agent("enrol --offline --out /nonexistent-dir/req.json" + state, work);
  EXPECT_EQ(unwritable.status, 2);
  EXPECT_NE(unwritable.out.find("cannot write /nonexistent-dir/req.json"), std::string::npos) << unwritable.out;
  EXPECT_EQ(Agent("enrol --out r4.json" + state, work).status, 2);  // --out without --offline
  EXPECT_FALSE(fs::exists(work / "r4.json"));
  fs::remove_all(work);
}

}  // namespace
}  // namespace qx::agent
