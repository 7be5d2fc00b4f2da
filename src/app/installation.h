// Installation: what every command opens — the configured data directory and its database,
// migrated, with crypto initialised.
#pragma once

#include <memory>

#include "config.h"
#include "qx/crypto/secrets.h"
#include "qx/crypto/signing.h"
#include "qx/store/database.h"

namespace qx::app {

// Creates the data directory if needed, opens the configured database (by default
// <data>/qalxan.db) and applies migrations.
Result<std::unique_ptr<store::Database>> OpenInstallation(const Config& config);

// Opens a database by name without migrating: "postgresql://..." (PostgreSQL), "sqlite:PATH", or
// empty for the SQLite file of config's data directory. The composition root of the store.
Result<std::unique_ptr<store::Database>> OpenDatabase(const std::string& database,
                                                      const Config& config);

// Loads (creating at first start) the key that signs published requirement versions:
// <data>/keys/publication.ed25519.
Result<crypto::SigningKey> LoadPublicationKey(const Config& config);

inline crypto::PasswordCost PasswordCostOf(const Config& c) {
  return c.password_cost == "minimal" ? crypto::PasswordCost::kMinimal
                                      : crypto::PasswordCost::kInteractive;
}

}  // namespace qx::app
