#include "probes/mysql/mysql_wire.h"

#include "probes/common/byte_reader.h"

namespace lw::probes::mysql {
namespace {

constexpr std::uint32_t kClientLongPassword = 0x1;
constexpr std::uint32_t kClientLongFlag = 0x4;
constexpr std::uint32_t kClientProtocol41 = 0x200;
constexpr std::uint32_t kClientTransactions = 0x2000;
constexpr std::uint32_t kClientSecureConnection = 0x8000;
constexpr std::uint32_t kClientPluginAuth = 0x80000;

std::optional<std::string_view> lenenc_str(std::string_view& in) {
  auto n = lenenc_int(in);
  if (!n || *n > in.size()) return std::nullopt;
  const std::string_view out = in.substr(0, static_cast<std::size_t>(*n));
  in.remove_prefix(static_cast<std::size_t>(*n));
  return out;
}

}  // namespace

Result<std::vector<Packet>> split_packets(std::string_view in, const Limits& limits) {
  std::vector<Packet> out;
  ByteReader r(in);
  while (r.remaining() >= 4) {
    if (out.size() >= limits.max_packets) return fail(ErrorCode::too_large, "too many packets");
    const std::size_t start = r.pos();
    const std::uint32_t len = *r.u24le();
    const std::uint8_t seq = *r.u8();
    if (len > limits.max_packet) {
      return fail(ErrorCode::too_large, "packet length " + std::to_string(len) + " over cap",
                  "mysql offset " + std::to_string(start));
    }
    auto payload = r.bytes(len);
    if (!payload) break;
    out.push_back(Packet{seq, *payload});
  }
  return out;
}

Result<Greeting> parse_greeting(std::string_view payload) {
  ByteReader r(payload);
  Greeting g;
  auto proto = r.u8();
  if (!proto || (*proto != 10 && *proto != 9)) {
    return fail(ErrorCode::parse_error, "not a protocol 9/10 greeting");
  }
  g.protocol = *proto;
  auto version = r.cstring(128);
  if (!version || version->empty()) return fail(ErrorCode::parse_error, "no server version");
  for (const char c : *version) {
    if (static_cast<unsigned char>(c) < 0x20 || static_cast<unsigned char>(c) > 0x7e) {
      return fail(ErrorCode::parse_error, "server version is not printable");
    }
  }
  g.server_version = std::string(*version);
  auto id = r.u32le();
  if (!id) return fail(ErrorCode::parse_error, "short greeting");
  g.connection_id = *id;
  if (g.protocol == 9) return g;
  if (!r.skip(8 + 1)) return fail(ErrorCode::parse_error, "short greeting");
  auto cap_low = r.u16le();
  if (!cap_low) return g;  // old servers end here
  g.capabilities = *cap_low;
  auto charset = r.u8();
  auto status = r.u16le();
  auto cap_high = r.u16le();
  auto auth_len = r.u8();
  if (!charset || !status || !cap_high || !auth_len || !r.skip(10)) return g;
  g.capabilities |= static_cast<std::uint32_t>(*cap_high) << 16;
  if (g.capabilities & kClientSecureConnection) {
    const std::size_t part2 = std::max<std::size_t>(13, *auth_len > 8 ? *auth_len - 8u : 0u);
    if (!r.skip(part2)) return g;
  }
  if (g.capabilities & kClientPluginAuth) {
    auto plugin = r.cstring(64);
    if (!plugin) plugin = r.rest().substr(0, 64);  // some servers omit the final NUL
    g.auth_plugin = std::string(*plugin);
  }
  return g;
}

std::optional<ErrPacket> parse_err(std::string_view payload) {
  ByteReader r(payload);
  auto h = r.u8();
  auto code = r.u16le();
  if (!h || *h != 0xff || !code) return std::nullopt;
  ErrPacket e;
  e.code = *code;
  std::string_view rest = r.rest();
  if (!rest.empty() && rest[0] == '#' && rest.size() >= 6) {
    e.sql_state = std::string(rest.substr(1, 5));
    rest.remove_prefix(6);
  }
  e.message = std::string(rest.substr(0, 256));
  return e;
}

bool is_ok(std::string_view p) noexcept {
  return !p.empty() && p[0] == '\0';
}

bool is_eof(std::string_view p) noexcept {
  return !p.empty() && static_cast<unsigned char>(p[0]) == 0xfe && p.size() < 9;
}

std::optional<std::uint64_t> lenenc_int(std::string_view& in) noexcept {
  if (in.empty()) return std::nullopt;
  const auto first = static_cast<unsigned char>(in[0]);
  std::size_t n = 0;
  if (first < 0xfb) {
    in.remove_prefix(1);
    return first;
  }
  if (first == 0xfc)
    n = 2;
  else if (first == 0xfd)
    n = 3;
  else if (first == 0xfe)
    n = 8;
  else
    return std::nullopt;  // 0xfb (NULL) and 0xff are not integers
  if (in.size() < n + 1) return std::nullopt;
  std::uint64_t v = 0;
  for (std::size_t i = 0; i < n; ++i) {
    v |= static_cast<std::uint64_t>(static_cast<unsigned char>(in[1 + i])) << (8 * i);
  }
  in.remove_prefix(n + 1);
  return v;
}

Result<ResultSet> read_result_set(const std::vector<Packet>& packets, std::size_t max_rows,
                                  const Limits& limits) {
  ResultSet rs;
  if (packets.empty()) return rs;
  const std::string_view first = packets[0].payload;
  if (auto e = parse_err(first)) {
    rs.error = e;
    rs.complete = true;
    return rs;
  }
  if (!first.empty() && first[0] == '\0') {
    rs.ok_only = true;
    rs.complete = true;
    return rs;
  }
  std::string_view head = first;
  auto ncols = lenenc_int(head);
  if (!ncols || *ncols == 0) return fail(ErrorCode::parse_error, "bad column count");
  if (*ncols > limits.max_columns) return fail(ErrorCode::too_large, "too many columns");
  const auto n = static_cast<std::size_t>(*ncols);
  std::size_t i = 1;
  for (; i < packets.size() && rs.columns.size() < n; ++i) {
    std::string_view p = packets[i].payload;
    std::optional<std::string_view> f;
    for (int k = 0; k < 5; ++k) {  // catalog, schema, table, org_table, name
      f = lenenc_str(p);
      if (!f) return fail(ErrorCode::parse_error, "bad column definition");
    }
    rs.columns.emplace_back(*f);
  }
  if (rs.columns.size() < n) return rs;
  if (i >= packets.size()) return rs;
  if (!is_eof(packets[i].payload)) return fail(ErrorCode::parse_error, "no EOF after columns");
  ++i;
  for (; i < packets.size(); ++i) {
    const std::string_view p = packets[i].payload;
    if (auto e = parse_err(p)) {
      rs.error = e;
      rs.complete = true;
      return rs;
    }
    if (is_eof(p)) {
      rs.complete = true;
      return rs;
    }
    std::string_view cur = p;
    std::vector<std::optional<std::string>> row;
    for (std::size_t c = 0; c < n; ++c) {
      if (!cur.empty() && static_cast<unsigned char>(cur[0]) == 0xfb) {
        cur.remove_prefix(1);
        row.emplace_back(std::nullopt);
        continue;
      }
      auto v = lenenc_str(cur);
      if (!v) return fail(ErrorCode::parse_error, "bad row value");
      row.emplace_back(std::string(*v));
    }
    if (rs.rows.size() < max_rows) rs.rows.push_back(std::move(row));
  }
  return rs;
}

std::string handshake_response(std::string_view user, std::string_view plugin, std::uint8_t seq) {
  std::string body;
  put_u32le(body, kClientLongPassword | kClientLongFlag | kClientProtocol41 | kClientTransactions |
                      kClientSecureConnection | kClientPluginAuth);
  put_u32le(body, 16 * 1024 * 1024);
  put_u8(body, 33);  // utf8_general_ci
  body.append(23, '\0');
  body.append(user);
  body.push_back('\0');
  put_u8(body, 0);  // empty auth response: the empty password
  body.append(plugin);
  body.push_back('\0');
  std::string out;
  put_u24le(out, static_cast<std::uint32_t>(body.size()));
  put_u8(out, seq);
  return out + body;
}

std::string empty_auth_packet(std::uint8_t seq) {
  std::string out;
  put_u24le(out, 0);
  put_u8(out, seq);
  return out;
}

std::string query_packet(std::string_view sql) {
  std::string out;
  put_u24le(out, static_cast<std::uint32_t>(sql.size() + 1));
  put_u8(out, 0);
  put_u8(out, 0x03);  // COM_QUERY
  out.append(sql);
  return out;
}

std::string quote_ident(std::string_view name) {
  std::string out = "`";
  for (const char c : name) {
    if (c == '\0') continue;
    if (c == '`') out.push_back('`');
    out.push_back(c);
  }
  return out + "`";
}

}  // namespace lw::probes::mysql
