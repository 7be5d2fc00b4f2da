// systemd units read from their unit files (no D-Bus): the unit names present, dependencies
// (Requires=, Wants=, Requisite=, BindsTo= and .wants/.requires directories, followed
// transitively), LoadState and UnitFileState. ActiveState and other run-time properties need the
// running manager and are reported as not collected with that reason.
#pragma once

#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "qx/agent/host.h"

namespace qx::agent {

class SystemdUnits {
 public:
  explicit SystemdUnits(const Host& host);
  std::vector<std::string> AllUnitNames() const;
  // nullopt: the unit does not have the property; error: it cannot be known from unit files.
  Result<std::optional<std::string>> Property(const std::string& unit, const std::string& property) const;
  std::vector<std::string> Dependencies(const std::string& unit) const;

 private:
  std::optional<std::string> UnitFilePath(const std::string& unit) const;
  std::vector<std::string> DirectDependencies(const std::string& unit) const;
  bool IsEnabled(const std::string& unit) const;
  const Host& host_;
  std::vector<std::string> dirs_;
};

}  // namespace qx::agent
