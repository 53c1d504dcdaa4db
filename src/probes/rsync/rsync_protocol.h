#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"

namespace lw::probes::rsync {

// The rsync daemon protocol (rsync's clientserver.c, io.c and flist.c; protocol 29, the newest
// one without varint encodings, which every daemon from rsync 2.6.4 on still speaks).

struct Greeting {
  int major = 0;
  int minor = 0;
  std::string digests;  // "sha512 sha256 ..." (rsync 3.2+)
};
// "@RSYNCD: 32.0 sha512 sha256 sha1 md5 md4\n". parse_error when not a greeting.
Result<Greeting> parse_greeting(std::string_view line);

struct Module {
  std::string name;
  std::string comment;
};
struct ModuleList {
  std::vector<Module> modules;
  bool ended = false;  // "@RSYNCD: EXIT" seen
  std::string error;   // "@ERROR: ..." text, if any
  std::vector<std::string> motd;
};
constexpr std::size_t kMaxModules = 1000;
constexpr std::size_t kMaxLineBytes = 4096;
ModuleList parse_module_list(std::string_view bytes);

// The daemon's answer to a module name: "@RSYNCD: OK", "@RSYNCD: AUTHREQD <challenge>" or
// "@ERROR: <text>", possibly after MOTD lines.
enum class ModuleAnswer { need_more, ok, auth_required, error, invalid };
ModuleAnswer parse_module_answer(std::string_view bytes, std::string* error_text = nullptr);

// The multiplexed stream (io.c): 4-byte little-endian headers, message code = high byte - 7,
// length = low 24 bits. Code 0 (MSG_DATA) carries data; 1..4 and 8 carry error, info, warning
// and log text; 22 (MSG_IO_ERROR), 42 (MSG_NOOP) and 86 (MSG_ERROR_EXIT) are accepted and
// skipped. Any other code is an error: a sender of protocol 29 sends no other message.
struct Demuxed {
  std::string data;
  std::vector<std::string> errors;    // MSG_ERROR / MSG_ERROR_XFER texts, bounded
  std::vector<std::string> warnings;  // MSG_WARNING texts ("file has vanished"), bounded
  bool partial = false;               // a frame was cut off
};
constexpr std::size_t kMaxFrameBytes = 1 << 24;
Result<Demuxed> demux(std::string_view bytes);

struct FileEntry {
  std::string name;  // relative path inside the module
  std::uint64_t size = 0;
  std::uint32_t mode = 0;
  bool directory = false;
};
struct FileList {
  std::vector<FileEntry> entries;
  bool complete = false;       // the terminating zero flags byte was read
  std::size_t end_offset = 0;  // bytes of `data` the list took, terminator included (if complete)
};
constexpr std::size_t kMaxEntries = 10'000;
// The protocol-29 file list sent for "--server --sender -r" (no uid/gid/links/devices). Stops
// at kMaxEntries; parse_error on flags this request never produces (a different dialect).
Result<FileList> parse_file_list(std::string_view data);

}  // namespace lw::probes::rsync
