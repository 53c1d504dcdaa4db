#include "probes/rsync/rsync_transfer.h"

#include <algorithm>
#include <numeric>

#include "probes/common/byte_reader.h"

namespace lw::probes::rsync {
namespace {

constexpr std::int32_t kNdxDone = -1;
constexpr std::uint16_t kItemTransfer = 1u << 15;
constexpr std::size_t kRequestBytes = 4 + 2 + 4 * 4;  // index, flags, checksum header
constexpr std::size_t kDoneMarkers = 4;               // three phase ends and the goodbye
constexpr std::size_t kStatsWords = 5;  // read, written, size, list build and transfer times

// One side of a name comparison: the name as segments ("dir", "/", "base", and "/" for a
// directory), each giving the entry a kind when entered; past the last one the cursor rests
// on an empty "item" segment.
class NameCursor {
 public:
  enum class Kind { item, path };

  NameCursor(std::string_view name, bool dir) {
    const auto slash = name.rfind('/');
    const bool has_dir = slash != std::string_view::npos && slash > 0;
    const std::string_view base = has_dir ? name.substr(slash + 1) : name;
    if (has_dir) {
      add(name.substr(0, slash), Kind::path);
      add("/", Kind::path);
    }
    if (dir && base == ".") {
      // "." sorts as an empty item: before everything at its level.
    } else {
      add(base, dir ? Kind::path : Kind::item);
      if (dir) add("/", Kind::path);
    }
    if (count_ == 0) {
      resting_ = true;
      kind_ = Kind::item;
    } else {
      kind_ = kinds_[0];
    }
  }

  Kind kind() const { return kind_; }
  bool resting() const { return resting_; }
  bool exhausted() const { return resting_ || pos_ >= segs_[seg_].size(); }
  // Whether entering the next segment would leave the name (rest on the empty item).
  bool at_last_segment() const { return resting_ || seg_ + 1 >= count_; }
  void enter_next() {
    if (at_last_segment()) {
      resting_ = true;
      kind_ = Kind::item;
      return;
    }
    ++seg_;
    pos_ = 0;
    kind_ = kinds_[seg_];
  }
  int byte() const { return exhausted() ? 0 : static_cast<unsigned char>(segs_[seg_][pos_]); }
  void step() {
    if (!exhausted()) ++pos_;
  }

