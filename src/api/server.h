#pragma once

#include <memory>
#include <string>

#include "api/options.h"
#include "api/self_signed.h"
#include "api/stores.h"
#include "core/result.h"

namespace httplib {
class Server;
}

// The REST API server (docs/api.md): cpp-httplib (Debian's libcpp-httplib, built with OpenSSL)
// with a bounded thread pool, body and header caps, timeouts, the auth and rate-limit gate, the
// security headers, and the routes of routes.h.
namespace lw::api {

class ApiState;

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

  int port() const noexcept { return port_; }
  bool tls() const noexcept;
  // Serves until stop() (from another thread or a signal watcher); false when listening failed.
  bool run();
  void stop();

 private:
  std::unique_ptr<ApiState> state_;
  std::unique_ptr<httplib::Server> http_;
  int port_ = 0;
};

}  // namespace lw::api
