// Fuzzes the AMQP 0-9-1 wire parsers: frames, field tables, Connection.Start and .Close, and
// the reply framing.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "probes/rabbitmq/amqp_wire.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view in(reinterpret_cast<const char*>(data), size);
  namespace amqp = lw::probes::amqp;
  (void)amqp::frame_reply(in);
  (void)amqp::parse_protocol_header(in);
  (void)amqp::parse_table(in);
  (void)amqp::parse_connection_start(in);
  (void)amqp::parse_connection_close(in);
  auto f = amqp::parse_frame(in);
  if (f && *f) {
    auto m = amqp::parse_method(**f);
    if (m) {
      (void)amqp::parse_connection_start(m->args);
      (void)amqp::parse_connection_close(m->args);
    }
  }
  return 0;
}
