// Probes for packages (dpkg status), sysctl (/proc/sys), partitions (mounts), uname, family,
// accounts (/etc/passwd, /etc/shadow), the environment, variables, systemd units (from unit
// files) and listening sockets (/proc/net).
#include <algorithm>
#include <set>
#include <sstream>

#include "qx/agent/oval_engine.h"
#include "qx/agent/systemd_units.h"

namespace qx::agent {
namespace {

constexpr size_t kMaxSystemFileBytes = 64u << 20;

std::vector<std::string> SplitFields(const std::string& line, char sep) {
  std::vector<std::string> out;
  std::string cur;
  for (char c : line) {
    if (c == sep) {
      out.push_back(cur);
      cur.clear();
    } else {
      cur += c;
    }
  }
  out.push_back(cur);
  return out;
}

std::string TrimRight(std::string s) {
  while (!s.empty() && (s.back() == '\n' || s.back() == '\r' || s.back() == ' ')) s.pop_back();
  return s;
}

std::string EncryptMethod(const std::string& hash) {
  if (hash.rfind("$1$", 0) == 0) return "MD5";
  if (hash.rfind("$2", 0) == 0) return "Blowfish";
  if (hash.rfind("$5$", 0) == 0) return "SHA-256";
  if (hash.rfind("$6$", 0) == 0) return "SHA-512";
  if (hash.rfind("$y$", 0) == 0) return "yescrypt";
  if (hash.rfind("$gy$", 0) == 0) return "gost-yescrypt";
  if (hash.size() == 13) return "DES";
  return "";
}

}  // namespace

Result<std::vector<OvalEngine::Package>> OvalEngine::InstalledPackages() {
  if (packages_) return *packages_;
  auto status = host_.ReadFile("/var/lib/dpkg/status", kMaxSystemFileBytes);
  if (!status) {
    packages_ = tl::unexpected(status.error());
    return *packages_;
  }
  std::vector<Package> out;
  std::istringstream in(*status);
  std::string line, state;
  Package pkg;
  auto flush = [&] {
    // "install ok installed" (or hold/unpacked variants); not "config-files" or "not-installed".
    if (!pkg.name.empty() && state.size() >= 10 && state.compare(state.size() - 10, 10, " installed") == 0) {
      out.push_back(std::move(pkg));
    }
    pkg = Package{};
    state.clear();
  };
  while (std::getline(in, line)) {
    if (line.empty()) {
      flush();
      continue;
    }
    if (line.rfind("Package: ", 0) == 0) pkg.name = TrimRight(line.substr(9));
    else if (line.rfind("Architecture: ", 0) == 0) pkg.arch = TrimRight(line.substr(14));
    else if (line.rfind("Version: ", 0) == 0) pkg.version = TrimRight(line.substr(9));
    else if (line.rfind("Status: ", 0) == 0) state = TrimRight(line.substr(8));
  }
  flush();
  packages_ = std::move(out);
  return *packages_;
}

Result<Collected> OvalEngine::ProbeDpkg(const XmlNode& object) {
  QX_ASSIGN_OR_RETURN(EntitySpec name, ObjectEntity(object, "name"));
  auto packages = InstalledPackages();
  if (!packages) {
    if (packages.error().code == ErrorCode::kNotFound) {
      return Collected{CollectedFlag::kDoesNotExist, {}, "no dpkg database"};
    }
    return Collected{CollectedFlag::kError, {}, packages.error().message};
  }
  Collected out;
  for (const Package& p : *packages) {
    QX_ASSIGN_OR_RETURN(bool ok, EntityMatches(name, p.name));
    if (!ok) continue;
    std::string epoch = "0", upstream = p.version, revision = "0";
    if (size_t c = upstream.find(':'); c != std::string::npos) {
      epoch = upstream.substr(0, c);
      upstream = upstream.substr(c + 1);
    }
    if (size_t d = upstream.rfind('-'); d != std::string::npos) {
      revision = upstream.substr(d + 1);
      upstream = upstream.substr(0, d);
    }
    Item item;
    item.Add("name", p.name);
    item.Add("arch", p.arch);
    item.Add("epoch", epoch);
    item.Add("release", revision);
    item.Add("version", upstream);
    item.Add("evr", epoch + ":" + upstream + "-" + revision);
    out.items.push_back(std::move(item));
  }
  return out;
}

Result<Collected> OvalEngine::ProbeSysctl(const XmlNode& object) {
  QX_ASSIGN_OR_RETURN(EntitySpec name, ObjectEntity(object, "name"));
  Collected out;
  auto read_one = [&](const std::string& key) {
    std::string path = "/proc/sys/" + key;
    std::replace(path.begin() + 10, path.end(), '.', '/');
    auto value = host_.ReadFile(path, 1u << 20);
    if (!value) return;
    Item item;
    item.Add("name", key);
    item.Add("value", TrimRight(*value));
    out.items.push_back(std::move(item));
  };
  if (name.operation == "equals") {
    for (const std::string& key : name.values) read_one(key);
    return out;
  }
  // Any other operation: enumerate /proc/sys (bounded depth) and match the names.
  std::vector<std::pair<std::string, int>> stack{{"/proc/sys", 0}};
  while (!stack.empty()) {
    auto [dir, depth] = stack.back();
    stack.pop_back();
    auto listing = host_.ListDir(dir);
    if (!listing) continue;
    for (const DirEntry& e : *listing) {
      const std::string full = JoinPath(dir, e.name);
      if (e.stat.IsDir()) {
        if (depth < 8) stack.emplace_back(full, depth + 1);
        continue;
      }
      std::string key = full.substr(10);
      std::replace(key.begin(), key.end(), '/', '.');
      QX_ASSIGN_OR_RETURN(bool ok, EntityMatches(name, key));
      if (ok) read_one(key);
    }
  }
  return out;
}

Result<Collected> OvalEngine::ProbePartition(const XmlNode& object) {
  QX_ASSIGN_OR_RETURN(EntitySpec mp, ObjectEntity(object, "mount_point"));
  auto mounts = host_.Mounts();
  if (!mounts) return Collected{CollectedFlag::kError, {}, mounts.error().message};
  Collected out;
  for (const MountEntry& m : *mounts) {
    QX_ASSIGN_OR_RETURN(bool ok, EntityMatches(mp, m.mount_point));
    if (!ok) continue;
    Item item;
    item.Add("mount_point", m.mount_point);
    item.Add("device", m.device);
    item.Add("fs_type", m.fs_type);
    for (const std::string& o : m.options) item.Add("mount_options", o);
    if (auto space = host_.Space(m.mount_point)) {
      item.Add("total_space", std::to_string((*space)[0]));
      item.Add("space_used", std::to_string((*space)[1]));
      item.Add("space_left", std::to_string((*space)[2]));
    }
    out.items.push_back(std::move(item));
  }
  return out;
}

Result<Collected> OvalEngine::ProbeUname(const XmlNode&) {
  const UnameInfo u = host_.Uname();
  Item item;
  item.Add("machine_class", u.machine);
  item.Add("node_name", u.nodename);
  item.Add("os_name", u.sysname);
  item.Add("os_release", u.release);
  item.Add("os_version", u.version);
  item.Add("processor_type", u.machine);
  return Collected{CollectedFlag::kComplete, {std::move(item)}, ""};
}

Result<Collected> OvalEngine::ProbeFamily(const XmlNode&) {
  Item item;
  item.Add("family", "unix");
  return Collected{CollectedFlag::kComplete, {std::move(item)}, ""};
}

Result<Collected> OvalEngine::ProbeShadow(const XmlNode& object) {
  QX_ASSIGN_OR_RETURN(EntitySpec user, ObjectEntity(object, "username"));
  auto text = host_.ReadFile("/etc/shadow", kMaxSystemFileBytes);
  if (!text) return Collected{CollectedFlag::kError, {}, text.error().message};
  static const char* kFields[] = {"username", "password", "chg_lst", "chg_allow", "chg_req",
                                  "exp_warn", "exp_inact", "exp_date", "flag"};
  Collected out;
  std::istringstream in(*text);
  std::string line;
  while (std::getline(in, line)) {
    if (line.empty() || line[0] == '#') continue;
    auto f = SplitFields(line, ':');
    if (f.size() < 2) continue;
    QX_ASSIGN_OR_RETURN(bool ok, EntityMatches(user, f[0]));
    if (!ok) continue;
    Item item;
    for (size_t i = 0; i < f.size() && i < 9; ++i) {
      if (i >= 2 && f[i].empty()) continue;  // unset numeric fields are absent, not zero
      item.Add(kFields[i], f[i]);
    }
    item.Add("encrypt_method", EncryptMethod(f[1]));
    out.items.push_back(std::move(item));
  }
  return out;
}

Result<Collected> OvalEngine::ProbePassword(const XmlNode& object) {
  QX_ASSIGN_OR_RETURN(EntitySpec user, ObjectEntity(object, "username"));
  auto text = host_.ReadFile("/etc/passwd", kMaxSystemFileBytes);
  if (!text) return Collected{CollectedFlag::kError, {}, text.error().message};
  static const char* kFields[] = {"username", "password", "user_id", "group_id", "gcos", "home_dir", "login_shell"};
  Collected out;
  std::istringstream in(*text);
  std::string line;
  while (std::getline(in, line)) {
    if (line.empty() || line[0] == '#') continue;
    auto f = SplitFields(line, ':');
    if (f.size() < 7) continue;
    QX_ASSIGN_OR_RETURN(bool ok, EntityMatches(user, f[0]));
    if (!ok) continue;
    Item item;
    for (size_t i = 0; i < 7; ++i) item.Add(kFields[i], f[i]);
    out.items.push_back(std::move(item));
  }
  return out;
}

Result<Collected> OvalEngine::ProbeEnvironment(const XmlNode& object) {
  QX_ASSIGN_OR_RETURN(EntitySpec pid, ObjectEntity(object, "pid"));
  if (pid.present && !pid.nil) return MakeError(ErrorCode::kInvalidArgument, "unsupported: environment of another process");
  QX_ASSIGN_OR_RETURN(EntitySpec name, ObjectEntity(object, "name"));
  Collected out;
  for (const auto& [k, v] : host_.Environment()) {
    QX_ASSIGN_OR_RETURN(bool ok, EntityMatches(name, k));
    if (!ok) continue;
    Item item;
    item.Add("pid", "0");
    item.Add("name", k);
    item.Add("value", v);
    out.items.push_back(std::move(item));
  }
  return out;
}

Result<Collected> OvalEngine::ProbeVariable(const XmlNode& object) {
  const XmlNode* ref = object.Child("var_ref");
  if (!ref) return MakeError(ErrorCode::kInvalidArgument, "variable_object without var_ref");
  auto values = VariableValues(ref->text);
  if (!values) return Collected{CollectedFlag::kError, {}, values.error().message};
  Item item;
  item.Add("var_ref", ref->text);
  for (const std::string& v : *values) item.Add("value", v);
  return Collected{CollectedFlag::kComplete, {std::move(item)}, ""};
}

Result<Collected> OvalEngine::ProbeSystemdProperty(const XmlNode& object) {
  QX_ASSIGN_OR_RETURN(EntitySpec unit, ObjectEntity(object, "unit"));
  QX_ASSIGN_OR_RETURN(EntitySpec property, ObjectEntity(object, "property"));
  SystemdUnits units(host_);
  Collected out;
  for (const std::string& name : units.AllUnitNames()) {
    QX_ASSIGN_OR_RETURN(bool ok, EntityMatches(unit, name));
    if (!ok) continue;
    for (const std::string& prop : property.values) {
      auto value = units.Property(name, prop);
      if (!value) return Collected{CollectedFlag::kNotCollected, {}, value.error().message};
      if (!*value) continue;
      Item item;
      item.Add("unit", name);
      item.Add("property", prop);
      item.Add("value", **value);
      out.items.push_back(std::move(item));
    }
  }
  return out;
}

Result<Collected> OvalEngine::ProbeSystemdDependency(const XmlNode& object) {
  QX_ASSIGN_OR_RETURN(EntitySpec unit, ObjectEntity(object, "unit"));
  SystemdUnits units(host_);
  Collected out;
  for (const std::string& name : units.AllUnitNames()) {
    QX_ASSIGN_OR_RETURN(bool ok, EntityMatches(unit, name));
    if (!ok) continue;
    Item item;
    item.Add("unit", name);
    for (const std::string& dep : units.Dependencies(name)) item.Add("dependency", dep);
    out.items.push_back(std::move(item));
  }
  return out;
}

}  // namespace qx::agent
