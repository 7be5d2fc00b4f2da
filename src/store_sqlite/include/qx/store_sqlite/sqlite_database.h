// The embedded SQLite database: the default store, one file in the data directory.
#pragma once

#include <memory>
#include <string>

#include "qx/store/bulk_copy.h"
#include "qx/store/database.h"

namespace qx::store::sqlite {

struct SqliteOptions {
  std::string path;     // a file path, or ":memory:"-like URIs are not supported (use a temp file)
  int connections = 4;  // pool size; writers are serialised, readers run in parallel (WAL)
};

// Opens the database and its connection pool. Does not migrate: call Migrate().
Result<std::unique_ptr<Database>> OpenSqliteDatabase(const SqliteOptions& options);

// Reads the tables of the (migrated) database file at path, for moving it to another store.
Result<std::unique_ptr<BulkSource>> OpenSqliteBulkSource(const std::string& path);

}  // namespace qx::store::sqlite
