#include "cli/serve_api.h"

#include <csignal>
#include <cstdio>

#include "api/binding.h"
#include "api/static_files.h"

namespace lw::cli {

ServeApi::ServeApi(Key, std::unique_ptr<api::ApiServer> server) : server_(std::move(server)) {
  thread_ = std::thread([this] { server_->run(); });
}

ServeApi::~ServeApi() {
  server_->stop();
  if (thread_.joinable()) thread_.join();
}

Result<std::unique_ptr<ServeApi>> ServeApi::start(const monitor::Config& config,
                                                  std::shared_ptr<const api::LiveStatus> live) {
  if (!config.api.enabled) return std::unique_ptr<ServeApi>();
  auto where = api::parse_listen(config.api.listen);
  if (!where) return tl::unexpected(where.error());
  api::ApiOptions options;
  options.catalog = config.catalog;
  options.host = where->host;
  options.port = where->port;
  options.tls_cert = config.api.tls_cert;
  options.tls_key = config.api.tls_key;
  options.config = std::make_shared<const monitor::Config>(config);
  options.live = std::move(live);
  options.trusted_proxies = config.api.trusted_proxies;
  options.web_root = config.api.web_root.empty() ? api::default_web_root() : config.api.web_root;
  std::optional<api::CertPair> pair;
  if (config.api.tls_self_signed) {
    auto made = api::make_self_signed(options.host);
    if (!made) return tl::unexpected(made.error());
    pair = std::move(*made);
  }
  const std::string fingerprint = pair ? pair->sha256_fingerprint : "";
  auto stores = api::open_stores(config.catalog);
  if (!stores) return tl::unexpected(stores.error());
  // A client that goes away while a TLS reply is written must not end the daemon.
  std::signal(SIGPIPE, SIG_IGN);
  auto server = api::ApiServer::start(std::move(options), std::move(*stores), std::move(pair));
  if (!server) return tl::unexpected(server.error());
  const bool v6 = where->host.find(':') != std::string::npos;
  std::fprintf(stderr, "leakwatch serve: api listening on %s://%s%s%s:%d%s%s\n",
               (*server)->tls() ? "https" : "http", v6 ? "[" : "", where->host.c_str(),
               v6 ? "]" : "", (*server)->port(),
               fingerprint.empty() ? "" : ", self-signed certificate SHA-256 ",
               fingerprint.c_str());
  return std::make_unique<ServeApi>(Key{}, std::move(*server));
}

}  // namespace lw::cli
