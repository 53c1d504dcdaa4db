#include "probes/mqtt/mqtt_packets.h"

#include "probes/common/byte_reader.h"

namespace lw::probes::mqtt {
namespace {

void put_varint(std::string& out, std::size_t n) {
  do {
    auto b = static_cast<std::uint8_t>(n % 128);
    n /= 128;
    if (n > 0) b |= 0x80;
    out.push_back(static_cast<char>(b));
  } while (n > 0);
}

void put_string(std::string& out, std::string_view s) {
  put_u16be(out, static_cast<std::uint16_t>(s.size()));
  out.append(s);
}

}  // namespace

Result<std::vector<Packet>> split_packets(std::string_view in, const Limits& limits) {
  std::vector<Packet> out;
  std::size_t pos = 0;
  while (pos < in.size()) {
    if (out.size() >= limits.max_packets) return fail(ErrorCode::too_large, "too many packets");
    const auto head = static_cast<std::uint8_t>(in[pos]);
    std::size_t len = 0;
    std::size_t shift = 0;
    std::size_t i = pos + 1;
    bool done = false;
    for (int k = 0; k < 4 && i < in.size(); ++k, ++i) {
      const auto b = static_cast<std::uint8_t>(in[i]);
      len |= static_cast<std::size_t>(b & 0x7f) << shift;
      shift += 7;
      if ((b & 0x80) == 0) {
        done = true;
        ++i;
        break;
      }
    }
    if (!done) {
      if (i - pos - 1 >= 4) return fail(ErrorCode::parse_error, "remaining length over 4 bytes");
      break;  // need more
    }
    if (len > limits.max_packet) return fail(ErrorCode::too_large, "packet over cap");
    if (in.size() - i < len) break;
    out.push_back(Packet{static_cast<std::uint8_t>(head >> 4),
                         static_cast<std::uint8_t>(head & 0x0f), in.substr(i, len)});
    pos = i + len;
  }
  return out;
}

Result<Publish> parse_publish(const Packet& p) {
  if (p.type != 3) return fail(ErrorCode::parse_error, "not a PUBLISH");
  ByteReader r(p.body);
  auto n = r.u16be();
  auto topic = n ? r.bytes(*n) : std::nullopt;
  if (!topic) return fail(ErrorCode::parse_error, "short PUBLISH topic");
  const unsigned qos = (p.flags >> 1) & 0x3;
  if (qos == 3) return fail(ErrorCode::parse_error, "QoS 3");
  if (qos > 0 && !r.skip(2)) return fail(ErrorCode::parse_error, "short PUBLISH packet id");
  return Publish{std::string(*topic), std::string(r.rest()), (p.flags & 0x1) != 0};
}

std::string connect_packet(std::string_view client_id) {
  std::string body;
  put_string(body, "MQTT");
  body.push_back('\x04');  // protocol level 4: MQTT 3.1.1
  body.push_back('\x02');  // clean session; no user name, no password, no will
  put_u16be(body, 30);     // keep alive (s)
  put_string(body, client_id);
  std::string out(1, '\x10');
  put_varint(out, body.size());
  return out + body;
}

std::string subscribe_packet(std::uint16_t packet_id, const std::vector<std::string>& filters) {
  std::string body;
  put_u16be(body, packet_id);
  for (const auto& f : filters) {
    put_string(body, f);
    body.push_back('\0');  // QoS 0
  }
  std::string out(1, '\x82');
  put_varint(out, body.size());
  return out + body;
}

std::string pingreq_packet() {
  return std::string("\xc0\x00", 2);
}

}  // namespace lw::probes::mqtt
