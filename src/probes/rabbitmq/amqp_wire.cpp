#include "probes/rabbitmq/amqp_wire.h"

#include "core/bytes.h"
#include "probes/common/byte_reader.h"

namespace lw::probes::amqp {
namespace {

Error err(ErrorCode code, std::string message, std::size_t at) {
  return Error{code, std::move(message), "amqp byte " + std::to_string(at)};
}

std::vector<std::string> split_words(std::string_view text, std::size_t max) {
  std::vector<std::string> out;
  std::size_t i = 0;
  while (i < text.size() && out.size() < max) {
    while (i < text.size() && text[i] == ' ') ++i;
    const std::size_t start = i;
    while (i < text.size() && text[i] != ' ') ++i;
    if (i > start) out.push_back(printable(text.substr(start, i - start), 64));
  }
  return out;
}

class TableParser {
 public:
  explicit TableParser(FlatTable& out) : out_(out) {}

  // The table's entries (the bytes after its u32 length), keys prefixed with `prefix`.
  Result<void> table(std::string_view bytes, const std::string& prefix, std::size_t depth) {
    if (depth > kMaxTableDepth) return tl::unexpected(err(ErrorCode::too_deep, "table nesting", 0));
    ByteReader r(bytes);
    while (!r.empty()) {
      const auto klen = r.u8();
      const auto key = klen ? r.bytes(*klen) : std::nullopt;
      if (!key) return tl::unexpected(err(ErrorCode::parse_error, "field name", r.pos()));
      if (++entries_ > kMaxTableEntries) {
        return tl::unexpected(err(ErrorCode::too_large, "too many table fields", r.pos()));
      }
      auto ok = value(r, prefix + printable(*key, 64), depth);
      if (!ok) return ok;
    }
    return {};
  }

 private:
  Result<void> value(ByteReader& r, const std::string& name, std::size_t depth) {
    const std::size_t at = r.pos();
    const auto type = r.u8();
    if (!type) return tl::unexpected(err(ErrorCode::parse_error, "field type", at));
    auto fixed = [&](std::size_t n) -> Result<void> {
      auto b = r.bytes(n);
      if (!b) return tl::unexpected(err(ErrorCode::parse_error, "short field value", at));
      std::uint64_t v = 0;
      for (const char c : *b) v = (v << 8) | static_cast<std::uint8_t>(c);
      out_.emplace_back(name, std::to_string(v));
      return {};
    };
    auto sized = [&]() -> Result<std::string_view> {
      const auto len = r.u32be();
      if (!len) return tl::unexpected(err(ErrorCode::parse_error, "field length", at));
      if (*len > r.remaining()) {
        return tl::unexpected(err(ErrorCode::parse_error, "field length past the frame", at));
      }
      return *r.bytes(*len);
    };
    switch (static_cast<char>(*type)) {
      case 't': {
        const auto b = r.u8();
        if (!b) return tl::unexpected(err(ErrorCode::parse_error, "short boolean", at));
        out_.emplace_back(name, *b != 0 ? "true" : "false");
        return {};
      }
      case 'b':
      case 'B':
        return fixed(1);
      case 's':
      case 'u':
        return fixed(2);
      case 'I':
      case 'i':
      case 'f':
        return fixed(4);
      case 'D':
        return fixed(5);
      case 'l':
      case 'd':
      case 'T':
        return fixed(8);
      case 'V':
        out_.emplace_back(name, "");
        return {};
      case 'S':
      case 'x': {
        auto s = sized();
        if (!s) return tl::unexpected(s.error());
        out_.emplace_back(name, printable(*s, kMaxValueBytes));
        return {};
      }
      case 'F': {
        auto s = sized();
        if (!s) return tl::unexpected(s.error());
        return table(*s, name + ".", depth + 1);
      }
      case 'A': {
        auto s = sized();
        if (!s) return tl::unexpected(s.error());
        if (depth + 1 > kMaxTableDepth) {
          return tl::unexpected(err(ErrorCode::too_deep, "array nesting", at));
        }
        FlatTable ignored;
        TableParser inner(ignored);
        inner.entries_ = entries_;
        ByteReader a(*s);
        std::size_t n = 0;
        while (!a.empty()) {
          if (++inner.entries_ > kMaxTableEntries) {
            return tl::unexpected(err(ErrorCode::too_large, "too many array items", at));
          }
          auto ok = inner.value(a, name, depth + 1);
          if (!ok) return ok;
          ++n;
        }
        entries_ = inner.entries_;
        out_.emplace_back(name, "[" + std::to_string(n) + " items]");
        return {};
      }
      default:
        return tl::unexpected(err(ErrorCode::parse_error, "unknown field type", at));
    }
  }

