#include "probes/imap/imap_response.h"
#include "core/ascii.h"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <optional>

namespace lw::probes::imap {
namespace {

// "{123}" or "{123+}" at the end of a line: the literal's length.
std::optional<std::uint64_t> literal_at_end(std::string_view line) {
  if (!line.ends_with('}')) return std::nullopt;
  const auto open = line.rfind('{');
  if (open == std::string_view::npos) return std::nullopt;
  std::string_view digits = line.substr(open + 1, line.size() - open - 2);
  if (digits.ends_with('+')) digits.remove_suffix(1);
  if (digits.empty() || digits.size() > 12) return std::nullopt;
  std::uint64_t n = 0;
  const auto [p, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), n);
  if (ec != std::errc{} || p != digits.data() + digits.size()) return std::nullopt;
  return n;
}

bool tag_char(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '.' || c == '-' || c == '_';
}

}  // namespace

std::string first_word(std::string_view line) {
  const auto sp = line.find(' ');
  return ascii_upper(line.substr(0, std::min<std::size_t>(sp, 64)));
}

Result<Parsed> parse(std::string_view bytes) {
  Parsed out;
  std::size_t pos = 0;
  while (pos < bytes.size()) {
    if (out.responses.size() >= kMaxResponses) {
      return fail(ErrorCode::too_large, "more than 10000 IMAP responses", "");
    }
    Response r;
    const std::size_t start = pos;
    bool complete = false;
    bool first = true;
    std::size_t line_bytes = 0;
    while (pos < bytes.size()) {
      const auto eol = bytes.find("\r\n", pos);
      if (eol == std::string_view::npos) {
        if (bytes.size() - pos > kMaxLineBytes) {
          return fail(ErrorCode::too_large, "IMAP line over 16 KiB",
                      "offset " + std::to_string(pos));
        }
        break;
      }
      std::string_view piece = bytes.substr(pos, eol - pos);
      line_bytes += piece.size();
      if (line_bytes > kMaxLineBytes) {
        return fail(ErrorCode::too_large, "IMAP line over 16 KiB", "offset " + std::to_string(pos));
      }
      if (first) {
        first = false;
        if (piece.starts_with("* ")) {
          r.kind = Response::Kind::untagged;
          piece.remove_prefix(2);
        } else if (piece == "+" || piece.starts_with("+ ")) {
          r.kind = Response::Kind::continuation;
          piece.remove_prefix(std::min<std::size_t>(2, piece.size()));
        } else {
          const auto sp = piece.find(' ');
          const std::string_view tag = piece.substr(0, sp);
          if (sp == std::string_view::npos || tag.empty() || tag.size() > 32 ||
              !std::all_of(tag.begin(), tag.end(), tag_char)) {
            return fail(ErrorCode::parse_error, "not an IMAP response line",
                        "offset " + std::to_string(pos));
          }
          r.kind = Response::Kind::tagged;
          r.tag = std::string(tag);
          piece.remove_prefix(sp + 1);
        }
      }
      r.line.append(piece);
      pos = eol + 2;
      const auto lit = literal_at_end(piece);
      if (!lit) {
        complete = true;
        break;
      }
      if (*lit > kMaxLiteralBytes) {
        return fail(ErrorCode::too_large, "IMAP literal over 1 MiB",
                    "offset " + std::to_string(pos));
      }
      if (bytes.size() - pos < *lit) break;  // the literal is not all here yet
      r.literals.emplace_back(bytes.substr(pos, static_cast<std::size_t>(*lit)));
      pos += static_cast<std::size_t>(*lit);
    }
    if (!complete) {
      out.partial = true;
      (void)start;
      break;
    }
    out.responses.push_back(std::move(r));
  }
  return out;
}

Framing frame(std::string_view request, std::string_view bytes) {
  auto parsed = parse(bytes);
  if (!parsed) return Framing::invalid;
  const auto& rs = parsed->responses;
  if (request.empty()) return rs.empty() ? Framing::need_more : Framing::complete;
  const auto sp = request.find(' ');
  const std::string_view tag = request.substr(0, sp);
  const bool tagged_request = sp != std::string_view::npos && tag.size() <= 32 && !tag.empty() &&
                              std::all_of(tag.begin(), tag.end(), tag_char) &&
                              request.find("\r\n") > sp;
  for (const auto& r : rs) {
    if (r.kind == Response::Kind::continuation) return Framing::complete;
    if (r.kind == Response::Kind::untagged && first_word(r.line) == "BYE") {
      return Framing::complete;
    }
    if (r.kind == Response::Kind::tagged && (r.tag == tag || !tagged_request)) {
      return Framing::complete;
    }
  }
  return Framing::need_more;
}

}  // namespace lw::probes::imap
