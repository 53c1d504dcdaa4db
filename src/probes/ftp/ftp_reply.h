#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/probe.h"
#include "core/result.h"
#include "probes/common/numeric_reply.h"

namespace lw::probes::ftp {

// FTP replies are the three-digit line replies of common/numeric_reply.h.
using Reply = numeric_reply::Reply;
inline Framing frame(std::string_view bytes) {
  return numeric_reply::frame(bytes);
}
inline Result<std::vector<Reply>> parse(std::string_view bytes) {
  return numeric_reply::parse(bytes);
}

// One entry of a Unix "ls -l" listing line, as vsftpd, ProFTPD and Pure-FTPd write them.
struct Entry {
  bool directory = false;
  bool link = false;
  std::uint64_t size = 0;
  std::string name;
};

// The port of a passive-mode reply; 0 when the reply does not name one. Only the port is ever
// taken: the engine connects to the service's own address (core/probe.h DataChannel), never to
// an address a server names (the FTP bounce attack).
//   EPSV (RFC 2428): "229 Entering Extended Passive Mode (|||40123|)", any delimiter in 33..126.
//   PASV (RFC 959):  "227 Entering Passive Mode (h1,h2,h3,h4,p1,p2)": p1 * 256 + p2; the
//                    address h1..h4 is read past and ignored.
std::uint16_t epsv_port(const Reply& reply);
std::uint16_t pasv_port(const Reply& reply);

// A reply to a transfer command is final at its first code that is not a 1xx preliminary one
// ("150 Opening ... data connection" comes before "226 Transfer complete"): need_more until then.
Framing frame_transfer(std::string_view bytes);

// Parses the lines of a STAT <dir> reply; lines that are not ls -l entries are skipped, as are
// "." and "..". Names with control characters are refused.
std::vector<Entry> parse_listing(const std::vector<std::string>& lines);

}  // namespace lw::probes::ftp
