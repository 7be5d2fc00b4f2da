// ObservedDatabase: a Database decorator that times every transaction into the metrics.
#pragma once

#include <chrono>

#include "qx/http/metrics.h"
#include "qx/store/database.h"

namespace qx::app {

class ObservedDatabase final : public store::Database {
 public:
  ObservedDatabase(store::Database& inner, http::Metrics& metrics)
      : inner_(inner), metrics_(metrics) {}

  Status Run(store::TxMode mode, const std::function<Status(store::Tx&)>& fn) override {
    const auto start = std::chrono::steady_clock::now();
    Status status = inner_.Run(mode, fn);
    metrics_.ObserveDatabase(
        mode == store::TxMode::kWrite ? "write" : "read", status.has_value(),
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
    return status;
  }
  Status Migrate() override { return inner_.Migrate(); }
  Status Ping() override { return inner_.Ping(); }
  std::string_view backend() const override { return inner_.backend(); }

 private:
  store::Database& inner_;
  http::Metrics& metrics_;
};

}  // namespace qx::app
