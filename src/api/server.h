#pragma once

#include <atomic>
#include <memory>
#include <string>

#include "api/connection.h"
#include "api/listener.h"
#include "api/options.h"
#include "api/self_signed.h"
#include "api/stores.h"
#include "api/tls_context.h"
#include "core/result.h"

// The REST API server (docs/api.md): our accept loop and connections (listener.h,
// connection.h: TLS, timeouts, a per-request deadline and byte cap) feeding cpp-httplib's
// request parser and router (Debian's libcpp-httplib), a bounded thread pool, the auth and
// rate-limit gate, the security headers, and the routes of routes.h.
namespace lw::api {

class ApiState;
class BoundedPool;
class HttpCore;

class ApiServer {
 public:
  // Checks the exposure rule (binding.h) against the catalog's tokens, then binds. `self_signed`
  // is used when options carry no certificate files.
  static Result<std::unique_ptr<ApiServer>> start(ApiOptions options,
                                                  std::unique_ptr<Stores> stores,
                                                  std::optional<CertPair> self_signed = {});
  struct Key {
   private:
    Key() = default;
    friend class ApiServer;
  };
  explicit ApiServer(Key);
  ~ApiServer();
  ApiServer(const ApiServer&) = delete;
  ApiServer& operator=(const ApiServer&) = delete;

  int port() const noexcept;
  bool tls() const noexcept;
  // Serves until stop() (from another thread or a signal watcher); false when accepting failed.
  bool run();
  // Asks run() to return (within 200 ms) and every connection to end after its request.
  void stop();

 private:
  void serve_connection(int fd);

  std::unique_ptr<ApiState> state_;
  std::unique_ptr<HttpCore> http_;
  SslCtx tls_;
  std::unique_ptr<Listener> listener_;
  ConnectionLimits limits_;
  std::atomic<bool> stopping_{false};
  std::unique_ptr<BoundedPool> pool_;  // last: destroyed (joined) first
};

}  // namespace lw::api
