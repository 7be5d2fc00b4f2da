// The store contract, written once and run against every backend: each backend's test file
// instantiates StoreSuite with a factory that opens a fresh, migrated, empty database.
#pragma once

#include <gtest/gtest.h>

#include <functional>
#include <map>
#include <memory>
#include <set>
#include <string>

#include "qx/store/bulk_copy.h"
#include "qx/store/database.h"

namespace qx::store::testing {

// Table -> columns, as migrate-data copies them (PortableTables) or as a backend's catalog has
// them: the two must agree, or a move would leave data behind.
using Schema = std::map<std::string, std::set<std::string>>;

inline Schema PortableSchema() {
  Schema out;
  for (const auto& table : PortableTables()) {
    for (const auto& col : table.columns) out[table.name].insert(col.name);
  }
  return out;
}

using DatabaseFactory = std::function<std::unique_ptr<Database>()>;

class StoreSuite : public ::testing::TestWithParam<DatabaseFactory> {
 protected:
  void SetUp() override {
    db_ = GetParam()();
    ASSERT_NE(db_, nullptr);
  }
  std::unique_ptr<Database> db_;
};

}  // namespace qx::store::testing
