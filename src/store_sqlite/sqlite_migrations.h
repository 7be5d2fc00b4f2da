// The numbered schema migrations of the SQLite store, applied in order at start.
#pragma once

#include <span>

#include "qx/core/result.h"
#include "sqlite_conn.h"

namespace qx::store::sqlite {

struct Migration {
  int version;
  const char* description;
  const char* sql;
  // What SQL cannot do here (SQLite has no SHA-256), run after sql in the same transaction.
  Status (*then)(Connection&) = nullptr;
};

std::span<const Migration> Migrations();

}  // namespace qx::store::sqlite
