#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/probe.h"
#include "core/result.h"

namespace lw::probes::pop3 {

// One POP3 reply (RFC 1939): "+OK ..." / "-ERR ..." (RFC 2449 extended codes kept in the text)
// or a SASL continuation "+ ..." (RFC 5034). A multi-line reply's lines are dot-unstuffed.
struct Reply {
  enum class Status { ok, err, continuation };
  Status status = Status::err;
  std::string text;                // the first line after the status word
  std::vector<std::string> lines;  // multi-line body, without the terminating "."
};

constexpr std::size_t kMaxLines = 20'000;
constexpr std::size_t kMaxLineBytes = 8 * 1024;

// Whether the request's +OK reply is multi-line: CAPA, LIST and UIDL without an argument, TOP,
// RETR.
bool multi_line(std::string_view request);

// Whether `bytes` holds the whole reply to `request` (empty request = the greeting).
Framing frame(std::string_view request, std::string_view bytes);

// Pipelined requests (RFC 2449 PIPELINING): `request` holds up to kMaxPipelined commands, one
// per CRLF-ended line, and the replies follow one another. complete when every command's reply
// is whole; parse_pipelined returns the whole replies in order (fewer than the commands when
// the bytes end early), an Error when one is not POP3 or over a cap.
constexpr std::size_t kMaxPipelined = 1'000;
Framing frame_pipelined(std::string_view request, std::string_view bytes);
Result<std::vector<Reply>> parse_pipelined(std::string_view request, std::string_view bytes);

// The reply to `request`. parse_error when the bytes are not POP3 (or the reply is cut off),
// too_large over the caps.
Result<Reply> parse(std::string_view request, std::string_view bytes);

}  // namespace lw::probes::pop3
