#include "installation.h"

#include <filesystem>

#include "qx/store_sqlite/sqlite_database.h"

namespace qx::app {

Result<std::unique_ptr<store::Database>> OpenInstallation(const Config& config) {
  QX_RETURN_IF_ERROR(crypto::InitCrypto());
  std::error_code ec;
  std::filesystem::create_directories(config.data_dir, ec);
  if (ec) {
    return MakeError(ErrorCode::kUnavailable,
                     "cannot create data directory " + config.data_dir + ": " + ec.message());
  }
  std::filesystem::permissions(config.data_dir, std::filesystem::perms::owner_all,
                               std::filesystem::perm_options::replace, ec);
  store::sqlite::SqliteOptions options;
  options.path = (std::filesystem::path(config.data_dir) / "qalxan.db").string();
  options.connections = 4 + config.threads;
  QX_ASSIGN_OR_RETURN(auto db, store::sqlite::OpenSqliteDatabase(options));
  QX_RETURN_IF_ERROR(db->Migrate());
  return db;
}

Result<crypto::SigningKey> LoadPublicationKey(const Config& config) {
  const auto dir = std::filesystem::path(config.data_dir) / "keys";
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  if (ec) return MakeError(ErrorCode::kUnavailable, "cannot create " + dir.string() + ": " + ec.message());
  std::filesystem::permissions(dir, std::filesystem::perms::owner_all,
                               std::filesystem::perm_options::replace, ec);
  return crypto::SigningKey::LoadOrCreate((dir / "publication.ed25519").string());
}

}  // namespace qx::app
