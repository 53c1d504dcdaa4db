#include "probes/common/numeric_reply.h"

#include <algorithm>
#include <optional>

namespace lw::probes::numeric_reply {
namespace {

bool digit(char c) {
  return c >= '0' && c <= '9';
}

std::optional<int> code_of(std::string_view line) {
  if (line.size() < 3 || !digit(line[0]) || !digit(line[1]) || !digit(line[2])) {
    return std::nullopt;
  }
  if (line.size() > 3 && line[3] != ' ' && line[3] != '-') return std::nullopt;
  if (line[0] < '1' || line[0] > '6') return std::nullopt;
  return (line[0] - '0') * 100 + (line[1] - '0') * 10 + (line[2] - '0');
}

struct Scan {
  std::vector<Reply> replies;
  bool partial = false;  // bytes after the last complete reply
};

// The one scanner frame() and parse() share.
Result<Scan> scan(std::string_view bytes) {
  Scan out;
  std::size_t pos = 0;
  std::size_t lines = 0;
  std::optional<Reply> open;  // a multi-line reply being read
  while (pos < bytes.size()) {
    const auto eol = bytes.find('\n', pos);
    if (eol == std::string_view::npos) {
      if (bytes.size() - pos > kMaxLineBytes) {
        return fail(ErrorCode::too_large, "reply line over 2 KiB", "offset " + std::to_string(pos));
      }
      if (!open && !code_of(bytes.substr(pos)) && bytes.size() - pos >= 4) {
        return fail(ErrorCode::parse_error, "not a three-digit reply line",
                    "offset " + std::to_string(pos));
      }
      out.partial = true;
      break;
    }
    std::string_view line = bytes.substr(pos, eol - pos);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (line.size() > kMaxLineBytes) {
      return fail(ErrorCode::too_large, "reply line over 2 KiB", "offset " + std::to_string(pos));
    }
    if (++lines > kMaxLines) {
      return fail(ErrorCode::too_large, "reply over 5000 lines", "");
    }
    pos = eol + 1;
    const auto code = code_of(line);
    if (open) {
      // Inside a multi-line reply: any text, until "ddd " with the opening code.
      if (code && *code == open->code && line.size() >= 4 && line[3] == ' ') {
        open->lines.emplace_back(line.substr(4));
        out.replies.push_back(std::move(*open));
        open.reset();
      } else {
        // RFC 959 lets continuation lines start with the code and '-'; strip it then.
        open->lines.emplace_back(code && *code == open->code
                                     ? line.substr(std::min<std::size_t>(4, line.size()))
                                     : line);
      }
      continue;
    }
    if (!code) {
      return fail(ErrorCode::parse_error, "not a three-digit reply line",
                  "offset " + std::to_string(pos - line.size() - 1));
    }
    Reply r;
    r.code = *code;
    const std::string_view text = line.size() > 4 ? line.substr(4) : std::string_view{};
    r.lines.emplace_back(text);
    if (line.size() > 3 && line[3] == '-') {
      open = std::move(r);
    } else {
      out.replies.push_back(std::move(r));
    }
  }
  if (open) out.partial = true;
  return out;
}

}  // namespace

Framing frame(std::string_view bytes) {
  auto s = scan(bytes);
  if (!s) return Framing::invalid;
  return s->replies.empty() ? Framing::need_more : Framing::complete;
}

Result<std::vector<Reply>> parse(std::string_view bytes) {
  auto s = scan(bytes);
  if (!s) return tl::unexpected(s.error());
  return std::move(s->replies);
}

}  // namespace lw::probes::numeric_reply
