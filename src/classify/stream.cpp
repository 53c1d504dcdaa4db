#include "classify/stream.h"

#include <poll.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <cstring>
#include <memory>
#include <string>
#include <system_error>

#include "classify/dispatch.h"
#include "classify/engine.h"

namespace lw::classify {
namespace {

constexpr std::size_t kLookBack = 64;
constexpr std::size_t kOverlap = 4096;
// When reading ran out of time, the bytes already read (at most about a block) are still
// scanned, within this much more.
constexpr auto kLastScanGrace = std::chrono::seconds(1);

// A byte buffer that grows without zero-filling (std::string::resize would clear every block).
class Buffer {
 public:
  explicit Buffer(std::size_t capacity) : data_(new char[capacity]), capacity_(capacity) {}
  std::string_view view() const noexcept { return {data_.get(), size_}; }
  std::size_t size() const noexcept { return size_; }
  void drop_front(std::size_t n) noexcept {
    std::memmove(data_.get(), data_.get() + n, size_ - n);
    size_ -= n;
  }
  // Reads until `want` more bytes are in or the stream ends; false at the end of the stream.
  Result<bool> fill(const ReadFn& read, std::size_t want) {
    const auto target = std::min(capacity_, size_ + want);
    while (size_ < target) {
      auto n = read(std::span<char>(data_.get() + size_, target - size_));
      if (!n) return tl::unexpected(n.error());
      if (*n == 0) return false;
      size_ += *n;
    }
    return true;
  }

 private:
  std::unique_ptr<char[]> data_;
  std::size_t capacity_;
  std::size_t size_ = 0;
};

// The stream through its read cap: counts the bytes, ends the stream at the cap, and reads one
// byte past it to tell a cut stream from one that ended exactly there.
class CappedReader {
 public:
  CappedReader(const ReadFn& read, std::uint64_t cap) : read_(read), cap_(cap) {}

  Result<std::size_t> operator()(std::span<char> buffer) {
    if (total_ >= cap_) {
      if (!probed_) {
        probed_ = true;
        char extra = 0;
        auto n = read_(std::span<char>(&extra, 1));
        cut_ = !n || *n > 0;  // more bytes, or no answer in time: counted as cut
      }
      return std::size_t{0};
    }
    const auto room = cap_ - total_;
    if (buffer.size() > room) buffer = buffer.first(static_cast<std::size_t>(room));
    auto n = read_(buffer);
    if (n) total_ += *n;
    return n;
  }

  std::uint64_t total() const noexcept { return total_; }
  bool cut() const noexcept { return cut_; }

