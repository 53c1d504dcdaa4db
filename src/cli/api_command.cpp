#include "cli/api_command.h"

#include <pthread.h>
#include <signal.h>
#include <CLI/CLI.hpp>

#include <csignal>
#include <cstdio>
#include <thread>

#include "api/binding.h"
#include "api/server.h"
#include "api/static_files.h"
#include "cli/catalog_open.h"
#include "cli/exit_status.h"
#include "cli/option_checks.h"
#include "monitor/config.h"

namespace lw::cli {
namespace {

constexpr const char* kName = "api";

int refuse(const Error& e, int status) {
  std::fprintf(stderr, "leakwatch %s: %s\n", kName, e.describe().c_str());
  return status;
}

// SIGINT and SIGTERM stop the server: they are blocked in every thread and taken by sigwait on
// a watcher, which stops the server; the watcher ends with it.
class StopOnSignal {
 public:
  explicit StopOnSignal(api::ApiServer& server) {
    sigemptyset(&set_);
    sigaddset(&set_, SIGINT);
    sigaddset(&set_, SIGTERM);
    sigaddset(&set_, SIGUSR1);  // our own wake-up when the server ends first
    watcher_ = std::thread([this, &server] {
      int sig = 0;
      sigwait(&set_, &sig);
      if (sig != SIGUSR1) server.stop();
    });
  }
  ~StopOnSignal() {
    pthread_kill(watcher_.native_handle(), SIGUSR1);
    watcher_.join();
  }
  StopOnSignal(const StopOnSignal&) = delete;
  StopOnSignal& operator=(const StopOnSignal&) = delete;

  static bool block_in_this_thread() {
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGINT);
    sigaddset(&set, SIGTERM);
    sigaddset(&set, SIGUSR1);
    return pthread_sigmask(SIG_BLOCK, &set, nullptr) == 0;
  }

 private:
  sigset_t set_{};
  std::thread watcher_;
};

}  // namespace

int run_api_command(int argc, char** argv) {
  CLI::App app{
      "Serve the REST API over a catalog (docs/api.md). It listens on 127.0.0.1:8642 by "
      "default; any other address needs TLS and at least one token (leakwatch token create).",
      "leakwatch api"};
  std::string db, listen = "127.0.0.1:8642", tls_cert, tls_key, config_path, web_root;
  bool self_signed = false;
  std::size_t per_minute = 600, failed_auth = 10;
  app.add_option("--catalog,--db", db, "catalog: a SQLite path or a postgresql:// URL");
  app.add_option("--listen", listen, "ADDRESS:PORT to listen on (port 0: any free port)");
  auto* cert = app.add_option("--tls-cert", tls_cert, "TLS certificate (PEM)");
  auto* key = app.add_option("--tls-key", tls_key, "TLS private key (PEM)");
  cert->needs(key);
  key->needs(cert);
  auto* gen = app.add_flag("--tls-self-signed", self_signed,
                           "make a self-signed certificate at start (kept in memory; its "
                           "SHA-256 fingerprint is printed)");
  gen->excludes(cert)->excludes(key);
  app.add_option("--config", config_path,
                 "leakwatch serve's config: GET /api/v1/assets and /rules read it");
  app.add_option("--web-root", web_root,
                 "the dashboard's built files (default: beside the binary, or the package's)");
  std::vector<std::string> trusted_proxies;
  app.add_option("--trusted-proxy", trusted_proxies,
                 "a reverse proxy (address or CIDR) whose X-Forwarded-For names the client for "
                 "the rate limits; repeatable");
  app.add_option("--requests-per-minute", per_minute, "per token (or address), default 600")
      ->check(plain_number())
      ->check(CLI::Range(std::size_t{1}, std::size_t{1'000'000}));
  app.add_option("--failed-auth-limit", failed_auth,
                 "failed authentications per address and minute before 429, default 10")
      ->check(plain_number())
      ->check(CLI::Range(std::size_t{1}, std::size_t{10'000}));
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return parse_error_status(app, e, kName);
  }
  auto where = api::parse_listen(listen);
  if (!where) return refuse(where.error(), kExitUsage);
  api::ApiOptions options;
  options.host = where->host;
  options.port = where->port;
  options.tls_cert = tls_cert;
  options.tls_key = tls_key;
  options.per_token.max_events = static_cast<std::int64_t>(per_minute);
  options.failed_auth.max_events = static_cast<std::int64_t>(failed_auth);
  options.trusted_proxies = trusted_proxies;
  options.web_root = web_root.empty() ? api::default_web_root() : web_root;
  if (!config_path.empty()) {
    auto config = monitor::load_config(config_path);
    if (!config) return refuse(config.error(), kExitUsage);
    options.config = std::make_shared<const monitor::Config>(std::move(*config));
  }
  auto location = existing_catalog_location(db);
  if (!location) return refuse(location.error(), open_failure_status(location.error()));
  options.catalog = *location;
  auto stores = api::open_stores(*location);
  if (!stores) return refuse(stores.error(), open_failure_status(stores.error()));
  std::optional<api::CertPair> pair;
  if (self_signed) {
    auto made = api::make_self_signed(options.host);
    if (!made) return refuse(made.error(), kExitFailure);
    pair = std::move(*made);
  }
  const std::string fingerprint = pair ? pair->sha256_fingerprint : "";
  // A client that goes away while a TLS reply is written must not end the server.
  std::signal(SIGPIPE, SIG_IGN);
  if (!StopOnSignal::block_in_this_thread()) {
    std::fprintf(stderr, "leakwatch %s: cannot set up signal handling\n", kName);
    return kExitFailure;
  }
  auto server = api::ApiServer::start(std::move(options), std::move(*stores), std::move(pair));
  if (!server) {
    // The exposure rule and bad certificates are bad input (2); a port in use is a runtime
    // failure (1).
    return refuse(server.error(),
                  server.error().code == ErrorCode::invalid_argument ? kExitUsage : kExitFailure);
  }
  const bool v6 = where->host.find(':') != std::string::npos;
  std::printf("leakwatch api: listening on %s://%s%s%s:%d\n", (*server)->tls() ? "https" : "http",
              v6 ? "[" : "", where->host.c_str(), v6 ? "]" : "", (*server)->port());
  if (!fingerprint.empty()) {
    std::printf("leakwatch api: self-signed certificate, SHA-256 fingerprint %s\n",
                fingerprint.c_str());
  }
  std::fflush(stdout);
  bool ok = false;
  {
    StopOnSignal stop(**server);
    ok = (*server)->run();
  }
  if (!ok) {
    std::fprintf(stderr, "leakwatch %s: the server stopped listening unexpectedly\n", kName);
    return kExitFailure;
  }
  return kExitOk;
}

}  // namespace lw::cli
