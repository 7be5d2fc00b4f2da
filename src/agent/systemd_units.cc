#include "qx/agent/systemd_units.h"

#include <sstream>

namespace qx::agent {
namespace {

const char* kUnitDirs[] = {"/etc/systemd/system", "/run/systemd/system", "/usr/local/lib/systemd/system",
                           "/lib/systemd/system", "/usr/lib/systemd/system"};

bool IsUnitName(const std::string& n) {
  for (const char* s : {".service", ".socket", ".target", ".timer", ".mount", ".path", ".slice", ".automount", ".swap"}) {
    const std::string suffix(s);
    if (n.size() > suffix.size() && n.compare(n.size() - suffix.size(), suffix.size(), suffix) == 0) return true;
  }
  return false;
}

}  // namespace

SystemdUnits::SystemdUnits(const Host& host) : host_(host) {
  for (const char* d : kUnitDirs) dirs_.emplace_back(d);
}

std::vector<std::string> SystemdUnits::AllUnitNames() const {
  std::set<std::string> names;
  for (const std::string& d : dirs_) {
    auto listing = host_.ListDir(d);
    if (!listing) continue;
    for (const DirEntry& e : *listing) {
      if (!e.stat.IsDir() && IsUnitName(e.name)) names.insert(e.name);
    }
  }
  return {names.begin(), names.end()};
}

std::optional<std::string> SystemdUnits::UnitFilePath(const std::string& unit) const {
  for (const std::string& d : dirs_) {
    const std::string p = JoinPath(d, unit);
    auto st = host_.Lstat(p);
    if (st && *st) return p;
  }
  return std::nullopt;
}

std::vector<std::string> SystemdUnits::DirectDependencies(const std::string& unit) const {
  std::vector<std::string> out;
  if (auto path = UnitFilePath(unit)) {
    auto text = host_.ReadFile(*path, 1u << 20);
    if (text) {
      std::istringstream in(*text);
      std::string line, section;
      while (std::getline(in, line)) {
        if (!line.empty() && line[0] == '[') section = line;
        if (section != "[Unit]") continue;
        for (const char* key : {"Requires=", "Wants=", "Requisite=", "BindsTo="}) {
          if (line.rfind(key, 0) != 0) continue;
          std::istringstream values(line.substr(std::string(key).size()));
          std::string v;
          while (values >> v) out.push_back(v);
        }
      }
    }
  }
  for (const std::string& d : dirs_) {
    for (const char* suffix : {".wants", ".requires"}) {
      auto listing = host_.ListDir(JoinPath(d, unit + suffix));
      if (!listing) continue;
      for (const DirEntry& e : *listing) out.push_back(e.name);
    }
  }
  return out;
}

std::vector<std::string> SystemdUnits::Dependencies(const std::string& unit) const {
  std::set<std::string> seen{unit};
  std::vector<std::string> order, stack{unit};
  while (!stack.empty() && seen.size() < 10000) {
    const std::string u = stack.back();
    stack.pop_back();
    for (const std::string& d : DirectDependencies(u)) {
      if (seen.insert(d).second) {
        order.push_back(d);
        stack.push_back(d);
      }
    }
  }
  return order;
}

bool SystemdUnits::IsEnabled(const std::string& unit) const {
  for (const std::string& d : {std::string("/etc/systemd/system"), std::string("/run/systemd/system")}) {
    auto listing = host_.ListDir(d);
    if (!listing) continue;
    for (const DirEntry& e : *listing) {
      if (!e.stat.IsDir()) continue;
      const std::string n = e.name;
      if (n.size() < 6 || (n.find(".wants") == std::string::npos && n.find(".requires") == std::string::npos)) continue;
      auto st = host_.Lstat(JoinPath(JoinPath(d, n), unit));
      if (st && *st) return true;
    }
  }
  return false;
}

Result<std::optional<std::string>> SystemdUnits::Property(const std::string& unit, const std::string& property) const {
  auto path = UnitFilePath(unit);
  bool masked = false;
  if (path) {
    auto target = host_.ReadLink(*path);
    masked = target && *target == "/dev/null";
  }
  if (property == "LoadState") {
    if (masked) return std::optional<std::string>("masked");
    return std::optional<std::string>(path ? "loaded" : "not-found");
  }
  if (property == "UnitFileState") {
    if (!path) return std::optional<std::string>();
    if (masked) return std::optional<std::string>("masked");
    if (IsEnabled(unit)) return std::optional<std::string>("enabled");
    auto text = host_.ReadFile(*path, 1u << 20);
    if (text && text->find("[Install]") == std::string::npos) return std::optional<std::string>("static");
    return std::optional<std::string>("disabled");
  }
  if (!host_.SystemdRunning()) {
    return MakeError(ErrorCode::kUnavailable, "systemd is not running here, so " + property + " of " + unit + " has no value");
  }
  return MakeError(ErrorCode::kUnavailable,
                   "unsupported: " + property + " is a run-time property of the systemd manager (D-Bus), not read from unit files");
}

}  // namespace qx::agent
