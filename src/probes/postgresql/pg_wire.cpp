#include "probes/postgresql/pg_wire.h"

#include "probes/common/byte_reader.h"

namespace lw::probes::pg {

Result<Split> split_messages(std::string_view in, const Limits& limits) {
  Split out;
  ByteReader r(in);
  while (r.remaining() >= 5) {
    if (out.messages.size() >= limits.max_messages) {
      return fail(ErrorCode::too_large, "too many messages",
                  "pg message " + std::to_string(out.messages.size()));
    }
    const std::size_t start = r.pos();
    const char type = static_cast<char>(*r.u8());
    const std::uint32_t len = *r.u32be();
    if (len < 4)
      return fail(ErrorCode::parse_error, "message length below 4",
                  "pg offset " + std::to_string(start));
    if (len - 4 > limits.max_message) {
      return fail(ErrorCode::too_large, "message length " + std::to_string(len) + " over cap",
                  "pg offset " + std::to_string(start));
    }
    auto body = r.bytes(len - 4);
    if (!body) break;  // incomplete
    out.messages.push_back(Message{type, *body});
    out.consumed = r.pos();
  }
  return out;
}

Notice parse_notice(std::string_view body) {
  Notice n;
  ByteReader r(body);
  for (int i = 0; i < 64 && !r.empty(); ++i) {
    auto code = r.u8();
    if (!code || *code == 0) break;
    auto value = r.cstring(body.size());
    if (!value) break;
    const std::string v(value->substr(0, 256));
    if (*code == 'V' || (*code == 'S' && n.severity.empty())) n.severity = v;
    if (*code == 'C') n.code = v;
    if (*code == 'M') n.message = v;
  }
  return n;
}

Result<std::vector<std::string>> row_description(std::string_view body, const Limits& limits) {
  ByteReader r(body);
  auto n = r.u16be();
  if (!n) return fail(ErrorCode::parse_error, "short RowDescription");
  if (*n > limits.max_columns) return fail(ErrorCode::too_large, "too many columns");
  std::vector<std::string> names;
  for (std::uint16_t i = 0; i < *n; ++i) {
    auto name = r.cstring(1024);
    if (!name || !r.skip(18)) return fail(ErrorCode::parse_error, "short RowDescription field");
    names.emplace_back(*name);
  }
  return names;
}

Result<std::vector<std::optional<std::string>>> data_row(std::string_view body,
                                                         const Limits& limits) {
  ByteReader r(body);
  auto n = r.u16be();
  if (!n) return fail(ErrorCode::parse_error, "short DataRow");
  if (*n > limits.max_columns) return fail(ErrorCode::too_large, "too many columns");
  std::vector<std::optional<std::string>> values;
  for (std::uint16_t i = 0; i < *n; ++i) {
    auto len = r.i32be();
    if (!len) return fail(ErrorCode::parse_error, "short DataRow column");
    if (*len == -1) {
      values.emplace_back(std::nullopt);
      continue;
    }
    if (*len < 0) return fail(ErrorCode::parse_error, "negative column length");
    auto v = r.bytes(static_cast<std::size_t>(*len));
    if (!v) return fail(ErrorCode::parse_error, "column longer than its row");
    values.emplace_back(std::string(*v));
  }
  return values;
}

std::optional<std::uint32_t> auth_code(std::string_view body) {
  ByteReader r(body);
  return r.u32be();
}

std::optional<std::pair<std::string, std::string>> parameter_status(std::string_view body) {
  ByteReader r(body);
  auto name = r.cstring(256);
  auto value = name ? r.cstring(1024) : std::nullopt;
  if (!name || !value) return std::nullopt;
  return std::make_pair(std::string(*name), std::string(*value));
}

std::string startup_message(std::string_view user, std::string_view database,
                            std::string_view application) {
  std::string body;
  put_u32be(body, 196608);  // protocol 3.0
  for (const auto& [k, v] : {std::pair{std::string_view("user"), user},
                             std::pair{std::string_view("database"), database},
                             std::pair{std::string_view("application_name"), application}}) {
    body.append(k);
    body.push_back('\0');
    body.append(v);
    body.push_back('\0');
  }
  body.push_back('\0');
  std::string out;
  put_u32be(out, static_cast<std::uint32_t>(body.size() + 4));
  return out + body;
}

std::string ssl_request() {
  std::string out;
  put_u32be(out, 8);
  put_u32be(out, 80877103);
  return out;
}

std::string query_message(std::string_view sql) {
  std::string out = "Q";
  put_u32be(out, static_cast<std::uint32_t>(sql.size() + 5));
  out.append(sql);
  out.push_back('\0');
  return out;
}

std::string quote_ident(std::string_view name) {
  std::string out = "\"";
  for (const char c : name) {
    if (c == '\0') continue;
    if (c == '"') out.push_back('"');
    out.push_back(c);
  }
  out.push_back('"');
  return out;
}

}  // namespace lw::probes::pg
