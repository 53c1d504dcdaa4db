#pragma once

#include <chrono>
#include <cstddef>
#include <memory>
#include <string>
#include <vector>

#include "api/live_status.h"
#include "api/rate_limit.h"
#include "monitor/config.h"

namespace lw::api {

inline constexpr int kDefaultPort = 8642;

// How the API server runs (docs/api.md). Immutable once the server starts.
struct ApiOptions {
  std::string catalog;  // a SQLite path or a postgresql:// URL
  std::string host = "127.0.0.1";
  int port = kDefaultPort;  // 0: any free port (printed when it listens)
  std::string tls_cert;     // PEM files; both or neither
  std::string tls_key;
  bool tls = false;  // set by ApiServer::start: certificate files or a self-signed pair
  // The monitor's config, when the API runs under `serve` or was given --config: assets and
  // rules are read from it. Null: those routes answer 404 saying so.
  std::shared_ptr<const monitor::Config> config;
  // Under `leakwatch serve`: the daemon's config in force (reloads included) and its scans'
  // progress. Null under `leakwatch api`.
  std::shared_ptr<const LiveStatus> live;
  // The dashboard's built files (static_files.h); "" serves no dashboard.
  std::string web_root;
  // Proxies whose X-Forwarded-For names the client for the rate limits (client_address.h).
  std::vector<std::string> trusted_proxies;

  std::size_t max_body_bytes = 64 * 1024;
  std::size_t max_header_bytes = 64 * 1024;   // request line and headers, with the body's cap
  std::chrono::seconds request_deadline{10};  // to receive one whole request
  std::size_t default_page = 50;
  std::size_t max_page = 500;
  std::size_t threads = 4;      // requests handled at once
  std::size_t max_queued = 64;  // accepted connections waiting for a thread
  std::chrono::seconds read_timeout{5};
  std::chrono::seconds write_timeout{5};
  std::chrono::seconds keep_alive{5};
  WindowLimit failed_auth{10, 60'000, 10'000};  // per client address
  WindowLimit per_token{600, 60'000, 10'000};   // requests per token (or address) and minute
};

}  // namespace lw::api
