// The store contract, written once and run against every backend: each backend's test file
// instantiates StoreSuite with a factory that opens a fresh, migrated, empty database.
#pragma once

#include <gtest/gtest.h>

#include <functional>
#include <memory>

#include "qx/store/database.h"

namespace qx::store::testing {

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
