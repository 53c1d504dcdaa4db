#include "api/metrics.h"

#include <cmath>
#include <sstream>

namespace lw::api {

void Metrics::count_response(int status) {
  std::lock_guard lock(mu_);
  ++responses_[status];
}

std::string metric_line(const std::string& name, const std::map<std::string, std::string>& labels,
                        double value) {
  std::string out = name;
  if (!labels.empty()) {
    out += '{';
    bool first = true;
    for (const auto& [k, v] : labels) {
      if (!first) out += ',';
      first = false;
      out += k + "=\"";
      for (char c : v) {
        if (c == '\\' || c == '"') {
          out += '\\';
          out += c;
        } else if (c == '\n') {
          out += "\\n";
        } else {
          out += c;
        }
      }
      out += '"';
    }
    out += '}';
  }
  std::ostringstream num;
  if (std::floor(value) == value && std::fabs(value) < 1e15) {
    num << static_cast<long long>(value);
  } else {
    num << value;
  }
  return out + ' ' + num.str() + '\n';
}

std::string Metrics::render_counters() const {
  std::string out =
      "# HELP leakwatch_api_responses_total API responses by HTTP status.\n"
      "# TYPE leakwatch_api_responses_total counter\n";
  {
    std::lock_guard lock(mu_);
    for (const auto& [status, n] : responses_) {
      out += metric_line("leakwatch_api_responses_total", {{"code", std::to_string(status)}},
                         static_cast<double>(n));
    }
  }
  out +=
      "# HELP leakwatch_api_auth_failures_total Requests refused for a missing, unknown or "
      "revoked token.\n"
      "# TYPE leakwatch_api_auth_failures_total counter\n" +
      metric_line("leakwatch_api_auth_failures_total", {},
                  static_cast<double>(auth_failures_.load(std::memory_order_relaxed))) +
      "# HELP leakwatch_api_rate_limited_total Requests refused with 429.\n"
      "# TYPE leakwatch_api_rate_limited_total counter\n" +
      metric_line("leakwatch_api_rate_limited_total", {},
                  static_cast<double>(rate_limited_.load(std::memory_order_relaxed))) +
      "# HELP leakwatch_api_connections_cut_total Connections closed for a request over its "
      "byte cap or deadline.\n"
      "# TYPE leakwatch_api_connections_cut_total counter\n" +
      metric_line("leakwatch_api_connections_cut_total", {},
                  static_cast<double>(cut_connections_.load(std::memory_order_relaxed)));
  return out;
}

}  // namespace lw::api
