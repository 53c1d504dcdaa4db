// The memcached text-reply parser, and the whole probe with the input as each reply.
#include <cstddef>
#include <cstdint>
#include <string>

#include "probes/memcached/memcached_probe.h"
#include "probes/memcached/memcached_text.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string in(reinterpret_cast<const char*>(data), size);
  namespace mc = lw::probes::memcached;
  mc::Limits small;
  small.max_line = 256;
  small.max_lines = 64;
  small.max_value = 1024;
  (void)mc::parse_blocks(in, 8);
  (void)mc::count_blocks(in, 8, small);
  for (std::string_view line : {std::string_view(in).substr(0, 300)}) {
    mc::KeyEntry e;
    (void)mc::parse_cachedump_line(line, e);
    (void)mc::parse_metadump_line(line, e);
    (void)mc::is_safe_key(line);
  }
  const lw::probes::MemcachedProbe probe;
  lw::Transcript t;
  const std::string stats = "STAT pid 1\r\nSTAT version 1.6.18\r\nSTAT curr_items 1\r\nEND\r\n";
  for (int step = 0; step < 6; ++step) {
    auto ex = probe.next(lw::ProbeOptions{}, t);
    if (!ex) break;
    std::string reply = step == 0 && !in.empty() && (in[0] & 1) ? stats : in;
    (void)probe.frame(*ex, reply);
    t.push_back(lw::Turn{*ex, std::move(reply), lw::ReplyEnd::complete});
    auto obs = probe.parse(t);
    if (obs) (void)probe.judge(*obs);
  }
  return 0;
}
