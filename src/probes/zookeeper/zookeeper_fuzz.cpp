// The jute frame and record parsers, and the whole probe with the input as each reply.
#include <cstddef>
#include <cstdint>
#include <string>

#include "probes/zookeeper/zk_jute.h"
#include "probes/zookeeper/zookeeper_probe.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string in(reinterpret_cast<const char*>(data), size);
  namespace zk = lw::probes::zk;
  if (auto frames = zk::split_frames(in)) {
    for (const auto f : *frames) {
      (void)zk::parse_connect_response(f);
      (void)zk::parse_reply(f, zk::kOpGetChildren);
      (void)zk::parse_reply(f, zk::kOpGetData);
    }
  }
  (void)zk::decode_requests(in);
  const lw::probes::ZookeeperProbe probe;
  lw::Transcript t;
  for (int step = 0; step < 5; ++step) {
    auto ex = probe.next(lw::ProbeOptions{}, t);
    if (!ex) break;
    (void)probe.frame(*ex, in);
    t.push_back(lw::Turn{*ex, in, lw::ReplyEnd::complete});
    if (auto obs = probe.parse(t)) (void)probe.judge(*obs);
  }
  return 0;
}
