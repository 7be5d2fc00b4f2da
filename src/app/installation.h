// Installation: what every command opens — the configured data directory and its database,
// migrated, with crypto initialised.
#pragma once

#include <memory>

#include "config.h"
#include "qx/crypto/secrets.h"
#include "qx/crypto/signing.h"
#include "qx/store/database.h"

namespace qx::app {

// Creates the data directory if needed, opens <data>/qalxan.db and applies migrations.
Result<std::unique_ptr<store::Database>> OpenInstallation(const Config& config);

// Loads (creating at first start) the key that signs published requirement versions:
// <data>/keys/publication.ed25519.
Result<crypto::SigningKey> LoadPublicationKey(const Config& config);

inline crypto::PasswordCost PasswordCostOf(const Config& c) {
  return c.password_cost == "minimal" ? crypto::PasswordCost::kMinimal
                                      : crypto::PasswordCost::kInteractive;
}

}  // namespace qx::app
