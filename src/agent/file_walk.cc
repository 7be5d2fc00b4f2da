#include "qx/agent/file_walk.h"

#include <algorithm>
#include <map>
#include <set>
#include <unordered_set>

namespace qx::agent {
namespace {

struct Active {
  size_t req;
  int depth;
  std::string mount;  // the mount point of the filesystem where this recursion started
};

struct Frame {
  std::string path;
  FileStat stat;
  std::string mount;
  std::vector<Active> active;
};

struct DevIno {
  dev_t dev;
  ino_t ino;
  bool operator==(const DevIno& o) const { return dev == o.dev && ino == o.ino; }
};
struct DevInoHash {
  size_t operator()(const DevIno& d) const { return std::hash<uint64_t>()(d.ino * 1000003u ^ d.dev); }
};

bool IsUnder(std::string_view path, std::string_view dir) {
  if (dir == "/") return !path.empty() && path.front() == '/';
  return path.size() >= dir.size() && path.compare(0, dir.size(), dir) == 0 &&
         (path.size() == dir.size() || path[dir.size()] == '/');
}

}  // namespace

bool IsPseudoFilesystem(std::string_view t) {
  static const std::set<std::string_view> kPseudo = {
      "proc", "sysfs", "cgroup", "cgroup2", "devpts", "debugfs", "tracefs", "securityfs",
      "pstore", "bpf", "configfs", "fusectl", "mqueue", "hugetlbfs", "autofs", "binfmt_misc",
      "devtmpfs", "nsfs", "efivarfs", "rpc_pipefs", "nfsd", "selinuxfs"};
  return kPseudo.count(t) > 0;
}

bool IsNetworkFilesystem(std::string_view t) {
  static const std::set<std::string_view> kNetwork = {
      "nfs", "nfs4", "cifs", "smbfs", "smb3", "ncpfs", "afs", "coda", "9p", "sshfs", "fuse.sshfs",
      "glusterfs", "fuse.glusterfs", "ceph", "fuse.ceph", "lustre", "gfs2", "ocfs2", "davfs"};
  return kNetwork.count(t) > 0;
}

std::string LiteralPrefix(std::string_view p) {
  if (p.empty() || p.front() != '^') return "";
  std::string out;
  for (size_t i = 1; i < p.size(); ++i) {
    const char c = p[i];
    if (c == '\\' && i + 1 < p.size() && !std::isalnum(static_cast<unsigned char>(p[i + 1]))) {
      out += p[++i];
    } else if (std::string_view(".[]()*+?{}|$^\\").find(c) != std::string_view::npos) {
      // A quantifier makes the previous character optional.
      if ((c == '*' || c == '?' || c == '{') && !out.empty()) out.pop_back();
      if (c == '|') return "";
      break;
    } else {
      out += c;
    }
  }
  // An alternation anywhere else makes the prefix unreliable.
  if (p.find('|') != std::string_view::npos) {
    int depth = 0;
    for (size_t i = 0; i < p.size(); ++i) {
      if (p[i] == '\\') { ++i; continue; }
      if (p[i] == '(') ++depth;
      if (p[i] == ')') --depth;
      if (p[i] == '|' && depth == 0) return "";
    }
  }
  return out;
}

WalkStats WalkFilesystem(const Host& host, const std::vector<WalkRequest>& requests,
                         const WalkSink& sink) {
  WalkStats stats;
  std::map<std::string, std::string> mount_types;  // mount point -> fs type (last mount wins)
  if (auto mounts = host.Mounts()) {
    for (const auto& m : *mounts) mount_types[m.mount_point] = m.fs_type;
  }
  auto fs_type_of = [&](const std::string& mount) {
    auto it = mount_types.find(mount);
    return it == mount_types.end() ? std::string() : it->second;
  };

  std::multimap<std::string, size_t> roots;
  std::vector<size_t> regex_requests;
  std::vector<std::string> regex_prefix(requests.size());
  for (size_t i = 0; i < requests.size(); ++i) {
    for (const auto& r : requests[i].roots) roots.emplace(r, i);
    const Regex* re = requests[i].path_regex ? requests[i].path_regex.get() : requests[i].filepath_regex.get();
    if (re) {
      regex_requests.push_back(i);
      regex_prefix[i] = LiteralPrefix(re->pattern());
    }
  }
  auto root_at_or_below = [&](const std::string& dir) {
    auto it = roots.lower_bound(dir);
    return it != roots.end() && IsUnder(it->first, dir);
  };

  auto root = host.Lstat("/");
  if (!root || !*root) return stats;
  std::unordered_set<DevIno, DevInoHash> visited;
  std::vector<Frame> stack;
  stack.push_back(Frame{"/", **root, "/", {}});
  while (!stack.empty()) {
    Frame f = std::move(stack.back());
    stack.pop_back();
    if (!visited.insert(DevIno{f.stat.dev, f.stat.ino}).second) {
      ++stats.loops_skipped;
      continue;
    }
    ++stats.directories;
    for (auto [it, end] = roots.equal_range(f.path); it != end; ++it) {
      f.active.push_back(Active{it->second, 0, f.mount});
    }
    for (size_t r : regex_requests) {
      if (!requests[r].path_regex) continue;
      auto m = requests[r].path_regex->Search(f.path);
      if (m && *m && std::none_of(f.active.begin(), f.active.end(), [&](const Active& a) { return a.req == r; })) {
        f.active.push_back(Active{r, 0, f.mount});
      }
    }
    for (const Active& a : f.active) {
      if (!requests[a.req].filename) sink(a.req, f.path, std::nullopt, f.stat);
    }
    auto listing = host.ListDir(f.path);
    if (!listing) {
      ++stats.unreadable;
      continue;
    }
    std::sort(listing->begin(), listing->end(),
              [](const DirEntry& a, const DirEntry& b) { return a.name > b.name; });
    for (const DirEntry& e : *listing) {
      ++stats.entries;
      for (const Active& a : f.active) {
        if (requests[a.req].filename && requests[a.req].filename(e.name)) sink(a.req, f.path, e.name, e.stat);
      }
      std::string child = JoinPath(f.path, e.name);
      for (size_t r : regex_requests) {
        if (!requests[r].filepath_regex) continue;
        auto m = requests[r].filepath_regex->Search(child);
        if (m && *m) sink(r, f.path, e.name, e.stat);
      }
      if (!e.stat.IsDir()) continue;
      const bool is_mount = e.stat.dev != f.stat.dev || mount_types.count(child) > 0;
      const std::string child_mount = is_mount ? child : f.mount;
      const std::string fs_type = fs_type_of(child_mount);
      const bool pseudo = IsPseudoFilesystem(fs_type);
      std::vector<Active> child_active;
      for (const Active& a : f.active) {
        const WalkRequest& req = requests[a.req];
        if (req.max_depth >= 0 && a.depth >= req.max_depth) continue;
        if (is_mount) {
          if (req.scope == FsScope::kDefined && child_mount != a.mount) continue;
          if (pseudo) continue;
          if (req.scope == FsScope::kLocal && IsNetworkFilesystem(fs_type)) continue;
        }
        child_active.push_back(Active{a.req, a.depth + 1, a.mount});
      }
      bool descend = !child_active.empty() || root_at_or_below(child);
      for (size_t r = 0; !descend && r < regex_requests.size(); ++r) {
        const size_t i = regex_requests[r];
        const Regex* re = requests[i].path_regex ? requests[i].path_regex.get() : requests[i].filepath_regex.get();
        if (pseudo && !IsUnder(regex_prefix[i], child)) continue;
        if (is_mount && requests[i].scope == FsScope::kDefined) continue;
        descend = re->CouldMatchBelow(child + "/") || re->CouldMatchBelow(child);
      }
      if (descend) stack.push_back(Frame{std::move(child), e.stat, child_mount, std::move(child_active)});
    }
  }
  return stats;
}

}  // namespace qx::agent
