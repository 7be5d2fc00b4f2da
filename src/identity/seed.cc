#include "qx/identity/seed.h"

namespace qx::identity {

Result<std::vector<SeededAdmin>> SeedIfEmpty(store::Database& db, DirectoryService& directory,
                                             const std::string& bootstrap_password) {
  QX_ASSIGN_OR_RETURN(auto existing, store::Transact(db, store::TxMode::kRead, [](store::Tx& tx) {
                        return tx.orgs().List({0, 1});
                      }));
  if (!existing.items.empty()) return std::vector<SeededAdmin>{};

  struct Seed {
    const char* name;
    domain::OrgKind kind;
    const char* sector;
    const char* admin;
  };
  static constexpr Seed kSeeds[] = {
      {"State Service for Information Security", domain::OrgKind::kRegulator, "",
       "regulator.admin"},
      {"National CERT", domain::OrgKind::kCert, "", "cert.admin"},
      {"Demo Oil & Gas Operator", domain::OrgKind::kOperator, "oil_and_gas", "operator.admin"},
      {"Demo Security Provider", domain::OrgKind::kProvider, "", "provider.admin"},
  };
  const Actor system = Actor::System("system:seed");
  std::vector<SeededAdmin> admins;
  for (const Seed& s : kSeeds) {
    domain::Organisation org;
    org.name = s.name;
    org.kind = s.kind;
    org.sector = s.sector;
    QX_ASSIGN_OR_RETURN(org, directory.CreateOrganisation(system, org));
    const std::string password =
        bootstrap_password.empty() ? crypto::RandomPassword() : bootstrap_password;
    QX_RETURN_IF_ERROR(directory.CreateUser(
        system, {org.id, s.admin, std::string(s.name) + " admin", domain::Role::kAdmin, password}));
    admins.push_back({org.name, s.admin, password});
  }
  return admins;
}

}  // namespace qx::identity
