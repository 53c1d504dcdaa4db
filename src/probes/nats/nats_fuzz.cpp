// The NATS server-text parser, and the whole probe with the input as each reply (JetStream API
// replies included: an odd first byte gets an INFO with JetStream on and, bit 1 clear, a PONG).
#include <cstddef>
#include <cstdint>
#include <string>

#include "probes/nats/nats_probe.h"
#include "probes/nats/nats_text.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string in(reinterpret_cast<const char*>(data), size);
  (void)lw::probes::nats::read_server(in);
  const lw::probes::NatsProbe probe;
  lw::Transcript t;
  const std::string info =
      "INFO {\"server_id\":\"x\",\"version\":\"2.9.10\",\"jetstream\":true}\r\n";
  const bool own_info = !in.empty() && (in[0] & 1);
  const bool own_pong = own_info && (in[0] & 2) == 0;
  for (int step = 0; step < 8; ++step) {
    auto ex = probe.next(lw::ProbeOptions{}, t);
    if (!ex) break;
    std::string reply = step == 0 && own_info ? info : step == 1 && own_pong ? "PONG\r\n" : in;
    (void)probe.frame(*ex, reply);
    t.push_back(lw::Turn{*ex, std::move(reply), lw::ReplyEnd::complete});
    if (auto obs = probe.parse(t)) (void)probe.judge(*obs);
  }
  return 0;
}
