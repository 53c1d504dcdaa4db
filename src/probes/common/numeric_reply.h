#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/probe.h"
#include "core/result.h"

namespace lw::probes::numeric_reply {

// A reply of the three-digit line protocols (FTP, RFC 959 section 4.2; SMTP, RFC 5321 section
// 4.2): a code and its text lines. A multi-line reply starts "ddd-" and ends with a line
// "ddd " carrying the same code.
struct Reply {
  int code = 0;
  std::vector<std::string> lines;  // text after the code, one per line, bounded
};

constexpr std::size_t kMaxLines = 5000;
constexpr std::size_t kMaxLineBytes = 2048;

// Whether `bytes` holds at least one complete reply.
Framing frame(std::string_view bytes);

// Every complete reply in `bytes`. parse_error when a line is not a reply line (another
// protocol), too_large over the caps. Bytes after the last complete reply are ignored.
Result<std::vector<Reply>> parse(std::string_view bytes);

}  // namespace lw::probes::numeric_reply
