#include "probes/zookeeper/zk_jute.h"

#include "probes/common/byte_reader.h"

namespace lw::probes::zk {
namespace {

std::optional<std::int64_t> i64(ByteReader& r) {
  auto hi = r.u32be();
  auto lo = hi ? r.u32be() : std::nullopt;
  if (!hi || !lo) return std::nullopt;
  return static_cast<std::int64_t>((static_cast<std::uint64_t>(*hi) << 32) | *lo);
}

void put_i64(std::string& out, std::int64_t v) {
  const auto u = static_cast<std::uint64_t>(v);
  put_u32be(out, static_cast<std::uint32_t>(u >> 32));
  put_u32be(out, static_cast<std::uint32_t>(u & 0xffffffffu));
}

void put_i32(std::string& out, std::int32_t v) {
  put_u32be(out, static_cast<std::uint32_t>(v));
}

void put_string(std::string& out, std::string_view s) {
  put_i32(out, static_cast<std::int32_t>(s.size()));
  out.append(s);
}

std::string framed(const std::string& body) {
  std::string out;
  put_i32(out, static_cast<std::int32_t>(body.size()));
  return out + body;
}

// A jute buffer/string: int32 length (-1 = null) and bytes.
Result<std::optional<std::string>> buffer(ByteReader& r, std::size_t cap) {
  auto n = r.i32be();
  if (!n) return fail(ErrorCode::parse_error, "short buffer length");
  if (*n == -1) return std::optional<std::string>{};
  if (*n < 0) return fail(ErrorCode::parse_error, "negative buffer length");
  if (static_cast<std::size_t>(*n) > cap) return fail(ErrorCode::too_large, "buffer over cap");
  auto b = r.bytes(static_cast<std::size_t>(*n));
  if (!b) return fail(ErrorCode::parse_error, "buffer longer than its frame");
  return std::optional<std::string>{std::string(*b)};
}

}  // namespace

Result<std::vector<std::string_view>> split_frames(std::string_view in, const Limits& limits) {
  std::vector<std::string_view> out;
  ByteReader r(in);
  while (r.remaining() >= 4) {
    if (out.size() >= limits.max_frames) return fail(ErrorCode::too_large, "too many frames");
    auto n = r.i32be();
    if (*n < 0) return fail(ErrorCode::parse_error, "negative frame length");
    if (static_cast<std::size_t>(*n) > limits.max_frame) {
      return fail(ErrorCode::too_large, "frame length over cap");
    }
    auto body = r.bytes(static_cast<std::size_t>(*n));
    if (!body) break;
    out.push_back(*body);
  }
  return out;
}

Result<ConnectResponse> parse_connect_response(std::string_view body) {
  ByteReader r(body);
  ConnectResponse c;
  auto pv = r.i32be();
  auto to = r.i32be();
  auto sid = pv && to ? i64(r) : std::nullopt;
  auto pw = r.i32be();
  if (!pv || !to || !sid || !pw) return fail(ErrorCode::parse_error, "short ConnectResponse");
  if (*pv != 0 || *pw != 16 || !r.skip(16) || r.remaining() > 1) {
    return fail(ErrorCode::parse_error, "not a ZooKeeper ConnectResponse");
  }
  c.protocol_version = *pv;
  c.timeout = *to;
  c.session_id = *sid;
  if (auto ro = r.u8()) c.read_only = *ro != 0;
  return c;
}

Result<Reply> parse_reply(std::string_view body, std::int32_t op, const Limits& limits) {
  ByteReader r(body);
  Reply out;
  auto xid = r.i32be();
  auto zxid = xid ? i64(r) : std::nullopt;
  auto err = r.i32be();
  if (!xid || !zxid || !err) return fail(ErrorCode::parse_error, "short reply header");
  out.header = ReplyHeader{*xid, *zxid, *err};
  if (*err != 0) return out;
  if (op == kOpGetChildren) {
    auto n = r.i32be();
    if (!n || *n < -1) return fail(ErrorCode::parse_error, "bad children count");
    if (*n > 0 && static_cast<std::size_t>(*n) > limits.max_children) {
      return fail(ErrorCode::too_large, "children over cap");
    }
    for (std::int32_t i = 0; i < *n; ++i) {
      auto s = buffer(r, limits.max_string);
      if (!s) return tl::unexpected(s.error());
      if (*s) out.children.push_back(std::move(**s));
    }
  } else if (op == kOpGetData) {
    auto d = buffer(r, limits.max_frame);
    if (!d) return tl::unexpected(d.error());
    out.data = std::move(*d);
  }
  return out;
}

std::string connect_request() {
  std::string body;
  put_i32(body, 0);      // protocolVersion
  put_i64(body, 0);      // lastZxidSeen
  put_i32(body, 10000);  // timeOut (ms)
  put_i64(body, 0);      // sessionId: a new session
  put_i32(body, 16);
  body.append(16, '\0');   // passwd
  body.push_back('\x01');  // readOnly: also talk to a read-only server
  return framed(body);
}

std::string get_children_request(std::int32_t xid, std::string_view path) {
  std::string body;
  put_i32(body, xid);
  put_i32(body, kOpGetChildren);
  put_string(body, path);
  body.push_back('\0');  // no watch
  return framed(body);
}

std::string get_data_request(std::int32_t xid, std::string_view path) {
  std::string body;
  put_i32(body, xid);
  put_i32(body, kOpGetData);
  put_string(body, path);
  body.push_back('\0');
  return framed(body);
}

std::vector<Request> decode_requests(std::string_view bytes) {
  std::vector<Request> out;
  auto frames = split_frames(bytes);
  if (!frames) return out;
  for (const auto f : *frames) {
    ByteReader r(f);
    auto xid = r.i32be();
    auto op = r.i32be();
    if (!xid || !op) continue;
    auto path = buffer(r, 4096);
    if (!path || !*path) continue;
    out.push_back(Request{*xid, *op, std::move(**path)});
  }
  return out;
}

}  // namespace lw::probes::zk
