// One walk of the filesystem answering every walking object of a scan: each directory is listed
// once, whatever number of objects want it. Symbolic links are never followed; directories are
// remembered by (device, inode) so that bind-mount loops end. Mount points are crossed only as
// each request's scope allows (-xdev for "defined"), and pseudo filesystems (/proc, /sys, ...)
// are never entered by a recursive request: only a request whose literal root or pattern names a
// path inside one reaches it.
#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "qx/agent/host.h"
#include "qx/agent/regex.h"

namespace qx::agent {

enum class FsScope { kDefined, kLocal, kAll };  // OVAL recurse_file_system

struct WalkRequest {
  std::vector<std::string> roots;               // directories where recursion starts
  std::shared_ptr<const Regex> path_regex;      // directories whose path matches also start it
  std::shared_ptr<const Regex> filepath_regex;  // entries whose full path matches are emitted
  int max_depth = 0;                            // levels below a start directory; -1: unlimited
  FsScope scope = FsScope::kDefined;
  // For a start (or recursed) directory: nullptr emits the directory itself; otherwise each entry
  // whose name satisfies the predicate is emitted.
  std::function<bool(std::string_view name)> filename;
};

struct WalkStats {
  size_t directories = 0;
  size_t entries = 0;
  size_t loops_skipped = 0;
  size_t unreadable = 0;
};

// Emitted: request index, the directory, the entry name (nullopt for the directory itself), stat.
using WalkSink = std::function<void(size_t request, const std::string& dir,
                                    std::optional<std::string_view> name, const FileStat& stat)>;

bool IsPseudoFilesystem(std::string_view fs_type);
bool IsNetworkFilesystem(std::string_view fs_type);

// The literal text a pattern's matches must start with (up to the first metacharacter), e.g.
// "/etc/audit/rules.d/" for ^/etc/audit/rules\.d/.*\.rules$; "" when not anchored.
std::string LiteralPrefix(std::string_view pattern);

WalkStats WalkFilesystem(const Host& host, const std::vector<WalkRequest>& requests, const WalkSink& sink);

}  // namespace qx::agent
