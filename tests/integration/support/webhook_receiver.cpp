#include "support/webhook_receiver.h"

#include <sstream>

namespace lw::testing {

using namespace std::chrono_literals;

std::string WebhookReceiver::start(const std::string& address, int port,
                                   const std::string& secret) {
  address_ = address;
  port_ = port;
  process_ = Process::spawn(
      {"python3", std::string(LW_SOURCE_DIR) + "/src/notify/testdata/webhook_receiver.py",
       "--address", address, "--port", std::to_string(port), "--log", dir_ / "requests.jsonl",
       "--secret", secret},
      "", dir_ / "receiver.err");
  if (!wait_for_port(address, port, 20s)) {
    return "webhook receiver did not listen: " + read_file(dir_ / "receiver.err");
  }
  return "";
}

bool WebhookReceiver::set_mode(const std::string& mode, int times,
                               std::optional<int> retry_after) const {
  nlohmann::json order{{"mode", mode}, {"times", times}};
  if (retry_after) order["retry_after"] = *retry_after;
  const std::string body = order.dump();
  const std::string request =
      "POST /_control HTTP/1.1\r\nHost: " + address_ +
      "\r\nContent-Type: application/json\r\nContent-Length: " + std::to_string(body.size()) +
      "\r\nConnection: close\r\n\r\n" + body;
  const std::string reply = exchange(address_, port_, request, "\r\n\r\nok", 10s);
  return reply.rfind("HTTP/1.", 0) == 0 && reply.find(" 200 ") != std::string::npos;
}

std::vector<ReceivedRequest> WebhookReceiver::requests() const {
  std::vector<ReceivedRequest> out;
  const std::string text = read_file(dir_ / "requests.jsonl");
  std::size_t start = 0;
  // Only whole lines: the receiver may be writing the last one now.
  for (auto end = text.find('\n'); end != std::string::npos; end = text.find('\n', start)) {
    const auto j = nlohmann::json::parse(text.substr(start, end - start), nullptr, false);
    start = end + 1;
    if (j.is_discarded()) continue;
    ReceivedRequest r;
    r.path = j.value("path", "");
    r.idempotency_key = j.value("idempotency_key", "");
    r.raw_body = j.value("body", "");
    r.body = nlohmann::json::parse(r.raw_body, nullptr, false);
    if (r.body.is_discarded()) r.body = nullptr;
    r.signature_ok = j.value("signature_ok", false);
    r.status = j.value("status", 0);
    r.time = j.value("time", 0.0);
    out.push_back(std::move(r));
  }
  return out;
}

std::string WebhookReceiver::url() const {
  return "http://" + address_ + ":" + std::to_string(port_) + "/hook";
}

}  // namespace lw::testing
