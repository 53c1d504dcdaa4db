#pragma once

#include <httplib.h>

#include <chrono>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "support/process.h"

namespace lw::testing {

// A real `leakwatch api` (build/leakwatch, a child process) over a catalog made by `leakwatch
// import` of the import fixtures in src/catalog/testdata/import, with an incident and a silence
// written through the catalog's MonitorStore and tokens made by `leakwatch token create`.
class ApiServerFixture {
 public:
  struct Options {
    std::string host = "127.0.0.5";  // off loopback in the API's sense (only .1 and ::1 are)
    bool tls = true;
    bool tokens = true;
    std::vector<std::string> extra_args;
  };

  explicit ApiServerFixture(Options options);
  ApiServerFixture(const ApiServerFixture&) = delete;
  ApiServerFixture& operator=(const ApiServerFixture&) = delete;

  // Empty when everything started; else what failed.
  const std::string& failure() const { return failure_; }
  std::unique_ptr<httplib::Client> client() const;
  httplib::Headers bearer(const std::string& role) const;
  const std::string& token(const std::string& role) const { return tokens_.at(role); }

  const std::string& catalog() const { return catalog_; }
  const TempDir& dir() const { return dir_; }
  int port() const { return port_; }
  pid_t server_pid() const { return server_.pid(); }
  // Ids of rows the fixture made: "ip", "service", "incident", "silence".
  std::map<std::string, std::string> ids;

  // SIGTERM to the server; its exit status (-1 when it did not end within 15 s).
  int stop_server();

  // Runs build/leakwatch with `args` to its end.
  RunResult leakwatch(const std::vector<std::string>& args) const;

 private:
  bool build_catalog();
  bool start_server();

  Options options_;
  TempDir dir_;
  std::string catalog_;
  std::map<std::string, std::string> tokens_;
  Process server_;
  int port_ = 0;
  std::string failure_;
};

// docs/api/openapi.json, key order kept.
nlohmann::ordered_json openapi_document();

}  // namespace lw::testing
