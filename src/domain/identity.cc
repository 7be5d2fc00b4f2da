#include "qx/domain/identity.h"

#include <algorithm>
#include <array>

namespace qx::domain {
namespace {

constexpr std::array<std::string_view, 4> kOrgKindNames = {"regulator", "cert", "operator",
                                                          "provider"};
constexpr std::array<std::string_view, 6> kRoleNames = {"admin", "officer", "analyst",
                                                       "staff", "auditor", "machine"};
constexpr std::array<std::string_view, 10> kSectors = {
    "oil_and_gas", "energy", "finance", "telecom", "government",
    "transport",   "health", "water",   "digital", "other"};

template <typename Enum, size_t N>
std::optional<Enum> ParseName(const std::array<std::string_view, N>& names, std::string_view t) {
  for (size_t i = 0; i < N; ++i) {
    if (names[i] == t) return static_cast<Enum>(i);
  }
  return std::nullopt;
}

Status Invalid(std::string message) {
  return MakeError(ErrorCode::kInvalidArgument, std::move(message));
}

// Printable text without control characters, at most max_bytes long.
bool IsPlainText(std::string_view s, size_t max_bytes) {
  if (s.empty() || s.size() > max_bytes) return false;
  return std::none_of(s.begin(), s.end(), [](char c) {
    const auto u = static_cast<unsigned char>(c);
    return u < 0x20 || u == 0x7f;
  });
}

}  // namespace

std::string_view Name(OrgKind kind) { return kOrgKindNames[static_cast<size_t>(kind)]; }
std::string_view Name(Role role) { return kRoleNames[static_cast<size_t>(role)]; }
std::optional<OrgKind> ParseOrgKind(std::string_view t) { return ParseName<OrgKind>(kOrgKindNames, t); }
std::optional<Role> ParseRole(std::string_view t) { return ParseName<Role>(kRoleNames, t); }

bool IsKnownSector(std::string_view sector) {
  return std::find(kSectors.begin(), kSectors.end(), sector) != kSectors.end();
}

Status ValidateOrganisation(const Organisation& org) {
  if (!IsPlainText(org.name, 200)) return Invalid("name must be 1-200 characters of plain text");
  const bool needs_sector = org.kind == OrgKind::kOperator;
  if (needs_sector && !IsKnownSector(org.sector)) {
    return Invalid("an operator needs a known sector (oil_and_gas, energy, finance, ...)");
  }
  if (!org.sector.empty() && !IsKnownSector(org.sector)) return Invalid("unknown sector");
  return Ok();
}

Status ValidateUsername(std::string_view u) {
  const bool ok = u.size() >= 3 && u.size() <= 64 && std::all_of(u.begin(), u.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '_' ||
           c == '-' || c == '@';
  });
  if (!ok) return Invalid("username must be 3-64 characters of a-z, 0-9, '.', '_', '-', '@'");
  return Ok();
}

Status ValidateDisplayName(std::string_view name) {
  if (!IsPlainText(name, 200)) return Invalid("display name must be 1-200 characters of plain text");
  return Ok();
}

Status ValidatePassword(std::string_view p) {
  if (p.size() < 12) return Invalid("password must have at least 12 characters");
  if (p.size() > 1024) return Invalid("password must have at most 1024 characters");
  return Ok();
}

Status ValidateTokenName(std::string_view name) {
  if (!IsPlainText(name, 100)) return Invalid("token name must be 1-100 characters of plain text");
  return Ok();
}

}  // namespace qx::domain
