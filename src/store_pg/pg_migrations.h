// The numbered schema migrations of the PostgreSQL store: the same versions as the SQLite store's,
// expressed in PostgreSQL, applied in order at start.
#pragma once

#include <span>

namespace qx::store::pg {

struct Migration {
  int version;
  const char* description;
  const char* sql;
};

std::span<const Migration> Migrations();

}  // namespace qx::store::pg
