#include "qx/domain/intel.h"

#include <array>
#include <string>

namespace qx::domain {
namespace {

constexpr std::array<std::string_view, 4> kAudiences = {"national", "sector", "private",
                                                        "cert_inbox"};

bool Writes(Role r) {
  return r == Role::kAdmin || r == Role::kOfficer || r == Role::kAnalyst || r == Role::kMachine;
}

}  // namespace

std::string_view Name(Audience a) { return kAudiences[static_cast<size_t>(a)]; }

std::optional<Audience> ParseAudience(std::string_view t) {
  for (size_t i = 0; i < kAudiences.size(); ++i) {
    if (kAudiences[i] == t) return static_cast<Audience>(i);
  }
  return std::nullopt;
}

CollectionAccess AccessTo(const Subject& s, std::string_view sector, const IntelCollection& c) {
  const bool cert = s.org_kind == OrgKind::kCert;
  const bool regulator = s.org_kind == OrgKind::kRegulator;
  const bool writes = Writes(s.role);
  switch (c.audience) {
    case Audience::kNational:
      return {true, writes};
    case Audience::kSector: {
      const bool member = !sector.empty() && sector == c.audience_value;
      const bool in = member || cert || regulator;
      return {in, in && writes};
    }
    case Audience::kPrivate: {
      const bool own = std::to_string(s.org_id) == c.audience_value;
      return {own, own && writes};
    }
    case Audience::kCertInbox:
      return {cert, writes};
  }
  return {};
}

bool MayDelete(const CollectionAccess& access) { return access.read && access.write; }

}  // namespace qx::domain