 private:
  const ReadFn& read_;
  std::uint64_t cap_;
  std::uint64_t total_ = 0;
  bool probed_ = false;
  bool cut_ = false;
};

// Errors name the stream.
tl::unexpected<Error> named(Error error, std::string_view source) {
  if (!source.empty() && error.where.rfind(source, 0) != 0) {
    error.where =
        error.where.empty() ? std::string(source) : std::string(source) + ": " + error.where;
  }
  return tl::unexpected(std::move(error));
}

}  // namespace

Result<Report> inspect_stream(const Classifier& classifier, std::string_view source,
                              const ReadFn& read, const StreamOptions& options,
                              std::uint64_t* bytes_read) {
  const auto& limits = classifier.limits();
  const auto deadline =
      options.deadline.value_or(Clock::now() + std::chrono::milliseconds(limits.max_millis));
  const std::size_t block = std::max<std::size_t>(options.block_bytes, 2 * kOverlap);
  CappedReader capped(read, options.max_read);
  const ReadFn in = std::ref(capped);
  bool read_timed_out = false;
  Buffer buf(block + kLookBack + kOverlap);
  // Reads until `want` more bytes are in; false at the end of the stream or of the time budget.
  const auto fill = [&](std::size_t want) -> Result<bool> {
    auto more = buf.fill(in, want);
    if (more || more.error().code != ErrorCode::timeout) return more;
    read_timed_out = true;
    return false;
  };
  auto more = fill(block + kOverlap);
  if (!more) return named(more.error(), source);
  if (!*more && !read_timed_out && !capped.cut() && buf.size() <= limits.max_bytes) {
    // The whole stream fits: classify it as a document, format and all.
    if (bytes_read) *bytes_read = buf.size();
    return inspect_document(classifier.engine(), limits, Document{source, "", buf.view()},
                            deadline);
  }
  FindingSink sink(limits.max_findings);
  std::uint64_t buf_start = 0;           // stream offset of buf[0]
  std::uint64_t own_start = 0;           // stream offset of the block this pass reports
  std::optional<std::uint64_t> stopped;  // time budget: not (surely) inspected from here on
  bool at_end = !*more;
  while (true) {
    ScanInput scan;
    scan.text = buf.view();
    scan.base_offset = buf_start;
    scan.report_from = static_cast<std::size_t>(own_start - buf_start);
    scan.report_until = at_end ? buf.size() + 1 : scan.report_from + block;
    scan.deadline = read_timed_out ? Clock::now() + kLastScanGrace : deadline;
    if (Clock::now() > scan.deadline) {
      stopped = own_start;
      break;
    }
    if (auto ok = classifier.engine().scan(scan, sink, limits); !ok) {
      return named(ok.error(), source);
    }
    if (Clock::now() > scan.deadline) {  // the engine stops silently at its deadline
      stopped = own_start;
      break;
    }
    if (sink.full() || at_end) break;
    // Keep the look-back and the overlap, then read the next block.
    const auto next_own = own_start + block;
    const auto keep_from = static_cast<std::size_t>(next_own - kLookBack - buf_start);
    buf.drop_front(keep_from);
    buf_start += keep_from;
    own_start = next_own;
    auto got = fill(block);
    if (!got) return named(got.error(), source);
    at_end = !*got;
    if (at_end && buf.size() <= static_cast<std::size_t>(own_start - buf_start)) break;
  }
  if (read_timed_out && !stopped) stopped = buf_start + buf.size();
  if (bytes_read) {
    // Drain the stream when the findings cap stopped early, so the length is right (within the
    // read cap and the time budget).
    std::array<char, 1 << 16> rest{};
    while (!at_end && !stopped && Clock::now() <= deadline) {
      auto n = in(rest);
      if (!n || *n == 0) break;
    }
    *bytes_read = capped.total();
  }
  Report report;
  if (sink.full()) report.notes.push_back(findings_cap_note(limits));
  report.findings = sink.take();
  if (capped.cut()) {
    report.notes.push_back(Note{NoteKind::byte_cap, "offset " + std::to_string(options.max_read),
                                "input cut, not read past here", options.max_read, "bytes"});
  }
  if (stopped) {
    report.notes.push_back(Note{NoteKind::time_budget, "offset " + std::to_string(*stopped),
                                "time budget reached, not inspected past here", limits.max_millis,
                                "ms"});
  }
  return report;
}

Result<std::vector<Finding>> classify_stream(const Classifier& classifier, std::string_view source,
                                             const ReadFn& read, std::size_t block_bytes,
                                             std::uint64_t* bytes_read) {
  StreamOptions options;
  options.block_bytes = block_bytes;
  auto report = inspect_stream(classifier, source, read, options, bytes_read);
  if (!report) return tl::unexpected(report.error());
  for (const auto& note : report->notes) {
    if (note.kind == NoteKind::time_budget) {
      return fail(ErrorCode::timeout, note.what, std::string(source) + ": " + note.where);
    }
  }
  return std::move(report->findings);
}

ReadFn fd_reader(int fd, Clock::time_point deadline) {
  return [fd, deadline](std::span<char> buffer) -> Result<std::size_t> {
    // Bounded: each pass waits at most a second and none waits past the deadline; past it, only
    // bytes already there are read (at most one more buffer: the stream then stops).
    while (true) {
      const auto now = Clock::now();
      const bool late = now >= deadline;
      const auto left =
          late ? 0
               : std::chrono::duration_cast<std::chrono::milliseconds>(deadline - now).count() + 1;
      pollfd p{fd, POLLIN, 0};
      const int ready = ::poll(&p, 1, static_cast<int>(std::min<long long>(left, 1000)));
      if (ready < 0 && errno != EINTR) {
        return fail(ErrorCode::io_error,
                    "poll: " + std::error_code(errno, std::generic_category()).message());
      }
      if (ready > 0) {
        const auto n = ::read(fd, buffer.data(), buffer.size());
        if (n >= 0) return static_cast<std::size_t>(n);
        if (errno != EINTR && errno != EAGAIN && errno != EWOULDBLOCK) {
          return fail(ErrorCode::io_error,
                      "read: " + std::error_code(errno, std::generic_category()).message());
        }
      }
      if (late) return fail(ErrorCode::timeout, "time budget reached while waiting for input");
    }
  };
}

}  // namespace lw::classify
