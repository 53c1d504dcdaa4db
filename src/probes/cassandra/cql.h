#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"

namespace lw::probes::cql {

// CQL binary protocol v4 (Apache Cassandra doc/native_protocol_v4.spec): a 9-byte header
// (version, flags, stream, opcode, body length) and a body.
constexpr std::uint8_t kError = 0x00;
constexpr std::uint8_t kReady = 0x02;
constexpr std::uint8_t kAuthenticate = 0x03;
constexpr std::uint8_t kResult = 0x08;

struct Frame {
  std::uint8_t version = 0;
  std::int16_t stream = 0;
  std::uint8_t opcode = 0;
  std::string_view body;
  std::size_t size = 0;
};

// One response frame at the front of `in`; nullopt when incomplete. Errors: not a v3-v5
// response, body length negative or over `cap`.
Result<std::optional<Frame>> read_frame(std::string_view in, std::size_t cap);

struct Rows {
  std::vector<std::string> columns;
  std::vector<std::vector<std::optional<std::string>>> rows;  // values rendered as text
};
// A RESULT body of kind Rows (others: an empty Rows). Bounded: columns, rows, type nesting.
Result<Rows> parse_rows(std::string_view body, std::size_t max_rows);

struct ErrorBody {
  std::int32_t code = 0;
  std::string message;
};
std::optional<ErrorBody> parse_error(std::string_view body);
std::optional<std::string> authenticator(std::string_view body);

std::string startup(std::int16_t stream);
std::string query(std::int16_t stream, std::string_view cql);
std::string quote(std::string_view identifier);

}  // namespace lw::probes::cql
