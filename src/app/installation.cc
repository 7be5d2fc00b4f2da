#include "installation.h"

#include <filesystem>

#include "qx/store_pg/pg_database.h"
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
  QX_ASSIGN_OR_RETURN(auto db, OpenDatabase(config.database, config));
  QX_RETURN_IF_ERROR(db->Migrate());
  return db;
}

Result<std::unique_ptr<store::Database>> OpenDatabase(const std::string& database,
                                                      const Config& config) {
  const int pool = config.database_pool > 0 ? config.database_pool : 4 + config.threads;
  if (store::pg::IsPostgresUrl(database)) {
    store::pg::PgOptions options;
    options.url = database;
    options.connections = pool;
    return store::pg::OpenPgDatabase(options);
  }
  store::sqlite::SqliteOptions options;
  options.path = database.rfind("sqlite:", 0) == 0
                     ? database.substr(7)
                     : (std::filesystem::path(config.data_dir) / "qalxan.db").string();
  if (options.path.empty()) return MakeError(ErrorCode::kInvalidArgument, "sqlite: needs a path");
  options.connections = pool;
  return store::sqlite::OpenSqliteDatabase(options);
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
