// The PostgreSQL database: the store for several server replicas, selected by
// `database = "postgresql://..."`.
#pragma once

#include <memory>
#include <string>

#include "qx/store/bulk_copy.h"
#include "qx/store/database.h"

namespace qx::store::pg {

struct PgOptions {
  std::string url;      // a libpq connection URI (postgresql://...) or keyword string
  int connections = 8;  // pool size: the most transactions this process runs at once
  int max_attempts = 10;  // runs of one write transaction after serialisation failures
};

// True when text names a PostgreSQL database (a postgresql:// or postgres:// URI).
bool IsPostgresUrl(std::string_view text);

// Connects the pool. Does not migrate: call Migrate(). kUnavailable when the server cannot be
// reached (the message never contains the password).
Result<std::unique_ptr<Database>> OpenPgDatabase(const PgOptions& options);

// Writes whole tables into the (migrated) database at url in one transaction, for moving an
// installation here.
Result<std::unique_ptr<BulkSink>> OpenPgBulkSink(const std::string& url);

}  // namespace qx::store::pg
