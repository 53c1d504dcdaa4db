// The MySQL packet and result-set parsers, and the whole probe with the input as each reply.
#include <cstddef>
#include <cstdint>
#include <string>

#include "probes/mysql/mysql_probe.h"
#include "probes/mysql/mysql_wire.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string in(reinterpret_cast<const char*>(data), size);
  namespace my = lw::probes::mysql;
  if (auto packets = my::split_packets(in)) {
    (void)my::read_result_set(*packets, 10);
    for (const auto& p : *packets) {
      (void)my::parse_greeting(p.payload);
      (void)my::parse_err(p.payload);
    }
  }
  const lw::probes::MysqlProbe probe;
  (void)probe.recognizes_banner(in);
  lw::Transcript t;
  for (int step = 0; step < 10; ++step) {
    auto ex = probe.next(lw::ProbeOptions{}, t);
    if (!ex) break;
    (void)probe.frame(*ex, in);
    t.push_back(lw::Turn{*ex, in, lw::ReplyEnd::complete});
    if (auto obs = probe.parse(t)) (void)probe.judge(*obs);
  }
  return 0;
}
