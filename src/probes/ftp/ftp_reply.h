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

// Parses the lines of a STAT <dir> reply; lines that are not ls -l entries are skipped, as are
// "." and "..". Names with control characters are refused.
std::vector<Entry> parse_listing(const std::vector<std::string>& lines);

}  // namespace lw::probes::ftp
