// Test helpers: a private copy of the fixture host tree (so that tests can chmod and add files)
// served through RootedHost with a pinned uname and environment.
#pragma once

#include <filesystem>
#include <memory>
#include <string>

#include "qx/agent/host.h"

namespace qx::agent::testing {

std::string FixturePath(const std::string& relative);
std::string ReadFixture(const std::string& relative);

class FixtureTree {
 public:
  FixtureTree();  // copies tests/fixtures/agent/host into a fresh temporary directory
  ~FixtureTree();
  const std::filesystem::path& root() const { return root_; }
  std::filesystem::path Path(const std::string& relative) const { return root_ / relative; }
  void Write(const std::string& relative, const std::string& content) const;
  void Chmod(const std::string& relative, unsigned mode) const;
  // A host on the copy: uname x86_64 "fixture", PATH=/usr/bin:/bin.
  std::unique_ptr<RootedHost> Host() const;

 private:
  std::filesystem::path root_;
};

std::filesystem::path MakeTempDir(const std::string& tag);

}  // namespace qx::agent::testing
