// CQL frame and Rows parsing, and the whole probe with the input as each reply.
#include <cstddef>
#include <cstdint>
#include <string>

#include "probes/cassandra/cassandra_probe.h"
#include "probes/cassandra/cql.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string in(reinterpret_cast<const char*>(data), size);
  namespace cql = lw::probes::cql;
  (void)cql::parse_rows(in, 10);
  if (auto f = cql::read_frame(in, 1 << 20); f && *f) (void)cql::parse_rows((*f)->body, 10);
  const lw::probes::CassandraProbe probe;
  lw::Transcript t;
  const std::string ready("\x84\0\0\0\x02\0\0\0\0", 9);
  for (int step = 0; step < 6; ++step) {
    auto ex = probe.next(lw::ProbeOptions{}, t);
    if (!ex) break;
    std::string reply = step == 0 && !in.empty() && (in[0] & 1) ? ready : in;
    (void)probe.frame(*ex, reply);
    t.push_back(lw::Turn{*ex, std::move(reply), lw::ReplyEnd::complete});
    if (auto obs = probe.parse(t)) (void)probe.judge(*obs);
  }
  return 0;
}
