#include "fixture_host.h"

#include <sys/stat.h>
#include <unistd.h>

#include <fstream>
#include <sstream>

namespace qx::agent::testing {

std::string FixturePath(const std::string& relative) { return std::string(QX_AGENT_FIXTURES) + "/" + relative; }

std::string ReadFixture(const std::string& relative) {
  std::ifstream in(FixturePath(relative), std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

std::filesystem::path MakeTempDir(const std::string& tag) {
  std::string pattern = (std::filesystem::temp_directory_path() / ("qx-agent-" + tag + "-XXXXXX")).string();
  return std::filesystem::path(::mkdtemp(pattern.data()));
}

FixtureTree::FixtureTree() : root_(MakeTempDir("host")) {
  std::filesystem::copy(FixturePath("host"), root_,
                        std::filesystem::copy_options::recursive | std::filesystem::copy_options::copy_symlinks);
  // Modes a checkout cannot be trusted to keep.
  for (const char* f : {"etc/passwd", "etc/group", "etc/shadow", "etc/login.defs", "srv/data/report.txt"}) Chmod(f, 0644);
}

FixtureTree::~FixtureTree() {
  std::error_code ec;
  std::filesystem::remove_all(root_, ec);
}

void FixtureTree::Write(const std::string& relative, const std::string& content) const {
  std::filesystem::create_directories(Path(relative).parent_path());
  std::ofstream out(Path(relative), std::ios::binary | std::ios::trunc);
  out << content;
}

void FixtureTree::Chmod(const std::string& relative, unsigned mode) const { ::chmod(Path(relative).c_str(), mode); }

std::unique_ptr<RootedHost> FixtureTree::Host() const {
  RootedHostOptions o;
  o.root = root_.string();
  o.uname = UnameInfo{"Linux", "fixture", "6.1.0-13-amd64", "#1 SMP Debian", "x86_64"};
  o.environment = std::map<std::string, std::string>{{"PATH", "/usr/bin:/bin"}, {"HOME", "/root"}};
  return std::make_unique<RootedHost>(o);
}

}  // namespace qx::agent::testing
