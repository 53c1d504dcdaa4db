#include "probes/cassandra/cql.h"

#include "probes/common/byte_reader.h"

namespace lw::probes::cql {
namespace {

constexpr std::int32_t kMaxColumns = 1024;
constexpr std::size_t kMaxTypeDepth = 8;
constexpr std::size_t kMaxCell = 64 * 1024;

std::optional<std::string_view> short_string(ByteReader& r) {
  auto n = r.u16be();
  if (!n) return std::nullopt;
  return r.bytes(*n);
}

// A [option] type; returns the type id (0 when malformed), skipping nested options.
bool skip_type(ByteReader& r, std::uint16_t& id, std::size_t depth) {
  if (depth > kMaxTypeDepth) return false;
  auto t = r.u16be();
  if (!t) return false;
  id = *t;
  std::uint16_t inner = 0;
  switch (*t) {
    case 0x0000:  // custom: [string]
      return short_string(r).has_value();
    case 0x0020:  // list
    case 0x0022:  // set
      return skip_type(r, inner, depth + 1);
    case 0x0021:  // map
      return skip_type(r, inner, depth + 1) && skip_type(r, inner, depth + 1);
    case 0x0030: {  // UDT: ks, name, n, (name, type)*
      if (!short_string(r) || !short_string(r)) return false;
      auto n = r.u16be();
      if (!n) return false;
      for (std::uint16_t i = 0; i < *n; ++i) {
        if (!short_string(r) || !skip_type(r, inner, depth + 1)) return false;
      }
      return true;
    }
    case 0x0031: {  // tuple: n, types
      auto n = r.u16be();
      if (!n) return false;
      for (std::uint16_t i = 0; i < *n; ++i) {
        if (!skip_type(r, inner, depth + 1)) return false;
      }
      return true;
    }
    default:
      return *t <= 0x0015;
  }
}

std::string render(std::uint16_t type, std::string_view v) {
  if (type == 0x0009 && v.size() == 4) {  // int
    ByteReader r(v);
    return std::to_string(*r.i32be());
  }
  if (type == 0x0002 && v.size() == 8) {  // bigint
    ByteReader r(v);
    const auto hi = *r.u32be();
    const auto lo = *r.u32be();
    return std::to_string(static_cast<std::int64_t>((static_cast<std::uint64_t>(hi) << 32) | lo));
  }
  if (type == 0x0001 || type == 0x000D || type == 0x000A) return std::string(v);
  static const char* hex = "0123456789abcdef";
  std::string out = "0x";
  for (std::size_t i = 0; i < v.size() && i < 32; ++i) {
    out += hex[(static_cast<unsigned char>(v[i]) >> 4) & 0xf];
    out += hex[static_cast<unsigned char>(v[i]) & 0xf];
  }
  return out;
}

void put_string(std::string& out, std::string_view s) {
  put_u16be(out, static_cast<std::uint16_t>(s.size()));
  out.append(s);
}

std::string frame(std::int16_t stream, std::uint8_t opcode, const std::string& body) {
  std::string out;
  put_u8(out, 0x04);
  put_u8(out, 0);
  put_u16be(out, static_cast<std::uint16_t>(stream));
  put_u8(out, opcode);
  put_u32be(out, static_cast<std::uint32_t>(body.size()));
  return out + body;
}

}  // namespace

Result<std::optional<Frame>> read_frame(std::string_view in, std::size_t cap) {
  ByteReader r(in);
  auto version = r.u8();
  if (version && (*version < 0x83 || *version > 0x85)) {
    return fail(ErrorCode::parse_error, "not a CQL v3-v5 response");
  }
  auto flags = r.u8();
  auto stream = r.u16be();
  auto opcode = r.u8();
  auto len = r.i32be();
  if (!version || !flags || !stream || !opcode || !len) return std::optional<Frame>{};
  if (*len < 0 || static_cast<std::size_t>(*len) > cap) {
    return fail(ErrorCode::too_large, "CQL body length out of bounds");
  }
  if (*opcode > 0x10) return fail(ErrorCode::parse_error, "unknown CQL opcode");
  auto body = r.bytes(static_cast<std::size_t>(*len));
  if (!body) return std::optional<Frame>{};
  return std::optional<Frame>{
      Frame{*version, static_cast<std::int16_t>(*stream), *opcode, *body, r.pos()}};
}

Result<Rows> parse_rows(std::string_view body, std::size_t max_rows) {
  ByteReader r(body);
  Rows out;
  auto kind = r.i32be();
  if (!kind) return fail(ErrorCode::parse_error, "short RESULT");
  if (*kind != 2) return out;
  auto flags = r.i32be();
  auto ncols = r.i32be();
  if (!flags || !ncols || *ncols < 0 || *ncols > kMaxColumns) {
    return fail(ErrorCode::parse_error, "bad Rows metadata");
  }
  if (*flags & 0x0002) {  // Has_more_pages: [bytes] paging state
    auto n = r.i32be();
    if (!n || (*n > 0 && !r.skip(static_cast<std::size_t>(*n)))) {
      return fail(ErrorCode::parse_error, "bad paging state");
    }
  }
  const bool global = (*flags & 0x0001) != 0;
  const bool no_metadata = (*flags & 0x0004) != 0;
  std::vector<std::uint16_t> types;
  if (!no_metadata) {
    if (global && (!short_string(r) || !short_string(r))) {
      return fail(ErrorCode::parse_error, "bad table spec");
    }
    for (std::int32_t i = 0; i < *ncols; ++i) {
      if (!global && (!short_string(r) || !short_string(r))) {
        return fail(ErrorCode::parse_error, "bad column spec");
      }
      auto name = short_string(r);
      std::uint16_t id = 0;
      if (!name || !skip_type(r, id, 0)) return fail(ErrorCode::parse_error, "bad column spec");
      out.columns.emplace_back(*name);
      types.push_back(id);
    }
  } else {
    types.assign(static_cast<std::size_t>(*ncols), 0xffff);
  }
  auto nrows = r.i32be();
  if (!nrows || *nrows < 0) return fail(ErrorCode::parse_error, "bad rows count");
  // Every cell takes at least 4 bytes: a count the body cannot hold is a lie, and rows without
  // columns take no bytes at all (so their count alone must not drive a loop).
  if (*ncols == 0) return out;
  if (static_cast<std::size_t>(*nrows) > r.remaining() / (4 * static_cast<std::size_t>(*ncols))) {
    return fail(ErrorCode::parse_error, "rows count larger than the body");
  }
  for (std::int32_t i = 0; i < *nrows; ++i) {
    std::vector<std::optional<std::string>> row;
    for (std::int32_t c = 0; c < *ncols; ++c) {
      auto n = r.i32be();
      if (!n) return fail(ErrorCode::parse_error, "short row");
      if (*n < 0) {
        row.emplace_back(std::nullopt);
        continue;
      }
      auto v = r.bytes(static_cast<std::size_t>(*n));
      if (!v) return fail(ErrorCode::parse_error, "cell longer than its frame");
      row.emplace_back(render(types[static_cast<std::size_t>(c)], v->substr(0, kMaxCell)));
    }
    if (out.rows.size() < max_rows) out.rows.push_back(std::move(row));
  }
  return out;
}

std::optional<ErrorBody> parse_error(std::string_view body) {
  ByteReader r(body);
  auto code = r.i32be();
  auto msg = code ? short_string(r) : std::nullopt;
  if (!code || !msg) return std::nullopt;
  return ErrorBody{*code, std::string(msg->substr(0, 256))};
}

std::optional<std::string> authenticator(std::string_view body) {
  ByteReader r(body);
  auto s = short_string(r);
  if (!s) return std::nullopt;
  return std::string(s->substr(0, 256));
}

std::string startup(std::int16_t stream) {
  std::string body;
  put_u16be(body, 1);
  put_string(body, "CQL_VERSION");
  put_string(body, "3.0.0");
  return frame(stream, 0x01, body);
}

std::string query(std::int16_t stream, std::string_view cql) {
  std::string body;
  put_u32be(body, static_cast<std::uint32_t>(cql.size()));
  body.append(cql);
  put_u16be(body, 0x0001);  // consistency ONE
  put_u8(body, 0);          // no flags
  return frame(stream, 0x07, body);
}

std::string quote(std::string_view id) {
  std::string out = "\"";
  for (const char c : id) {
    if (c == '\0') continue;
    if (c == '"') out.push_back('"');
    out.push_back(c);
  }
  return out + "\"";
}

}  // namespace lw::probes::cql
