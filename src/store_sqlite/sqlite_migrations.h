// The numbered schema migrations of the SQLite store, applied in order at start.
#pragma once

#include <span>

namespace qx::store::sqlite {

struct Migration {
  int version;
  const char* description;
  const char* sql;
};

std::span<const Migration> Migrations();

}  // namespace qx::store::sqlite
