#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"

namespace lw::probes::mysql {

// MySQL / MariaDB client/server protocol
// (https://dev.mysql.com/doc/dev/mysql-server/latest/PAGE_PROTOCOL.html, and MariaDB's
// https://mariadb.com/kb/en/clientserver-protocol/): packets of a 3-byte little-endian length,
// a sequence id and a payload.

struct Limits {
  std::size_t max_packet = 1 << 20;
  std::size_t max_packets = 20'000;
  std::size_t max_columns = 4096;
};

struct Packet {
  std::uint8_t seq = 0;
  std::string_view payload;
};

// Every whole packet at the front of `in` (a payload over the cap is an Error).
Result<std::vector<Packet>> split_packets(std::string_view in, const Limits& = {});

struct Greeting {
  std::uint8_t protocol = 0;
  std::string server_version;  // "5.5.5-10.11.19-MariaDB-0+deb12u1"
  std::uint32_t connection_id = 0;
  std::uint32_t capabilities = 0;
  std::string auth_plugin;  // "mysql_native_password"
};
Result<Greeting> parse_greeting(std::string_view payload);

struct ErrPacket {
  std::uint16_t code = 0;
  std::string sql_state;  // "28000", when present
  std::string message;
};
// An ERR packet payload (first byte 0xff).
std::optional<ErrPacket> parse_err(std::string_view payload);

bool is_ok(std::string_view payload) noexcept;   // 0x00 header
bool is_eof(std::string_view payload) noexcept;  // 0xfe header, fewer than 9 bytes

// A length-encoded integer; nullopt when short or the 0xff marker.
std::optional<std::uint64_t> lenenc_int(std::string_view& in) noexcept;

// A whole text-protocol result set, as far as `packets` go.
struct ResultSet {
  bool complete = false;  // the closing EOF/OK/ERR arrived
  bool ok_only = false;   // an OK packet, no rows (a statement without results)
  std::optional<ErrPacket> error;
  std::vector<std::string> columns;
  std::vector<std::vector<std::optional<std::string>>> rows;  // at most max_rows kept
};
Result<ResultSet> read_result_set(const std::vector<Packet>& packets, std::size_t max_rows,
                                  const Limits& = {});

// Client messages.
std::string handshake_response(std::string_view user, std::string_view plugin, std::uint8_t seq);
std::string empty_auth_packet(std::uint8_t seq);
std::string query_packet(std::string_view sql);
// `name` in backquotes, embedded backquotes doubled.
std::string quote_ident(std::string_view name);

}  // namespace lw::probes::mysql
