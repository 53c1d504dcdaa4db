#include "classify/stream.h"

#include <algorithm>
#include <array>
#include <cstring>
#include <memory>
#include <string>

#include "classify/engine.h"

namespace lw::classify {
namespace {

constexpr std::size_t kLookBack = 64;
constexpr std::size_t kOverlap = 4096;

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

}  // namespace

Result<std::vector<Finding>> classify_stream(const Classifier& classifier, std::string_view source,
                                             const ReadFn& read, std::size_t block_bytes,
                                             std::uint64_t* bytes_read) {
  const std::size_t block = std::max<std::size_t>(block_bytes, 2 * kOverlap);
  Buffer buf(block + kLookBack + kOverlap);
  auto more = buf.fill(read, block + kOverlap);
  if (!more) return tl::unexpected(more.error());
  const auto& limits = classifier.limits();
  if (!*more && buf.size() <= limits.max_bytes) {
    // The whole stream fits: classify it as a document, format and all.
    if (bytes_read) *bytes_read = buf.size();
    return classifier.classify(Document{source, "", buf.view()});
  }
  FindingSink sink(limits.max_findings);
  std::uint64_t buf_start = 0;  // stream offset of buf[0]
  std::uint64_t own_start = 0;  // stream offset of the block this pass reports
  bool at_end = !*more;
  while (true) {
    ScanInput in;
    in.text = buf.view();
    in.base_offset = buf_start;
    in.report_from = static_cast<std::size_t>(own_start - buf_start);
    in.report_until = at_end ? buf.size() + 1 : in.report_from + block;
    in.deadline = Clock::now() + std::chrono::milliseconds(limits.max_millis);
    if (auto ok = classifier.engine().scan(in, sink, limits); !ok)
      return tl::unexpected(ok.error());
    if (sink.full()) break;
    if (at_end) break;
    // Keep the look-back and the overlap, then read the next block.
    const auto next_own = own_start + block;
    const auto keep_from = static_cast<std::size_t>(next_own - kLookBack - buf_start);
    buf.drop_front(keep_from);
    buf_start += keep_from;
    own_start = next_own;
    auto got = buf.fill(read, block);
    if (!got) return tl::unexpected(got.error());
    at_end = !*got;
    if (at_end && buf.size() <= static_cast<std::size_t>(own_start - buf_start)) break;
  }
  if (bytes_read) {
    std::uint64_t total = buf_start + buf.size();
    std::array<char, 1 << 16> rest{};
    // Drain the stream when the findings cap stopped early, so the length is right.
    while (true) {
      auto n = read(rest);
      if (!n || *n == 0) break;
      total += *n;
    }
    *bytes_read = total;
  }
  return sink.take();
}

}  // namespace lw::classify
