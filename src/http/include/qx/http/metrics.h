// Metrics: request counts by route and status, request latency and database transaction timings,
// rendered in the Prometheus text exposition format. Thread-safe.
#pragma once

#include <array>
#include <map>
#include <mutex>
#include <string>
#include <string_view>
#include <tuple>

namespace qx::http {

class Metrics {
 public:
  // route must be a bounded label (the matched pattern), never the raw path.
  void ObserveRequest(std::string_view method, std::string_view route, int status, double seconds);
  // kind is "read" or "write".
  void ObserveDatabase(std::string_view kind, bool ok, double seconds);
  std::string RenderPrometheus() const;

 private:
  static constexpr std::array<double, 14> kBuckets = {0.0005, 0.001, 0.0025, 0.005, 0.01,
                                                      0.025,  0.05,  0.1,    0.25,  0.5,
                                                      1,      2.5,   5,      10};
  struct Histogram {
    std::array<std::uint64_t, kBuckets.size()> counts{};  // per bucket, not cumulative
    std::uint64_t count = 0;
    double sum = 0;
    void Observe(double v);
  };

  mutable std::mutex mu_;
  std::map<std::tuple<std::string, std::string, int>, std::uint64_t> requests_;
  std::map<std::string, Histogram> request_seconds_;  // by route
  std::map<std::pair<std::string, bool>, Histogram> db_seconds_;
};

}  // namespace qx::http
