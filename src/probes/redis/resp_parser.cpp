#include "probes/redis/resp_parser.h"

#include <algorithm>
#include <charconv>
#include <limits>
#include <optional>

namespace lw::probes::resp {
namespace {

// One parse over a buffer. `out` null = skip (framing).
class Reader {
 public:
  Reader(std::string_view in, const Limits& limits) : in_(in), limits_(limits) {}

  // true = a whole value was read; false = need more bytes. Errors in err_.
  Result<bool> value(Value* out, std::size_t depth);
  std::size_t pos() const noexcept { return pos_; }

 private:
  // The line starting at pos_ (without CRLF); nullopt when no CRLF yet.
  Result<std::optional<std::string_view>> line();
  Result<std::optional<std::int64_t>> number_line();
  Result<bool> aggregate(Type type, Value* out, std::size_t depth, bool pairs);
  Result<bool> bulk(Type type, Value* out);

  std::string_view in_;
  const Limits& limits_;
  std::size_t pos_ = 0;
  std::size_t total_elements_ = 0;
};

tl::unexpected<Error> bad(std::string message, std::size_t offset) {
  return fail(ErrorCode::parse_error, std::move(message), "RESP offset " + std::to_string(offset));
}

Result<std::int64_t> to_int(std::string_view s, std::size_t offset) {
  std::int64_t v = 0;
  if (s.empty() || s.size() > 20) return bad("bad integer", offset);
  const char* first = s.data();
  if (*first == '+') ++first;  // RESP allows an explicit sign
  const auto [ptr, ec] = std::from_chars(first, s.data() + s.size(), v);
  if (ec != std::errc{} || ptr != s.data() + s.size()) return bad("bad integer", offset);
  return v;
}

Result<std::optional<std::string_view>> Reader::line() {
  const std::size_t start = pos_;
  const std::size_t window = std::min(in_.size() - start, limits_.max_line + 2);
  const std::string_view view = in_.substr(start, window);
  const std::size_t cr = view.find("\r\n");
  if (cr == std::string_view::npos) {
    if (window >= limits_.max_line + 2) {
      return fail(ErrorCode::too_large, "line over cap", "RESP offset " + std::to_string(start));
    }
    // A lone CR followed by something other than LF is malformed.
    const std::size_t lone = view.find('\r');
    if (lone != std::string_view::npos && lone + 1 < view.size()) {
      return bad("CR without LF", start + lone);
    }
    return std::optional<std::string_view>{};
  }
  pos_ = start + cr + 2;
  return std::optional<std::string_view>{view.substr(0, cr)};
}

Result<std::optional<std::int64_t>> Reader::number_line() {
  const std::size_t start = pos_;
  auto l = line();
  if (!l) return tl::unexpected(l.error());
  if (!*l) return std::optional<std::int64_t>{};
  auto n = to_int(**l, start);
  if (!n) return tl::unexpected(n.error());
  return std::optional<std::int64_t>{*n};
}

Result<bool> Reader::bulk(Type type, Value* out) {
  const std::size_t start = pos_;
  auto n = number_line();
  if (!n) return tl::unexpected(n.error());
  if (!*n) return false;
  if (**n == -1 && type == Type::bulk_string) {
    if (out) out->type = Type::null;
    return true;
  }
  if (**n < 0) return bad("negative length", start);
  const auto len = static_cast<std::uint64_t>(**n);
  if (len > limits_.max_bulk) {
    return fail(ErrorCode::too_large, "bulk length " + std::to_string(len) + " over cap",
                "RESP offset " + std::to_string(start));
  }
  const std::size_t size = static_cast<std::size_t>(len);
  if (in_.size() - pos_ < size + 2) return false;
  if (in_.substr(pos_ + size, 2) != "\r\n") return bad("bulk not followed by CRLF", pos_ + size);
  if (type == Type::verbatim && (size < 4 || in_[pos_ + 3] != ':')) {
    return bad("verbatim string without format", pos_);
  }
  if (out) {
    out->type = type;
    out->str.assign(in_.substr(pos_, size));
  }
  pos_ += size + 2;
  return true;
}

Result<bool> Reader::aggregate(Type type, Value* out, std::size_t depth, bool pairs) {
  const std::size_t start = pos_;
  auto n = number_line();
  if (!n) return tl::unexpected(n.error());
  if (!*n) return false;
  if (**n == -1 && type == Type::array) {
    if (out) out->type = Type::null;
    return true;
  }
  if (**n < 0) return bad("negative count", start);
  std::uint64_t count = static_cast<std::uint64_t>(**n);
  if (pairs) {
    if (count > limits_.max_elements / 2) {
      return fail(ErrorCode::too_large, "map size over cap",
                  "RESP offset " + std::to_string(start));
    }
    count *= 2;
  }
  if (count > limits_.max_elements || count > limits_.max_total_elements - total_elements_) {
    return fail(ErrorCode::too_large, "element count " + std::to_string(count) + " over cap",
                "RESP offset " + std::to_string(start));
  }
  total_elements_ += static_cast<std::size_t>(count);
  if (depth + 1 > limits_.max_depth) {
    return fail(ErrorCode::too_deep, "nesting over cap", "RESP offset " + std::to_string(start));
  }
  if (out) {
    out->type = type;
    out->items.reserve(static_cast<std::size_t>(std::min<std::uint64_t>(count, 64)));
  }
  for (std::uint64_t i = 0; i < count; ++i) {
    Value item;
    auto r = value(out ? &item : nullptr, depth + 1);
    if (!r) return r;
    if (!*r) return false;
    if (out) out->items.push_back(std::move(item));
  }
  return true;
}

Result<bool> Reader::value(Value* out, std::size_t depth) {
  if (depth > limits_.max_depth) {
    return fail(ErrorCode::too_deep, "nesting over cap", "RESP offset " + std::to_string(pos_));
  }
  if (pos_ >= in_.size()) return false;
  const std::size_t start = pos_;
  const char marker = in_[pos_++];
  switch (marker) {
    case '+':
    case '-':
    case ',':
    case '(': {
      auto l = line();
      if (!l) return tl::unexpected(l.error());
      if (!*l) return false;
      if (out) {
        out->type = marker == '+'   ? Type::simple_string
                    : marker == '-' ? Type::error
                    : marker == ',' ? Type::double_value
                                    : Type::big_number;
        out->str.assign(**l);
      }
      return true;
    }
    case ':': {
      auto n = number_line();
      if (!n) return tl::unexpected(n.error());
      if (!*n) return false;
      if (out) {
        out->type = Type::integer;
        out->integer = **n;
      }
      return true;
    }
    case '_': {
      auto l = line();
      if (!l) return tl::unexpected(l.error());
      if (!*l) return false;
      if (!(*l)->empty()) return bad("null with payload", start);
      if (out) out->type = Type::null;
      return true;
    }
    case '#': {
      auto l = line();
      if (!l) return tl::unexpected(l.error());
      if (!*l) return false;
      if (**l != "t" && **l != "f") return bad("bad boolean", start);
      if (out) {
        out->type = Type::boolean;
        out->integer = **l == "t" ? 1 : 0;
      }
      return true;
    }
    case '$':
      if (in_.substr(pos_, 1) == "?") {
        return fail(ErrorCode::unsupported, "streamed string",
                    "RESP offset " + std::to_string(start));
      }
      return bulk(Type::bulk_string, out);
    case '!':
      return bulk(Type::bulk_error, out);
    case '=':
      return bulk(Type::verbatim, out);
    case '*':
      return aggregate(Type::array, out, depth, false);
    case '~':
      return aggregate(Type::set, out, depth, false);
    case '>':
      return aggregate(Type::push, out, depth, false);
    case '%':
      return aggregate(Type::map, out, depth, true);
    case '|': {
      // An attribute map precedes the value it annotates: read it, keep the value.
      auto attr = aggregate(Type::map, nullptr, depth, true);
      if (!attr || !*attr) return attr;
      return value(out, depth + 1);
    }
    default:
      return bad("not a RESP type byte", start);
  }
}

Result<Parsed> run(std::string_view in, const Limits& limits, bool build) {
  Reader reader(in, limits);
  Parsed parsed;
  auto r = reader.value(build ? &parsed.value : nullptr, 0);
  if (!r) return tl::unexpected(r.error());
  if (*r) {
    parsed.status = Status::complete;
    parsed.consumed = reader.pos();
  } else {
    parsed = Parsed{};
  }
  return parsed;
}

}  // namespace

std::string_view Value::text() const noexcept {
  if (type == Type::verbatim && str.size() >= 4) return std::string_view(str).substr(4);
  return str;
}

Result<Parsed> parse_one(std::string_view in, const Limits& limits) {
  return run(in, limits, true);
}

Result<Parsed> skip_one(std::string_view in, const Limits& limits) {
  return run(in, limits, false);
}

Result<Sequence> parse_sequence(std::string_view in, std::size_t max_values, const Limits& limits) {
  Sequence seq;
  while (seq.values.size() < max_values && seq.consumed < in.size()) {
    auto p = parse_one(in.substr(seq.consumed), limits);
    if (!p) {
      Error e = p.error();
      e.where += " (value " + std::to_string(seq.values.size()) + ")";
      return tl::unexpected(std::move(e));
    }
    if (p->status == Status::need_more) break;
    seq.consumed += p->consumed;
    seq.values.push_back(std::move(p->value));
  }
  seq.truncated = seq.consumed < in.size();
  return seq;
}

Result<std::size_t> count_values(std::string_view in, std::size_t max_values,
                                 const Limits& limits) {
  std::size_t count = 0;
  std::size_t offset = 0;
  while (count < max_values && offset < in.size()) {
    auto p = skip_one(in.substr(offset), limits);
    if (!p) return tl::unexpected(p.error());
    if (p->status == Status::need_more) break;
    offset += p->consumed;
    ++count;
  }
  return count;
}

std::string command(const std::vector<std::string_view>& args) {
  std::string out = "*" + std::to_string(args.size()) + "\r\n";
  for (const auto a : args) {
    out += "$" + std::to_string(a.size()) + "\r\n";
    out.append(a);
    out += "\r\n";
  }
  return out;
}

}  // namespace lw::probes::resp
