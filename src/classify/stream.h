#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <span>
#include <string_view>
#include <vector>

#include "classify/classifier.h"
#include "core/result.h"

namespace lw::classify {

// Reads up to buffer.size() bytes; 0 at the end of the stream. An ErrorCode::timeout error ends
// the stream at the time budget (the bytes read so far are still scanned).
using ReadFn = std::function<Result<std::size_t>(std::span<char> buffer)>;

struct StreamOptions {
  std::size_t block_bytes = 8u << 20;
  // Bytes read at most. A longer stream is cut there and scanned as text; the report says so
  // (NoteKind::byte_cap). Endless inputs (/dev/zero, a FIFO) end here.
  std::uint64_t max_read = UINT64_MAX;
  // The whole stream's wall-clock budget, reading included (give the same one to fd_reader);
  // default: now + the classifier's Limits::max_millis. Past it the report ends with a
  // NoteKind::time_budget note and the findings so far.
  std::optional<std::chrono::steady_clock::time_point> deadline;
};

// Classifies a stream of any length in bounded memory and time. When the whole stream fits in
// the first block it is classified as a document (format sniffed); otherwise it is scanned as
// text block by block, each block overlapping the next so that values on a border are seen
// whole. Memory: about two blocks plus the findings (capped by Limits::max_findings).
// `bytes_read` reports the stream length (up to the cap).
Result<Report> inspect_stream(const Classifier& classifier, std::string_view source,
                              const ReadFn& read, const StreamOptions& options,
                              std::uint64_t* bytes_read = nullptr);

// The same without a read cap, findings only: an ErrorCode::timeout error when the time budget
// ran out.
Result<std::vector<Finding>> classify_stream(const Classifier& classifier, std::string_view source,
                                             const ReadFn& read, std::size_t block_bytes,
                                             std::uint64_t* bytes_read = nullptr);

// Reads a file descriptor, waiting for data (poll, at most a second at a time) only until
// `deadline`; past it, bytes already there are still read. A FIFO or terminal that never writes
// nor closes ends in an ErrorCode::timeout error instead of blocking forever. Works on blocking
// and O_NONBLOCK descriptors alike.
ReadFn fd_reader(int fd, std::chrono::steady_clock::time_point deadline);

}  // namespace lw::classify
