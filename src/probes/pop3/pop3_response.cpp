#include "probes/pop3/pop3_response.h"

#include <algorithm>
#include <cctype>

#include "core/bytes.h"

namespace lw::probes::pop3 {
namespace {

std::string upper_verb(std::string_view request) {
  const auto end = request.find_first_of(" \r\n");
  std::string v(request.substr(0, std::min<std::size_t>(end, 8)));
  std::transform(v.begin(), v.end(), v.begin(),
                 [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
  return v;
}

bool has_argument(std::string_view request) {
  const auto sp = request.find(' ');
  if (sp == std::string_view::npos) return false;
  const auto rest = request.substr(sp + 1);
  return !rest.empty() && rest.front() != '\r' && rest.front() != '\n';
}

enum class State { complete, need_more };

// Scans the reply; fills `out` when given, and `used` with the bytes of a complete reply.
Result<State> scan(std::string_view request, std::string_view bytes, Reply* out,
                   std::size_t* used = nullptr) {
  const auto eol = bytes.find("\r\n");
  if (eol == std::string_view::npos) {
    const bool prefix_ok = std::string_view("+OK").starts_with(bytes.substr(0, 3)) ||
                           std::string_view("-ERR").starts_with(bytes.substr(0, 4)) ||
                           bytes.starts_with("+ ") || bytes == "+";
    if (!prefix_ok) return fail(ErrorCode::parse_error, "not a POP3 reply", "offset 0");
    if (bytes.size() > kMaxLineBytes) {
      return fail(ErrorCode::too_large, "POP3 status line over 8 KiB", "offset 0");
    }
    return State::need_more;
  }
  const std::string_view first = bytes.substr(0, eol);
  Reply r;
  if (first.starts_with("+OK") && (first.size() == 3 || first[3] == ' ')) {
    r.status = Reply::Status::ok;
    r.text = std::string(first.substr(std::min<std::size_t>(4, first.size())));
  } else if (first.starts_with("-ERR") && (first.size() == 4 || first[4] == ' ')) {
    r.status = Reply::Status::err;
    r.text = std::string(first.substr(std::min<std::size_t>(5, first.size())));
  } else if (first == "+" || first.starts_with("+ ")) {
    r.status = Reply::Status::continuation;
    r.text = std::string(first.substr(std::min<std::size_t>(2, first.size())));
  } else {
    return fail(ErrorCode::parse_error, "not a POP3 reply", "offset 0");
  }
  if (first.size() > kMaxLineBytes) {
    return fail(ErrorCode::too_large, "POP3 status line over 8 KiB", "offset 0");
  }
  if (r.status != Reply::Status::ok || !multi_line(request)) {
    if (out) *out = std::move(r);
    if (used) *used = eol + 2;
    return State::complete;
  }
  std::size_t pos = eol + 2;
  while (true) {
    const auto next = bytes.find("\r\n", pos);
    if (next == std::string_view::npos) {
      if (bytes.size() - pos > kMaxLineBytes) {
        return fail(ErrorCode::too_large, "POP3 line over 8 KiB", "offset " + std::to_string(pos));
      }
      return State::need_more;
    }
    std::string_view line = bytes.substr(pos, next - pos);
    if (line.size() > kMaxLineBytes) {
      return fail(ErrorCode::too_large, "POP3 line over 8 KiB", "offset " + std::to_string(pos));
    }
    pos = next + 2;
    if (line == ".") break;
    if (r.lines.size() >= kMaxLines) {
      return fail(ErrorCode::too_large, "POP3 reply over 20000 lines", "");
    }
    if (line.starts_with("..")) line.remove_prefix(1);  // dot-unstuffing
    if (out)
      r.lines.emplace_back(line);
    else
      r.lines.emplace_back();
  }
  if (out) *out = std::move(r);
  if (used) *used = pos;
  return State::complete;
}

// The commands of a pipelined request, at most kMaxPipelined.
std::vector<std::string_view> commands(std::string_view request) {
  std::vector<std::string_view> out;
  std::size_t pos = 0;
  while (pos < request.size() && out.size() < kMaxPipelined) {
    const auto eol = request.find("\r\n", pos);
    const auto end = eol == std::string_view::npos ? request.size() : eol;
    out.push_back(request.substr(pos, end - pos));
    pos = end + 2;
  }
  return out;
}

// Scans the replies to each command of a pipelined request in turn.
Result<State> scan_all(std::string_view request, std::string_view bytes, std::vector<Reply>* out) {
  std::size_t off = 0;
  for (const auto cmd : commands(request)) {
    Reply r;
    std::size_t used = 0;
    auto s = scan(cmd, bytes.substr(off), out ? &r : nullptr, &used);
    if (!s) {
      return fail(s.error().code, s.error().message,
                  "reply to " + printable(cmd, 32) + " at offset " + std::to_string(off));
    }
    if (*s == State::need_more) return State::need_more;
    off += used;
    if (out) out->push_back(std::move(r));
  }
  return State::complete;
}

}  // namespace

bool multi_line(std::string_view request) {
  const std::string v = upper_verb(request);
  if (v == "CAPA" || v == "TOP" || v == "RETR") return true;
  if (v == "LIST" || v == "UIDL") return !has_argument(request);
  return false;
}

Framing frame(std::string_view request, std::string_view bytes) {
  auto s = scan(request, bytes, nullptr);
  if (!s) return Framing::invalid;
  return *s == State::complete ? Framing::complete : Framing::need_more;
}

Framing frame_pipelined(std::string_view request, std::string_view bytes) {
  auto s = scan_all(request, bytes, nullptr);
  if (!s) return Framing::invalid;
  return *s == State::complete ? Framing::complete : Framing::need_more;
}

Result<std::vector<Reply>> parse_pipelined(std::string_view request, std::string_view bytes) {
  std::vector<Reply> out;
  auto s = scan_all(request, bytes, &out);
  if (!s) return tl::unexpected(s.error());
  return out;  // when cut short: the replies that arrived whole
}

Result<Reply> parse(std::string_view request, std::string_view bytes) {
  Reply r;
  auto s = scan(request, bytes, &r);
  if (!s) return tl::unexpected(s.error());
  if (*s != State::complete) {
    return fail(ErrorCode::parse_error, "POP3 reply cut off",
                "offset " + std::to_string(bytes.size()));
  }
  return r;
}

}  // namespace lw::probes::pop3
