#pragma once
// What the tests of `leakwatch serve` share: a config writer, the daemon as a child process with
// its JSON log lines, the operator's CLI, and real redis-servers to open and secure. Every wait
// polls with a deadline. Addresses: 127.0.8.0/24 (lab/README.md), each test file its own part.

#include <chrono>
#include <functional>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "support/process.h"
#include "support/webhook_receiver.h"

namespace lw::testing::serve {

using Json = nlohmann::json;
using namespace std::chrono_literals;

// Raw values planted in the test Redis: fake (a Luhn-valid test card, SSNs from no real person,
// an address on a reserved domain). None may appear in anything the daemon sends or logs.
inline const std::vector<std::string> kRawValues = {
    "536-22-1234",      "536-22-5678",         "078-05-1120",
    "4111111111111111", "4111 1111 1111 1111", "ann.example@fake-corp.test"};

struct AssetSpec {
  std::string name;
  std::vector<std::string> targets;
  std::vector<int> ports = {6379};
  std::string cadence = "1h";
  double rate = 0;
};

// A leakwatch serve config (docs/serve.md); channels and rules as YAML list items.
struct ServeConfig {
  std::string catalog;
  std::string open_rescan = "5s";
  std::string changed_rescan = "5s";
  double global_rate = 1000;
  std::vector<AssetSpec> assets;
  std::vector<std::string> channels;
  std::vector<std::string> rules = {rule("open-store", "open_database"),
                                    rule("personal-data", "sensitive_data")};

  static std::string rule(const std::string& name, const std::string& kind);
  static std::string webhook(const std::string& name, const std::string& url,
                             const std::string& secret_file, const std::string& timeout = "5s");
  static std::string email(const std::string& name, const std::string& smtp_url,
                           const std::string& ca_file);
  static std::string syslog(const std::string& name, const std::string& host, int port);

  std::string yaml() const;
  void write(const std::string& path) const;
};

// `leakwatch serve --config FILE`, its stderr (JSON lines) kept per start: log.1, log.2, ...
class Daemon {
 public:
  Daemon(std::string config, std::string dir) : config_(std::move(config)), dir_(std::move(dir)) {}
  // Runs it through a command such as {"env", "NAME=value"} from the next start on.
  void wrap(std::vector<std::string> prefix) { prefix_ = std::move(prefix); }
  void start(const std::vector<std::string>& extra = {});
  bool running();  // false once it exited (its status: exit_status())
  int exit_status() const { return exit_status_; }
  void signal(int sig) { process_.signal(sig); }
  // SIGTERM, then the exit status (-1 when it did not exit within `limit`).
  int stop(std::chrono::milliseconds limit = 20s);
  void kill9();
  int wait(std::chrono::milliseconds limit);

  std::vector<Json> log() const;  // every JSON line of every start, in order
  std::string log_text() const;   // the same, raw, for failure messages
  std::string log_tail(std::size_t lines = 60) const;
  // The first log line from `after` on (an index into log()) whose msg is `msg` and for which
  // `pred` holds; polls until `limit`.
  std::optional<Json> wait_for(const std::string& msg, std::chrono::milliseconds limit,
                               const std::function<bool(const Json&)>& pred = nullptr,
                               std::size_t after = 0) const;
  std::size_t count(const std::string& msg) const;

 private:
  std::string config_;
  std::string dir_;
  std::vector<std::string> prefix_;
  int starts_ = 0;
  int exit_status_ = -1;
  Process process_;
};

// Runs build/leakwatch with `args` (bounded) and parses its stdout as one JSON document.
std::optional<Json> leakwatch_json(const std::vector<std::string>& args,
                                   std::string* err = nullptr);
RunResult leakwatch(const std::vector<std::string>& args);

// The incident of address:port in the catalog, or nullopt.
std::optional<Json> incident_for(const std::string& catalog, const std::string& service);
// Polls until `pred` holds for the incident of `service`; returns it (or the last seen).
std::optional<Json> wait_for_incident(const std::string& catalog, const std::string& service,
                                      const std::function<bool(const Json&)>& pred,
                                      std::chrono::milliseconds limit);

// A redis-server without persistence, with no password, on address:port; "" once it answers
// and holds the fake records (ordinary keys and a few sensitive ones), or what went wrong.
std::string start_open_redis(Process& out, const TempDir& dir, const std::string& address,
                             int port = 6379);
// Sets requirepass on the running Redis: it stops answering without a password.
std::string secure_redis(const std::string& address, int port = 6379);

// Webhook requests answered 2xx, and per alert id how many times one with `status` ("firing",
// "resolved") was delivered in such a request.
std::vector<ReceivedRequest> delivered(const std::vector<ReceivedRequest>& all);
std::map<std::string, int> deliveries(const std::vector<ReceivedRequest>& all,
                                      const std::string& status);
std::map<std::string, int> firing_deliveries(const std::vector<ReceivedRequest>& all);

// Polls `pred` every 100 ms until it holds or `limit` passes; returns its last value.
bool eventually(const std::function<bool()>& pred, std::chrono::milliseconds limit);

std::int64_t now_ms();
std::size_t occurrences(const std::string& text, const std::string& needle);

}  // namespace lw::testing::serve