 private:
  void add(std::string_view s, Kind k) {
    segs_[count_] = s;
    kinds_[count_] = k;
    ++count_;
  }
  std::string_view segs_[4];
  Kind kinds_[4] = {};
  std::size_t count_ = 0;
  std::size_t seg_ = 0;
  std::size_t pos_ = 0;
  Kind kind_ = Kind::item;
  bool resting_ = false;
};

int by_kind(NameCursor::Kind a) {
  return a == NameCursor::Kind::path ? 1 : -1;
}

bool stats_read(ByteReader& r) {
  for (std::size_t i = 0; i < kStatsWords; ++i) {
    const auto v = r.i32le();
    if (!v) return false;
    if (*v == -1 && !r.skip(8)) return false;  // read_longint's 64-bit form
  }
  return true;
}

Error transfer_error(std::string what, std::size_t offset) {
  return Error{ErrorCode::parse_error, std::move(what), "offset " + std::to_string(offset)};
}

}  // namespace

int compare_names(std::string_view a, bool a_dir, std::string_view b, bool b_dir) {
  NameCursor x(a, a_dir);
  NameCursor y(b, b_dir);
  if (x.kind() != y.kind()) return by_kind(x.kind());
  // Each round consumes a byte or a segment of each side; bounded by the names' lengths.
  const std::size_t rounds = a.size() + b.size() + 16;
  for (std::size_t i = 0; i < rounds; ++i) {
    if (x.exhausted()) {
      x.enter_next();
      if (!y.exhausted() && x.kind() != y.kind()) return by_kind(x.kind());
    }
    if (y.exhausted()) {
      if (y.at_last_segment() && x.exhausted()) return 0;
      y.enter_next();
      if (x.kind() != y.kind()) return by_kind(x.kind());
    }
    const int dif = x.byte() - y.byte();
    if (dif != 0) return dif;
    x.step();
    y.step();
  }
  return 0;
}

std::vector<std::size_t> wire_order(std::span<const FileEntry> entries) {
  std::vector<std::size_t> order(entries.size());
  std::iota(order.begin(), order.end(), std::size_t{0});
  std::stable_sort(order.begin(), order.end(), [&](std::size_t i, std::size_t j) {
    return compare_names(entries[i].name, entries[i].directory, entries[j].name,
                         entries[j].directory) < 0;
  });
  return order;
}

std::string encode_requests(std::span<const std::int32_t> indices) {
  std::string out;
  out.reserve(indices.size() * kRequestBytes + kDoneMarkers * 4);
  for (const std::int32_t ndx : indices) {
    put_u32le(out, static_cast<std::uint32_t>(ndx));
    put_u16le(out, kItemTransfer);
    for (int i = 0; i < 4; ++i) put_u32le(out, 0);  // count, block length, sum length, remainder
  }
  for (std::size_t i = 0; i < kDoneMarkers; ++i) {
    put_u32le(out, static_cast<std::uint32_t>(kNdxDone));
  }
  return out;
}

Result<std::vector<std::int32_t>> decode_requests(std::string_view request) {
  std::vector<std::int32_t> out;
  ByteReader r(request);
  while (r.remaining() > kDoneMarkers * 4) {
    const auto ndx = r.i32le();
    const auto flags = r.u16le();
    if (!ndx || !flags || *ndx < 0 || *flags != kItemTransfer || !r.skip(16)) {
      return tl::unexpected(transfer_error("not an rsync transfer request", r.pos()));
    }
    out.push_back(*ndx);
  }
  for (std::size_t i = 0; i < kDoneMarkers; ++i) {
    if (r.i32le() != kNdxDone) {
      return tl::unexpected(transfer_error("rsync transfer request not ended", r.pos()));
    }
  }
  return out;
}

Transfer parse_transfer(std::string_view data, std::span<const std::int32_t> requested) {
  Transfer out;
  const auto stop = [&out](std::string what, std::size_t at) {
    out.error = transfer_error(std::move(what), at);
    return out;
  };
  ByteReader r(data);
  std::size_t next = 0;  // requests before this one were answered or skipped by the sender
  // Each item answers a distinct request or is one of three NDX_DONE.
  for (std::size_t item = 0; item <= requested.size() + 3; ++item) {
    const std::size_t at = r.pos();
    const auto ndx = r.i32le();
    if (!ndx) return out;
    if (*ndx == kNdxDone) {
      if (++out.done_markers == 3) {
        out.ended = stats_read(r);
        return out;
      }
      continue;
    }
    if (*ndx < 0 || out.done_markers > 0) {
      return stop("rsync sender sent index " + std::to_string(*ndx) + " out of phase", at);
    }
    const auto it =
        std::find(requested.begin() + static_cast<std::ptrdiff_t>(next), requested.end(), *ndx);
    if (it == requested.end()) {
      return stop("rsync sender sent index " + std::to_string(*ndx) + ", which was not asked for",
                  at);
    }
    next = static_cast<std::size_t>(it - requested.begin()) + 1;
    const auto flags = r.u16le();
    const auto count = r.i32le();
    if (!flags || !count || !r.skip(12)) return out;
    if (*flags != kItemTransfer || *count != 0) {
      return stop("rsync sender answered with other flags or a checksum header", at);
    }
    FileData& f = out.files.emplace_back();
    f.index = *ndx;
    // Each run brings at least one byte and a file stops at kMaxFileBytes + 1: bounded.
    for (std::size_t run = 0; run <= kMaxFileBytes + 1; ++run) {
      const std::size_t run_at = r.pos();
      const auto token = r.i32le();
      if (!token) return out;
      if (*token == 0) {
        if (!r.skip(kFileSumBytes)) return out;
        f.complete = true;
        break;
      }
      if (*token < 0) {
        return stop("rsync block-match token, but no checksums were sent", run_at);
      }
      const auto len = static_cast<std::size_t>(*token);
      if (len > kChunkBytes) {
        return stop("rsync literal run of " + std::to_string(len) + " bytes over the 32 KiB chunk",
                    run_at);
      }
      const std::size_t have = std::min(len, r.remaining());
      const auto bytes = r.bytes(have);
      const std::size_t keep = std::min(have, kMaxFileBytes - f.data.size());
      f.data.append(bytes->substr(0, keep));
      f.literal_bytes += have;
      if (f.literal_bytes > kMaxFileBytes) {
        f.cut = true;
        out.cut = true;
        return out;
      }
      if (have < len) return out;
    }
    if (!f.complete) return out;
  }
  return stop("rsync sender sent more than was asked for", r.pos());
}

}  // namespace lw::probes::rsync
