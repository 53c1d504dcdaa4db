#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "probes/rsync/rsync_protocol.h"

namespace lw::probes::rsync {

// Reading files as a receiver with no basis file, protocol 29 (rsync's sender.c, rsync.c,
// io.c, token.c): for each file the receiver sends its index, item flags ITEM_TRANSFER and an
// empty checksum header (count 0), so the sender answers with the file whole as literal data:
// index, flags, checksum header, literal runs (a length <= 32 KiB, then that many bytes) ended
// by a 0 token, then the file's 16-byte MD4 checksum. Then three NDX_DONE (-1) end the phases,
// the sender answers each, sends its statistics and reads a fourth as the final goodbye.

// Caps (README.md): files read per module, bytes kept per file, bytes per module; a scan's
// sample budget (ProbeOptions) shared by the modules examined can lower the first and last.
constexpr std::size_t kMaxReadFiles = 64;
constexpr std::size_t kMaxFileBytes = 64 * 1024;
constexpr std::size_t kMaxModuleBytes = 256 * 1024;
constexpr std::size_t kChunkBytes = 32 * 1024;  // rsync's CHUNK_SIZE: the longest literal run
constexpr std::size_t kFileSumBytes = 16;       // MD4, the whole-file checksum of protocol 29

// rsync's name order for protocol >= 29 (flist.c f_name_cmp): names compared byte by byte
// as "dir/base", a directory with a trailing '/', except that where the two names part, an
// entry of that directory (a file) sorts before a subdirectory or anything in one, and the top
// directory "." before everything. <0, 0, >0.
int compare_names(std::string_view a, bool a_dir, std::string_view b, bool b_dir);

// The sender sorts its list after sending it and a file is asked for by its place in the
// sorted list (protocol 29: one list, indices from 0). order[k] = the position in `entries`
// of the entry with index k.
std::vector<std::size_t> wire_order(std::span<const FileEntry> entries);

// The receiver's requests for `indices` (in that order), then the four NDX_DONE.
std::string encode_requests(std::span<const std::int32_t> indices);
// The indices a request made by encode_requests asks for; parse_error otherwise.
Result<std::vector<std::int32_t>> decode_requests(std::string_view request);

struct FileData {
  std::int32_t index = 0;
  std::string data;                 // the first kMaxFileBytes bytes
  std::uint64_t literal_bytes = 0;  // literal bytes received for it
  bool complete = false;            // end token and checksum read
  bool cut = false;                 // over kMaxFileBytes: the rest was not read
};

struct Transfer {
  std::vector<FileData> files;  // in the order the sender sent them
  std::size_t done_markers = 0;
  bool ended = false;          // the third NDX_DONE and the sender's statistics were read
  bool cut = false;            // a file passed kMaxFileBytes: reading stops there
  std::optional<Error> error;  // the stream broke the protocol here; what came before is kept
};

// The sender's data (demultiplexed) after the file list and its io_error word, for `requested`
// (sent in that order). Bytes that run out mid-item give what was read so far; an index not
// asked for (or out of order), flags other than those sent, a checksum header with blocks, a
// block-match token, a literal run over kChunkBytes or a negative index other than NDX_DONE
// stop the parse with `error` (parse_error) set.
Transfer parse_transfer(std::string_view data, std::span<const std::int32_t> requested);

}  // namespace lw::probes::rsync
