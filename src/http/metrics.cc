#include "qx/http/metrics.h"

#include <fmt/format.h>

namespace qx::http {
namespace {

// Label values are our own route patterns and method names, but escape them all the same.
std::string Escape(std::string_view v) {
  std::string out;
  for (char c : v) {
    if (c == '\\' || c == '"') out += '\\';
    if (c == '\n') {
      out += "\\n";
      continue;
    }
    out += c;
  }
  return out;
}

}  // namespace

void Metrics::Histogram::Observe(double v) {
  ++count;
  sum += v;
  for (size_t i = 0; i < kBuckets.size(); ++i) {
    if (v <= kBuckets[i]) {
      ++counts[i];
      return;
    }
  }
}

void Metrics::ObserveRequest(std::string_view method, std::string_view route, int status,
                             double seconds) {
  std::lock_guard<std::mutex> lock(mu_);
  ++requests_[{std::string(method), std::string(route), status}];
  request_seconds_[std::string(route)].Observe(seconds);
}

void Metrics::ObserveDatabase(std::string_view kind, bool ok, double seconds) {
  std::lock_guard<std::mutex> lock(mu_);
  db_seconds_[{std::string(kind), ok}].Observe(seconds);
}

std::string Metrics::RenderPrometheus() const {
  std::lock_guard<std::mutex> lock(mu_);
  std::string out;
  auto histogram = [&](std::string_view name, const std::string& labels, const Histogram& h) {
    std::uint64_t cumulative = 0;
    for (size_t i = 0; i < kBuckets.size(); ++i) {
      cumulative += h.counts[i];
      out += fmt::format("{}_bucket{{{},le=\"{}\"}} {}\n", name, labels, kBuckets[i], cumulative);
    }
    out += fmt::format("{}_bucket{{{},le=\"+Inf\"}} {}\n", name, labels, h.count);
    out += fmt::format("{}_sum{{{}}} {}\n", name, labels, h.sum);
    out += fmt::format("{}_count{{{}}} {}\n", name, labels, h.count);
  };

  out += "# HELP qalxan_http_requests_total HTTP requests by method, route and status.\n";
  out += "# TYPE qalxan_http_requests_total counter\n";
  for (const auto& [key, n] : requests_) {
    const auto& [method, route, status] = key;
    out += fmt::format("qalxan_http_requests_total{{method=\"{}\",route=\"{}\",status=\"{}\"}} {}\n",
                       Escape(method), Escape(route), status, n);
  }
  out += "# HELP qalxan_http_request_duration_seconds Time to answer a request, by route.\n";
  out += "# TYPE qalxan_http_request_duration_seconds histogram\n";
  for (const auto& [route, h] : request_seconds_) {
    histogram("qalxan_http_request_duration_seconds", fmt::format("route=\"{}\"", Escape(route)),
              h);
  }
  out += "# HELP qalxan_db_transaction_duration_seconds Database transactions by kind and outcome.\n";
  out += "# TYPE qalxan_db_transaction_duration_seconds histogram\n";
  for (const auto& [key, h] : db_seconds_) {
    histogram("qalxan_db_transaction_duration_seconds",
              fmt::format("kind=\"{}\",ok=\"{}\"", Escape(key.first), key.second ? "true" : "false"),
              h);
  }
  return out;
}

}  // namespace qx::http
