// Fuzzes the whole RabbitMQ probe. First byte: bit 0 set, the AMQP dialogue, else management;
// bit 1 set, every reply ends in a close. The rest is split on 0xFF into the replies to the
// successive requests, with --default-credentials on (header, Start-Ok; or each GET).
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "probes/common/fuzz_transcript.h"
#include "probes/rabbitmq/rabbitmq_probe.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  const std::string_view input(reinterpret_cast<const char*>(data + 1), size - 1);
  const lw::probes::RabbitmqProbe p;
  lw::ProbeOptions o;
  o.default_credentials = true;
  o.port = (data[0] & 1) != 0 ? 5672 : 15672;
  lw::Transcript t;
  for (const auto& part : lw::probes::fuzzing::split_turns(input, {"a", "b", "c", "d"})) {
    auto ex = p.next(o, t);
    if (!ex) break;
    (void)p.frame(*ex, part.reply);
    t.push_back(lw::Turn{*ex, part.reply,
                         (data[0] & 2) != 0 ? lw::ReplyEnd::closed : lw::ReplyEnd::complete});
  }
  auto obs = p.parse(t);
  if (obs) {
    (void)p.judge(*obs);
    (void)p.samples(*obs, lw::SampleLimits{});
  }
  return 0;
}
