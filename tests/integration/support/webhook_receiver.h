#pragma once
// The webhook receiver of the delivery tests (src/notify/testdata/webhook_receiver.py, Python's
// http.server on a loopback address), driven from a test: its answer on /hook is switched at run
// time (200, 500, 429 with Retry-After, hang), and every request it received is read back with
// its receipt time, idempotency key, answer and whether its signature verified.

#include <chrono>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "support/process.h"

namespace lw::testing {

struct ReceivedRequest {
  std::string path;
  std::string idempotency_key;
  nlohmann::json body;   // the parsed body; null when it is not JSON
  std::string raw_body;  // the body as received
  bool signature_ok = false;
  int status = 0;   // the answer; 0 when left unanswered (hang)
  double time = 0;  // receipt, Unix seconds
};

class WebhookReceiver {
 public:
  // Starts the receiver on address:port verifying signatures with `secret`. Returns "" once the
  // port answers, or what went wrong.
  std::string start(const std::string& address, int port, const std::string& secret);
  // Answer of /hook from now on: "200", "500", "429" (with Retry-After `retry_after` seconds when
  // given) or "hang"; after `times` answers (0: no limit) it goes back to "200". Also releases
  // requests held by "hang". False when the receiver did not take the order.
  bool set_mode(const std::string& mode, int times = 0,
                std::optional<int> retry_after = std::nullopt) const;
  std::vector<ReceivedRequest> requests() const;  // every request recorded, in arrival order
  std::string url() const;                        // of /hook
  Process& process() { return process_; }

 private:
  TempDir dir_;
  Process process_;
  std::string address_;
  int port_ = 0;
};

}  // namespace lw::testing
