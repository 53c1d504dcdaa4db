#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/probe.h"
#include "core/result.h"

namespace lw::probes::imap {

// One IMAP server response (RFC 9051 section 7): untagged ("* ..."), a continuation ("+ ...")
// or tagged ("a3 OK ..."). Literals ({n}\r\n followed by n bytes) are cut out of the line and
// kept apart; the line keeps a "{n}" placeholder.
struct Response {
  enum class Kind { untagged, continuation, tagged };
  Kind kind = Kind::untagged;
  std::string tag;                    // tagged only
  std::string line;                   // after "* " / "+ " / "tag ", literals as {n}
  std::vector<std::string> literals;  // each literal's bytes, in order
};

constexpr std::size_t kMaxResponses = 10'000;
constexpr std::size_t kMaxLineBytes = 16 * 1024;
constexpr std::size_t kMaxLiteralBytes = 1024 * 1024;

// Every complete response in `bytes`; a partial one at the end is left out and flagged.
struct Parsed {
  std::vector<Response> responses;
  bool partial = false;
};
// parse_error when a line is not an IMAP response (another protocol), too_large over the caps
// (a literal longer than kMaxLiteralBytes is refused before anything is copied).
Result<Parsed> parse(std::string_view bytes);

// Whether the reply to a request is whole: the banner's first line; a tagged response with the
// request's tag; a continuation request; or a BYE.
Framing frame(std::string_view request, std::string_view bytes);

// The first word of a line, upper-cased ("OK", "PREAUTH", "CAPABILITY", "3" for "* 3 EXISTS").
std::string first_word(std::string_view line);

}  // namespace lw::probes::imap
