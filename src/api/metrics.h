#pragma once

#include <atomic>
#include <cstdint>
#include <map>
#include <mutex>
#include <string>

// The API's own counters, rendered with the catalog's gauges on /metrics (Prometheus text
// format 0.0.4; docs/api.md "Metrics").
namespace lw::api {

class Metrics {
 public:
  void count_response(int status);
  void count_auth_failure() { auth_failures_.fetch_add(1, std::memory_order_relaxed); }
  void count_rate_limited() { rate_limited_.fetch_add(1, std::memory_order_relaxed); }
  void count_cut_connection() { cut_connections_.fetch_add(1, std::memory_order_relaxed); }
  // The counters as Prometheus text.
  std::string render_counters() const;

 private:
  mutable std::mutex mu_;
  std::map<int, std::uint64_t> responses_;  // by status code (a few dozen at most)
  std::atomic<std::uint64_t> auth_failures_{0};
  std::atomic<std::uint64_t> rate_limited_{0};
  std::atomic<std::uint64_t> cut_connections_{0};
};

// One Prometheus sample line: name{labels} value. Label values are escaped.
std::string metric_line(const std::string& name, const std::map<std::string, std::string>& labels,
                        double value);

}  // namespace lw::api
