#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"

namespace lw::probes::mqtt {

// MQTT 3.1.1 control packets (https://docs.oasis-open.org/mqtt/mqtt/v3.1.1/mqtt-v3.1.1.html):
// a type/flags byte, a variable-length "remaining length" (at most 4 bytes), then the rest.

struct Limits {
  std::size_t max_packet = 1 << 20;
  std::size_t max_packets = 2000;
};

struct Packet {
  std::uint8_t type = 0;   // high nibble: 1 CONNECT, 2 CONNACK, 3 PUBLISH, 9 SUBACK, 13 PINGRESP
  std::uint8_t flags = 0;  // low nibble
  std::string_view body;
};

// Whole packets at the front of `in`. A remaining length longer than 4 bytes or over the cap is
// an Error.
Result<std::vector<Packet>> split_packets(std::string_view in, const Limits& = {});

struct Publish {
  std::string topic;
  std::string payload;
  bool retained = false;
};
Result<Publish> parse_publish(const Packet& p);

std::string connect_packet(std::string_view client_id);
std::string subscribe_packet(std::uint16_t packet_id, const std::vector<std::string>& filters);
std::string pingreq_packet();

}  // namespace lw::probes::mqtt
