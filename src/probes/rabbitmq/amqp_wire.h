#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/probe.h"
#include "core/result.h"

// AMQP 0-9-1 wire format, only the part a read-only identification needs: the protocol header,
// frames, field tables, and the connection-class methods Start (10/10), Start-Ok (10/11, built),
// Tune (10/30) and Close (10/50). Spec: "AMQP 0-9-1 Specification", sections 2.3 and 4.2, and
// RabbitMQ's errata for field-table types (https://www.rabbitmq.com/amqp-0-9-1-errata.html).
// Every parser takes untrusted bytes, never reads past them, and checks lengths against caps.
namespace lw::probes::amqp {

constexpr std::string_view kProtocolHeader{"AMQP\x00\x00\x09\x01", 8};
constexpr std::uint8_t kFrameMethod = 1;
constexpr std::uint8_t kFrameEnd = 0xCE;
constexpr std::size_t kFrameHeaderBytes = 7;
constexpr std::uint32_t kMaxFrameBytes = 64 * 1024;  // payload cap (RabbitMQ's Start is ~600 B)
constexpr std::size_t kMaxTableDepth = 8;            // nested tables and arrays
constexpr std::size_t kMaxTableEntries = 256;        // fields per table, all depths together
constexpr std::size_t kMaxValueBytes = 4096;         // a string kept from a table

constexpr std::uint16_t kClassConnection = 10;
constexpr std::uint16_t kMethodStart = 10;
constexpr std::uint16_t kMethodStartOk = 11;
constexpr std::uint16_t kMethodTune = 30;
constexpr std::uint16_t kMethodClose = 50;

struct Frame {
  std::uint8_t type = 0;
  std::uint16_t channel = 0;
  std::string_view payload;  // a view into the input
  std::size_t size = 0;      // bytes the whole frame took (header + payload + end)
};

// One frame at the start of `in`: the frame, nullopt when more bytes are needed, or an Error
// (protocol_mismatch for bytes that cannot begin a frame, too_large over kMaxFrameBytes,
// malformed for a wrong frame-end octet).
Result<std::optional<Frame>> parse_frame(std::string_view in);

// A server that does not speak 0-9-1 answers with its own protocol header and closes.
struct ProtocolHeader {
  std::uint8_t a = 0, b = 0, c = 0, d = 0;  // the four bytes after "AMQP"
};
std::optional<ProtocolHeader> parse_protocol_header(std::string_view in);

// A field table flattened to "key" / "outer.inner" paths and printable values (strings cut to
// kMaxValueBytes, booleans "true"/"false", numbers in decimal); arrays are "[n items]".
using FlatTable = std::vector<std::pair<std::string, std::string>>;
Result<FlatTable> parse_table(std::string_view table_bytes);

struct Method {
  std::uint16_t class_id = 0;
  std::uint16_t method_id = 0;
  std::string_view args;  // a view into the frame's payload
};
// The method of a method frame; an Error for a short payload or another frame type.
Result<Method> parse_method(const Frame& frame);

struct ConnectionStart {
  std::uint8_t version_major = 0;
  std::uint8_t version_minor = 0;
  FlatTable server_properties;
  std::vector<std::string> mechanisms;  // space-separated in the wire form
  std::vector<std::string> locales;
};
Result<ConnectionStart> parse_connection_start(std::string_view args);

struct ConnectionClose {
  std::uint16_t reply_code = 0;
  std::string reply_text;  // printable, bounded
  std::uint16_t class_id = 0;
  std::uint16_t method_id = 0;
};
Result<ConnectionClose> parse_connection_close(std::string_view args);

// Connection.Start-Ok with the PLAIN mechanism (RFC 4616: "\0user\0password"), a small
// client-properties table naming leakwatch (capability authentication_failure_close), en_US.
std::string start_ok_plain(std::string_view user, std::string_view password);

// Whether `reply` holds a whole protocol header or at least one whole frame.
Framing frame_reply(std::string_view reply);

}  // namespace lw::probes::amqp
