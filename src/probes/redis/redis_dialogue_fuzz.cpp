// Feeds arbitrary bytes as the reply to each step of the Redis dialogue (INFO, SCAN, TYPE,
// READ, CONFIG GET) and runs next(), frame(), parse() and judge() over the transcript.
#include <cstddef>
#include <cstdint>
#include <string>

#include "probes/redis/redis_probe.h"
#include "probes/redis/resp_parser.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string bytes(reinterpret_cast<const char*>(data), size);
  const lw::probes::RedisProbe probe;
  const lw::ProbeOptions options;
  lw::Transcript t;
  // The first half answers INFO with a valid preamble so later steps are reached too.
  const std::string body = "# Server\r\nredis_version:7.0.15\r\n# Keyspace\r\ndb0:keys=1\r\n";
  const std::string info = "$" + std::to_string(body.size()) + "\r\n" + body + "\r\n";
  for (int step = 0; step < 6; ++step) {
    auto ex = probe.next(options, t);
    if (!ex) break;
    std::string reply = step == 0 && !bytes.empty() && (bytes[0] & 1) ? info : bytes;
    (void)probe.frame(*ex, reply);
    t.push_back(lw::Turn{*ex, std::move(reply), lw::ReplyEnd::complete});
    auto obs = probe.parse(t);
    if (obs) (void)probe.judge(*obs);
  }
  return 0;
}
