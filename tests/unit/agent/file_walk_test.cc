#include "qx/agent/file_walk.h"

#include <gtest/gtest.h>

#include <map>
#include <set>

#include "fixture_host.h"

namespace qx::agent {
namespace {

// Counts directory listings, to prove that one walk lists each directory once.
class CountingHost final : public Host {
 public:
  explicit CountingHost(const Host& inner) : inner_(inner) {}
  Result<std::string> ReadFile(std::string_view p, size_t m) const override { return inner_.ReadFile(p, m); }
  Result<std::optional<FileStat>> Lstat(std::string_view p) const override { return inner_.Lstat(p); }
  Result<std::optional<FileStat>> Stat(std::string_view p) const override { return inner_.Stat(p); }
  Result<std::vector<DirEntry>> ListDir(std::string_view p) const override {
    ++listings[std::string(p)];
    return inner_.ListDir(p);
  }
  Result<std::string> ReadLink(std::string_view p) const override { return inner_.ReadLink(p); }
  UnameInfo Uname() const override { return inner_.Uname(); }
  std::map<std::string, std::string> Environment() const override { return inner_.Environment(); }
  std::optional<std::array<int64_t, 3>> Space(std::string_view p) const override { return inner_.Space(p); }
  mutable std::map<std::string, int> listings;

 private:
  const Host& inner_;
};

std::set<std::string> Collect(const Host& host, std::vector<WalkRequest> requests, size_t which,
                              WalkStats* stats = nullptr) {
  std::set<std::string> out;
  auto s = WalkFilesystem(host, requests, [&](size_t r, const std::string& dir, std::optional<std::string_view> name,
                                              const FileStat&) {
    if (r == which) out.insert(name ? JoinPath(dir, *name) : dir);
  });
  if (stats) *stats = s;
  return out;
}

TEST(FileWalkTest, DefinedScopeStaysOnTheStartingFilesystem) {
  testing::FixtureTree tree;
  auto host = tree.Host();
  WalkRequest all;
  all.roots = {"/"};
  all.max_depth = -1;
  all.scope = FsScope::kDefined;
  all.filename = [](std::string_view) { return true; };
  auto files = Collect(*host, {all}, 0);
  EXPECT_TRUE(files.count("/etc/passwd"));
  EXPECT_FALSE(files.count("/srv/data/report.txt")) << "/srv is another filesystem in the mount table";
  EXPECT_FALSE(files.count("/proc/sys/net/ipv4/ip_forward")) << "pseudo filesystems are never walked";
  EXPECT_FALSE(files.count("/home/alice/.profile")) << "/home is NFS";
}

TEST(FileWalkTest, LocalScopeCrossesLocalMountsButNotNetworkOrPseudoOnes) {
  testing::FixtureTree tree;
  auto host = tree.Host();
  WalkRequest local;
  local.roots = {"/"};
  local.max_depth = -1;
  local.scope = FsScope::kLocal;
  local.filename = [](std::string_view) { return true; };
  auto files = Collect(*host, {local}, 0);
  EXPECT_TRUE(files.count("/srv/data/report.txt"));
  EXPECT_TRUE(files.count("/tmp/.keep"));
  EXPECT_FALSE(files.count("/home/alice/.profile"));
  EXPECT_FALSE(files.count("/proc/self/mounts"));
}

TEST(FileWalkTest, SymlinkLoopsEndAndLinksAreNotFollowed) {
  testing::FixtureTree tree;
  auto host = tree.Host();
  WalkRequest r;
  r.roots = {"/srv"};
  r.max_depth = -1;
  r.filename = [](std::string_view) { return true; };
  auto files = Collect(*host, {r}, 0);
  EXPECT_TRUE(files.count("/srv/data/sub/loop"));       // the link itself is an entry
  EXPECT_FALSE(files.count("/srv/data/sub/loop/data"));  // never followed
}

TEST(FileWalkTest, OneListingPerDirectoryWhateverTheNumberOfRequests) {
  testing::FixtureTree tree;
  auto inner = tree.Host();
  CountingHost host(*inner);
  std::vector<WalkRequest> requests(4);
  for (auto& r : requests) {
    r.roots = {"/"};
    r.max_depth = -1;
    r.scope = FsScope::kLocal;
    r.filename = [](std::string_view n) { return !n.empty() && n[0] == 'p'; };
  }
  requests[1].roots = {"/etc"};
  requests[2].filepath_regex = *Regex::Compile("^/etc/ssh/.*\\.conf$");
  requests[2].roots.clear();
  requests[3].path_regex = *Regex::Compile("^/lib/systemd/system$");
  requests[3].roots.clear();
  requests[3].max_depth = 0;
  std::map<size_t, std::set<std::string>> got;
  WalkFilesystem(host, requests, [&](size_t r, const std::string& dir, std::optional<std::string_view> name, const FileStat&) {
    got[r].insert(name ? JoinPath(dir, *name) : dir);
  });
  for (const auto& [dir, n] : host.listings) EXPECT_EQ(n, 1) << dir;
  EXPECT_TRUE(got[0].count("/etc/passwd"));
  EXPECT_TRUE(got[1].count("/etc/passwd"));
  EXPECT_EQ(got[2], (std::set<std::string>{"/etc/ssh/sshd_config.d/10-hardening.conf"}));
  EXPECT_TRUE(got[3].empty());  // no entry of /lib/systemd/system starts with 'p'
}

TEST(FileWalkTest, PatternWalksListOnlyDirectoriesThatCanMatch) {
  testing::FixtureTree tree;
  auto inner = tree.Host();
  CountingHost host(*inner);
  WalkRequest r;
  r.filepath_regex = *Regex::Compile("^/etc/audit/rules\\.d/.*\\.rules$");
  auto files = Collect(host, {r}, 0);
  EXPECT_EQ(files, (std::set<std::string>{"/etc/audit/rules.d/10-base.rules"}));
  EXPECT_FALSE(host.listings.count("/srv"));
  EXPECT_FALSE(host.listings.count("/etc/ssh"));
}

TEST(FileWalkTest, MaxDepthLimitsRecursion) {
  testing::FixtureTree tree;
  auto host = tree.Host();
  WalkRequest r;
  r.roots = {"/srv/data"};
  r.max_depth = 0;
  r.filename = [](std::string_view) { return true; };
  auto files = Collect(*host, {r}, 0);
  EXPECT_TRUE(files.count("/srv/data/report.txt"));
  EXPECT_FALSE(files.count("/srv/data/sub/deep.txt"));
}

TEST(FileWalkTest, LiteralPrefixOfPatterns) {
  EXPECT_EQ(LiteralPrefix("^/etc/audit/rules\\.d/.*\\.rules$"), "/etc/audit/rules.d/");
  EXPECT_EQ(LiteralPrefix("^/etc/sshd?"), "/etc/ssh");
  EXPECT_EQ(LiteralPrefix("/etc/x"), "");
  EXPECT_EQ(LiteralPrefix("^/a|^/b"), "");
}

}  // namespace
}  // namespace qx::agent
