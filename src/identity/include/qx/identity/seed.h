// First start: the demo installation — a regulator, a CERT, an oil-and-gas operator and a provider,
// each with an admin whose password is generated (or QALXAN_BOOTSTRAP_PASSWORD) and shown once.
#pragma once

#include <string>
#include <vector>

#include "qx/identity/directory_service.h"

namespace qx::identity {

struct SeededAdmin {
  std::string organisation;
  std::string username;
  std::string password;
};

// Seeds only an empty installation (no organisations); returns nothing otherwise.
// bootstrap_password, when not empty, is every admin's password.
Result<std::vector<SeededAdmin>> SeedIfEmpty(store::Database& db, DirectoryService& directory,
                                             const std::string& bootstrap_password);

}  // namespace qx::identity
