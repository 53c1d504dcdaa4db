// The PostgreSQL backend-message parser, and the whole probe with the input as each reply.
#include <cstddef>
#include <cstdint>
#include <string>

#include "probes/postgresql/pg_wire.h"
#include "probes/postgresql/postgresql_probe.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string in(reinterpret_cast<const char*>(data), size);
  namespace pg = lw::probes::pg;
  if (auto split = pg::split_messages(in)) {
    for (const auto& m : split->messages) {
      (void)pg::parse_notice(m.body);
      (void)pg::row_description(m.body);
      (void)pg::data_row(m.body);
      (void)pg::parameter_status(m.body);
    }
  }
  const lw::probes::PostgresqlProbe probe;
  lw::Transcript t;
  // Odd first byte: a real trust-auth startup reply first, so later steps see the input too.
  const std::string ok("R\0\0\0\x08\0\0\0\0Z\0\0\0\x05I", 15);
  for (int step = 0; step < 6; ++step) {
    auto ex = probe.next(lw::ProbeOptions{}, t);
    if (!ex) break;
    std::string reply = step == 0 && !in.empty() && (in[0] & 1) ? ok : in;
    (void)probe.frame(*ex, reply);
    t.push_back(lw::Turn{*ex, std::move(reply), lw::ReplyEnd::complete});
    if (auto obs = probe.parse(t)) (void)probe.judge(*obs);
  }
  return 0;
}
