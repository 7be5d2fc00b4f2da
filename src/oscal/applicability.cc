#include "applicability.h"

#include <fmt/format.h>

#include "json_util.h"

namespace qx::oscal::detail {

Status AddQalxanProp(std::string_view name, std::string_view value, std::string_view path,
                     Applicability& out) {
  const std::string value_path = Member(path, "value");
  if (name == "sector") {
    if (!IsToken(value)) return Invalid(value_path, fmt::format("bad sector '{}'", value));
    out.sectors.emplace_back(value);
  } else if (name == "cii-category") {
    if (value != "1" && value != "2" && value != "3") {
      return Invalid(value_path, fmt::format("cii-category must be 1, 2 or 3, got '{}'", value));
    }
    out.categories.push_back(value[0] - '0');
  } else if (name == "iec62443-sl") {
    if (value.size() != 1 || value[0] < '1' || value[0] > '4') {
      return Invalid(value_path, fmt::format("iec62443-sl must be 1 to 4, got '{}'", value));
    }
    if (out.min_security_level) return Invalid(path, "iec62443-sl given more than once");
    out.min_security_level = value[0] - '0';
  } else if (name == "machine-check") {
    if (!IsToken(value)) return Invalid(value_path, fmt::format("bad check id '{}'", value));
    out.machine_checks.emplace_back(value);
  } else {
    return Invalid(Member(path, "name"), fmt::format("unknown Qalxan prop '{}'", name));
  }
  return Ok();
}

bool SameApplicability(const Applicability& a, const Applicability& b) {
  return a.sectors == b.sectors && a.categories == b.categories &&
         a.min_security_level == b.min_security_level && a.machine_checks == b.machine_checks;
}

}  // namespace qx::oscal::detail
