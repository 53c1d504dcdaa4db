// MQTT packet splitting and PUBLISH parsing, and the whole probe with the input as each reply.
#include <cstddef>
#include <cstdint>
#include <string>

#include "probes/mqtt/mqtt_packets.h"
#include "probes/mqtt/mqtt_probe.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string in(reinterpret_cast<const char*>(data), size);
  if (auto packets = lw::probes::mqtt::split_packets(in)) {
    for (const auto& p : *packets) (void)lw::probes::mqtt::parse_publish(p);
  }
  const lw::probes::MqttProbe probe;
  lw::Transcript t;
  const std::string connack("\x20\x02\x00\x00", 4);
  for (int step = 0; step < 3; ++step) {
    auto ex = probe.next(lw::ProbeOptions{}, t);
    if (!ex) break;
    std::string reply = step == 0 && !in.empty() && (in[0] & 1) ? connack : in;
    (void)probe.frame(*ex, reply);
    t.push_back(lw::Turn{*ex, std::move(reply), lw::ReplyEnd::complete});
    if (auto obs = probe.parse(t)) (void)probe.judge(*obs);
  }
  return 0;
}
