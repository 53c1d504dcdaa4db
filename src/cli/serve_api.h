#pragma once

#include <memory>
#include <thread>

#include "api/server.h"
#include "core/result.h"
#include "monitor/config.h"

namespace lw::cli {

// The REST API that `leakwatch serve` runs beside the daemon when its config has an `api:`
// section (docs/api.md): the same server as `leakwatch api`, on the config's catalog, serving
// the assets, rules and scan progress the daemon reports to `live`. Stopped and joined when
// destroyed.
class ServeApi {
 public:
  // Null when the config has no api section; an error when the API cannot start (the exposure
  // rule: invalid_argument; a port in use: io_error).
  static Result<std::unique_ptr<ServeApi>> start(const monitor::Config& config,
                                                 std::shared_ptr<const api::LiveStatus> live);
  struct Key {
   private:
    Key() = default;
    friend class ServeApi;
  };
  ServeApi(Key, std::unique_ptr<api::ApiServer> server);
  ~ServeApi();
  ServeApi(const ServeApi&) = delete;
  ServeApi& operator=(const ServeApi&) = delete;

 private:
  std::unique_ptr<api::ApiServer> server_;
  std::thread thread_;
};

}  // namespace lw::cli