  FlatTable& out_;
  std::size_t entries_ = 0;
};

std::optional<std::string_view> short_str(ByteReader& r) {
  const auto n = r.u8();
  return n ? r.bytes(*n) : std::nullopt;
}

std::optional<std::string_view> long_str(ByteReader& r) {
  const auto n = r.u32be();
  if (!n || *n > r.remaining()) return std::nullopt;
  return r.bytes(*n);
}

void put_short_str(std::string& out, std::string_view s) {
  put_u8(out, static_cast<std::uint8_t>(s.size()));
  out.append(s);
}

void put_long_str(std::string& out, std::string_view s) {
  put_u32be(out, static_cast<std::uint32_t>(s.size()));
  out.append(s);
}

}  // namespace

Result<std::optional<Frame>> parse_frame(std::string_view in) {
  if (in.empty()) return std::optional<Frame>{};
  const auto type = static_cast<std::uint8_t>(in[0]);
  if (type != 1 && type != 2 && type != 3 && type != 8) {
    return tl::unexpected(err(ErrorCode::parse_error, "not an AMQP frame type", 0));
  }
  ByteReader r(in);
  r.skip(1);
  const auto channel = r.u16be();
  const auto size = r.u32be();
  if (!channel || !size) return std::optional<Frame>{};
  if (*size > kMaxFrameBytes) {
    return tl::unexpected(err(ErrorCode::too_large, "frame size " + std::to_string(*size), 3));
  }
  const auto payload = r.bytes(*size);
  const auto end = r.u8();
  if (!payload || !end) return std::optional<Frame>{};
  if (*end != kFrameEnd) {
    return tl::unexpected(err(ErrorCode::parse_error, "frame-end octet", r.pos() - 1));
  }
  return Frame{type, *channel, *payload, r.pos()};
}

std::optional<ProtocolHeader> parse_protocol_header(std::string_view in) {
  if (in.size() < 8 || in.substr(0, 4) != "AMQP") return std::nullopt;
  auto u = [&](std::size_t i) { return static_cast<std::uint8_t>(in[i]); };
  return ProtocolHeader{u(4), u(5), u(6), u(7)};
}

Result<FlatTable> parse_table(std::string_view table_bytes) {
  FlatTable out;
  TableParser p(out);
  auto ok = p.table(table_bytes, "", 0);
  if (!ok) return tl::unexpected(ok.error());
  return out;
}

Result<Method> parse_method(const Frame& frame) {
  if (frame.type != kFrameMethod) {
    return tl::unexpected(err(ErrorCode::parse_error, "not a method frame", 0));
  }
  ByteReader r(frame.payload);
  const auto cls = r.u16be();
  const auto method = r.u16be();
  if (!cls || !method) return tl::unexpected(err(ErrorCode::parse_error, "short method", 7));
  return Method{*cls, *method, r.rest()};
}

Result<ConnectionStart> parse_connection_start(std::string_view args) {
  ByteReader r(args);
  ConnectionStart s;
  const auto major = r.u8();
  const auto minor = r.u8();
  const auto props = long_str(r);
  if (!major || !minor || !props) {
    return tl::unexpected(err(ErrorCode::parse_error, "Connection.Start header", r.pos()));
  }
  s.version_major = *major;
  s.version_minor = *minor;
  auto table = parse_table(*props);
  if (!table) return tl::unexpected(table.error());
  s.server_properties = std::move(*table);
  const auto mechanisms = long_str(r);
  const auto locales = long_str(r);
  if (!mechanisms || !locales) {
    return tl::unexpected(err(ErrorCode::parse_error, "Connection.Start mechanisms", r.pos()));
  }
  s.mechanisms = split_words(*mechanisms, 32);
  s.locales = split_words(*locales, 32);
  return s;
}

Result<ConnectionClose> parse_connection_close(std::string_view args) {
  ByteReader r(args);
  const auto code = r.u16be();
  const auto text = short_str(r);
  const auto cls = r.u16be();
  const auto method = r.u16be();
  if (!code || !text || !cls || !method) {
    return tl::unexpected(err(ErrorCode::parse_error, "Connection.Close", r.pos()));
  }
  return ConnectionClose{*code, printable(*text, 256), *cls, *method};
}

std::string start_ok_plain(std::string_view user, std::string_view password) {
  // authentication_failure_close: a refused login gets Connection.Close (403 ACCESS_REFUSED)
  // instead of a silent close (https://www.rabbitmq.com/auth-notification.html).
  std::string caps;
  put_short_str(caps, "authentication_failure_close");
  caps += 't';
  put_u8(caps, 1);
  std::string props;
  put_short_str(props, "capabilities");
  props += 'F';
  put_long_str(props, caps);
  put_short_str(props, "product");
  props += 'S';
  put_long_str(props, "leakwatch");
  put_short_str(props, "information");
  props += 'S';
  put_long_str(props, "read-only exposure check (--default-credentials)");
  std::string response;
  response += '\0';
  response.append(user);
  response += '\0';
  response.append(password);
  std::string args;
  put_u16be(args, kClassConnection);
  put_u16be(args, kMethodStartOk);
  put_long_str(args, props);
  put_short_str(args, "PLAIN");
  put_long_str(args, response);
  put_short_str(args, "en_US");
  std::string frame;
  put_u8(frame, kFrameMethod);
  put_u16be(frame, 0);
  put_u32be(frame, static_cast<std::uint32_t>(args.size()));
  frame += args;
  put_u8(frame, kFrameEnd);
  return frame;
}

Framing frame_reply(std::string_view reply) {
  if (reply.empty()) return Framing::need_more;
  const std::string_view amqp = "AMQP";
  if (reply[0] == 'A') {
    const std::size_t n = reply.size() < 4 ? reply.size() : 4;
    if (reply.substr(0, n) != amqp.substr(0, n)) return Framing::invalid;
    return reply.size() >= 8 ? Framing::complete : Framing::need_more;
  }
  auto f = parse_frame(reply);
  if (!f) return Framing::invalid;
  return *f ? Framing::complete : Framing::need_more;
}

}  // namespace lw::probes::amqp
