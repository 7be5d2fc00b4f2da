// Who acts in Qalxan: organisations (by kind), their people and machines (by role), and the
// validation rules for their names and secrets. Values only, no I/O.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "qx/core/clock.h"
#include "qx/core/result.h"

namespace qx::domain {

using OrgId = std::int64_t;
using UserId = std::int64_t;

enum class OrgKind { kRegulator, kCert, kOperator, kProvider };
enum class Role { kAdmin, kOfficer, kAnalyst, kStaff, kAuditor, kMachine };

std::string_view Name(OrgKind kind);
std::string_view Name(Role role);
std::optional<OrgKind> ParseOrgKind(std::string_view text);
std::optional<Role> ParseRole(std::string_view text);

// Sectors of critical infrastructure, by their wire names ("oil_and_gas", "finance", ...).
bool IsKnownSector(std::string_view sector);

struct Organisation {
  OrgId id = 0;
  std::string name;
  OrgKind kind = OrgKind::kOperator;
  std::string sector;  // empty for the regulator and the CERT
  UnixMillis created_at = 0;
};

struct User {
  UserId id = 0;
  OrgId org_id = 0;
  std::string username;  // unique across the installation; the login name
  std::string display_name;
  Role role = Role::kStaff;
  bool disabled = false;
  UnixMillis created_at = 0;
};

// A machine or script credential; the secret itself is never stored, only its SHA-256.
struct ApiToken {
  std::int64_t id = 0;
  OrgId org_id = 0;
  Role role = Role::kMachine;
  std::string name;
  UserId created_by = 0;
  UnixMillis created_at = 0;
  UnixMillis expires_at = 0;
  std::optional<UnixMillis> revoked_at;
};

Status ValidateOrganisation(const Organisation& org);
Status ValidateUsername(std::string_view username);
Status ValidateDisplayName(std::string_view name);
Status ValidatePassword(std::string_view password);
Status ValidateTokenName(std::string_view name);

}  // namespace qx::domain
