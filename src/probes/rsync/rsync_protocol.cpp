#include "probes/rsync/rsync_protocol.h"

#include <charconv>

namespace lw::probes::rsync {
namespace {

constexpr std::uint32_t kXmitTopDir = 0x01;
constexpr std::uint32_t kXmitSameMode = 0x02;
constexpr std::uint32_t kXmitExtendedFlags = 0x04;
constexpr std::uint32_t kXmitSameUid = 0x08;
constexpr std::uint32_t kXmitSameGid = 0x10;
constexpr std::uint32_t kXmitSameName = 0x20;
constexpr std::uint32_t kXmitLongName = 0x40;
constexpr std::uint32_t kXmitSameTime = 0x80;
constexpr std::uint32_t kKnownFlags = kXmitTopDir | kXmitSameMode | kXmitExtendedFlags |
                                      kXmitSameUid | kXmitSameGid | kXmitSameName | kXmitLongName |
                                      kXmitSameTime;
constexpr std::size_t kMaxNameBytes = 4096;

// Multiplexed message codes (rsync.h, enum msgcode).
constexpr std::uint32_t kMsgErrorXfer = 1;
constexpr std::uint32_t kMsgError = 3;
constexpr std::uint32_t kMsgWarning = 4;

bool known_message(std::uint32_t code) {
  switch (code) {
    case 0:   // MSG_DATA
    case 1:   // MSG_ERROR_XFER
    case 2:   // MSG_INFO
    case 3:   // MSG_ERROR
    case 4:   // MSG_WARNING
    case 8:   // MSG_ERROR_UTF8
    case 22:  // MSG_IO_ERROR
    case 42:  // MSG_NOOP
    case 86:  // MSG_ERROR_EXIT
      return true;
    default:
      return false;
  }
}

// Calls fn(line) for each whole '\n'-terminated line; returns the bytes consumed.
template <class Fn>
void for_lines(std::string_view bytes, Fn fn) {
  std::size_t pos = 0;
  std::size_t guard = 0;
  while (pos < bytes.size() && guard++ < 100'000) {
    const auto eol = bytes.find('\n', pos);
    if (eol == std::string_view::npos) break;
    std::string_view line = bytes.substr(pos, std::min(eol - pos, kMaxLineBytes));
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    pos = eol + 1;
    if (!fn(line)) break;
  }
}

struct Reader {
  std::string_view in;
  std::size_t pos = 0;
  bool take(std::size_t n, std::string_view& out) {
    if (in.size() - pos < n) return false;
    out = in.substr(pos, n);
    pos += n;
    return true;
  }
  bool u8(std::uint32_t& v) {
    std::string_view b;
    if (!take(1, b)) return false;
    v = static_cast<unsigned char>(b[0]);
    return true;
  }
  bool i32(std::uint32_t& v) {
    std::string_view b;
    if (!take(4, b)) return false;
    v = 0;
    for (int i = 3; i >= 0; --i) {
      v = (v << 8) | static_cast<unsigned char>(b[static_cast<std::size_t>(i)]);
    }
    return true;
  }
  bool i64(std::uint64_t& v) {
    std::string_view b;
    if (!take(8, b)) return false;
    v = 0;
    for (int i = 7; i >= 0; --i) {
      v = (v << 8) | static_cast<unsigned char>(b[static_cast<std::size_t>(i)]);
    }
    return true;
  }
};

}  // namespace

Result<Greeting> parse_greeting(std::string_view line) {
  if (!line.starts_with("@RSYNCD: ")) {
    return fail(ErrorCode::parse_error, "not an rsync daemon greeting", "offset 0");
  }
  if (const auto eol = line.find('\n'); eol != std::string_view::npos) line = line.substr(0, eol);
  line.remove_prefix(9);
  Greeting g;
  const auto dot = line.find('.');
  const auto sp = line.find(' ');
  const std::string_view major = line.substr(0, std::min(dot, sp));
  const auto [p, ec] = std::from_chars(major.data(), major.data() + major.size(), g.major);
  if (ec != std::errc{} || p != major.data() + major.size() || g.major < 20 || g.major > 99) {
    return fail(ErrorCode::parse_error, "bad rsync protocol version", "offset 9");
  }
  if (dot != std::string_view::npos && dot < sp) {
    const std::string_view minor =
        line.substr(dot + 1, sp == std::string_view::npos ? sp : sp - dot - 1);
    (void)std::from_chars(minor.data(), minor.data() + minor.size(), g.minor);
  }
  if (sp != std::string_view::npos) g.digests = std::string(line.substr(sp + 1, 128));
  return g;
}

ModuleList parse_module_list(std::string_view bytes) {
  ModuleList out;
  for_lines(bytes, [&](std::string_view line) {
    if (line.starts_with("@RSYNCD: EXIT")) {
      out.ended = true;
      return false;
    }
    if (line.starts_with("@ERROR")) {
      out.error = std::string(line.substr(0, 256));
      out.ended = true;
      return false;
    }
    if (line.starts_with("@RSYNCD:")) return true;
    const auto tab = line.find('\t');
    if (tab == std::string_view::npos) {
      if (out.motd.size() < 20) out.motd.emplace_back(line.substr(0, 256));
      return true;
    }
    if (out.modules.size() >= kMaxModules) return true;
    std::string_view name = line.substr(0, tab);
    while (!name.empty() && name.back() == ' ') name.remove_suffix(1);
    if (name.empty()) return true;
    out.modules.push_back(
        {std::string(name.substr(0, 256)), std::string(line.substr(tab + 1, 256))});
    return true;
  });
  return out;
}

ModuleAnswer parse_module_answer(std::string_view bytes, std::string* error_text) {
  ModuleAnswer answer = ModuleAnswer::need_more;
  std::size_t lines = 0;
  for_lines(bytes, [&](std::string_view line) {
    ++lines;
    if (line.starts_with("@RSYNCD: OK")) {
      answer = ModuleAnswer::ok;
    } else if (line.starts_with("@RSYNCD: AUTHREQD")) {
      answer = ModuleAnswer::auth_required;
    } else if (line.starts_with("@ERROR")) {
      answer = ModuleAnswer::error;
      if (error_text) *error_text = std::string(line.substr(0, 256));
    } else if (line.starts_with("@RSYNCD: EXIT")) {
      answer = ModuleAnswer::error;
    } else {
      return lines < 200;  // MOTD
    }
    return false;
  });
  if (answer == ModuleAnswer::need_more && (lines >= 200 || bytes.size() > 64 * 1024)) {
    return ModuleAnswer::invalid;
  }
  return answer;
}

Result<Demuxed> demux(std::string_view bytes) {
  Demuxed out;
  Reader r{bytes};
  std::size_t frames = 0;
  while (r.pos < bytes.size()) {
    if (++frames > 100'000) return fail(ErrorCode::too_large, "too many rsync frames", "");
    std::uint32_t head = 0;
    if (!r.i32(head)) {
      out.partial = true;
      break;
    }
    const std::uint32_t tag = (head >> 24);
    const std::size_t len = head & 0xFFFFFF;
    if (tag < 7) {
      return fail(ErrorCode::parse_error, "not a multiplexed rsync frame",
                  "offset " + std::to_string(r.pos - 4));
    }
    if (!known_message(tag - 7)) {
      return fail(ErrorCode::parse_error,
                  "unknown rsync multiplex message " + std::to_string(tag - 7),
                  "offset " + std::to_string(r.pos - 4));
    }
    std::string_view payload;
    if (!r.take(len, payload)) {
      out.partial = true;
      out.data.append(tag == 7 ? bytes.substr(r.pos) : std::string_view{});
      break;
    }
    if (tag == 7) {
      out.data.append(payload);
    } else if ((tag - 7 == kMsgErrorXfer || tag - 7 == kMsgError) && out.errors.size() < 20) {
      out.errors.emplace_back(payload.substr(0, 256));
    } else if (tag - 7 == kMsgWarning && out.warnings.size() < 20) {
      out.warnings.emplace_back(payload.substr(0, 256));
    }
  }
  return out;
}

Result<FileList> parse_file_list(std::string_view data) {
  FileList out;
  Reader r{data};
  std::string last_name;
  std::uint32_t mode = 0;
  while (true) {
    std::uint32_t flags = 0;
    if (!r.u8(flags)) return out;  // cut off: what was read so far
    if (flags == 0) {
      out.complete = true;
      out.end_offset = r.pos;
      return out;
    }
    if ((flags & kXmitExtendedFlags) != 0) {
      std::uint32_t high = 0;
      if (!r.u8(high)) return out;
      if (high != 0) {
        return fail(ErrorCode::unsupported,
                    "rsync file list uses flags this request never asks for",
                    "offset " + std::to_string(r.pos));
      }
    }
    if ((flags & ~kKnownFlags) != 0) {
      return fail(ErrorCode::parse_error, "unknown rsync file-list flags",
                  "offset " + std::to_string(r.pos));
    }
    std::uint32_t l1 = 0;
    if ((flags & kXmitSameName) != 0 && !r.u8(l1)) return out;
    std::uint32_t l2 = 0;
    if ((flags & kXmitLongName) != 0) {
      if (!r.i32(l2)) return out;
    } else if (!r.u8(l2)) {
      return out;
    }
    if (l1 > last_name.size() || l2 > kMaxNameBytes) {
      return fail(ErrorCode::parse_error, "rsync file name length out of range",
                  "offset " + std::to_string(r.pos));
    }
    std::string_view suffix;
    if (!r.take(l2, suffix)) return out;
    std::string name = last_name.substr(0, l1);
    name.append(suffix);
    std::uint32_t size32 = 0;
    if (!r.i32(size32)) return out;
    std::uint64_t size = size32;
    if (size32 == 0xFFFFFFFFu && !r.i64(size)) return out;  // read_longint's 64-bit form
    std::uint32_t mtime = 0;
    if ((flags & kXmitSameTime) == 0 && !r.i32(mtime)) return out;
    if ((flags & kXmitSameMode) == 0 && !r.i32(mode)) return out;
    if (out.entries.size() >= kMaxEntries) return out;
    FileEntry e;
    e.name = name;
    e.size = size;
    e.mode = mode;
    e.directory = (mode & 0170000) == 0040000;
    out.entries.push_back(std::move(e));
    last_name = std::move(name);
  }
}

}  // namespace lw::probes::rsync
