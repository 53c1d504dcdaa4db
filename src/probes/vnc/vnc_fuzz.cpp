// The RFB parsers, and the whole probe with the input as each reply.
#include <cstddef>
#include <cstdint>
#include <string>

#include "probes/vnc/rfb.h"
#include "probes/vnc/vnc_probe.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string in(reinterpret_cast<const char*>(data), size);
  namespace rfb = lw::probes::rfb;
  for (const rfb::Version v : {rfb::Version{3, 3}, rfb::Version{3, 8}}) {
    (void)rfb::parse_security_types(in, v);
    (void)rfb::parse_init_reply(in, v);
  }
  (void)rfb::framebuffer_update(in, 32);
  const lw::probes::VncProbe probe;
  lw::Transcript t;
  for (int step = 0; step < 5; ++step) {
    auto ex = probe.next(lw::ProbeOptions{}, t);
    if (!ex) break;
    std::string reply = step == 0 && !in.empty() && (in[0] & 1) ? "RFB 003.008\n" : in;
    (void)probe.frame(*ex, reply);
    t.push_back(lw::Turn{*ex, std::move(reply), lw::ReplyEnd::complete});
    if (auto obs = probe.parse(t)) (void)probe.judge(*obs);
  }
  return 0;
}
