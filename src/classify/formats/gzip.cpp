#include "classify/formats/gzip.h"

#include <zlib.h>

#include <algorithm>
#include <limits>

namespace lw::classify {
namespace {

// Owns an inflate stream (RAII around inflateInit2 / inflateEnd).
struct Inflater {
  z_stream s{};
  bool ready = false;
  Inflater() { ready = inflateInit2(&s, 15 + 32) == Z_OK; }  // zlib or gzip header
  ~Inflater() {
    if (ready) inflateEnd(&s);
  }
  Inflater(const Inflater&) = delete;
  Inflater& operator=(const Inflater&) = delete;
};

}  // namespace

Result<std::string> gunzip(std::string_view data, std::size_t max_out, std::size_t max_ratio) {
  if (data.size() > std::numeric_limits<uInt>::max()) {
    return fail(ErrorCode::too_large, "compressed input larger than 4 GiB");
  }
  const std::size_t ratio_cap = data.size() > max_out / std::max<std::size_t>(max_ratio, 1)
                                    ? max_out
                                    : data.size() * max_ratio;
  // Up to 1 MiB is always allowed: small, highly repetitive samples are not bombs.
  const std::size_t cap = std::min(max_out, std::max<std::size_t>(ratio_cap, 1u << 20));
  Inflater inflater;
  if (!inflater.ready) return fail(ErrorCode::internal, "inflateInit2 failed");
  z_stream* stream = &inflater.s;
  stream->next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
  stream->avail_in = static_cast<uInt>(data.size());
  std::string out;
  char buffer[1 << 16];
  while (true) {
    stream->next_out = reinterpret_cast<Bytef*>(buffer);
    stream->avail_out = sizeof buffer;
    const int rc = inflate(stream, Z_NO_FLUSH);
    const auto produced = sizeof buffer - stream->avail_out;
    if (out.size() + produced > cap) {
      if (cap == max_out) {
        return fail(ErrorCode::too_large,
                    "gzip data inflates past the size cap (cap " + std::to_string(cap) + ")");
      }
      return fail(ErrorCode::too_large, "gzip data inflates past " + std::to_string(max_ratio) +
                                            " times its compressed size (cap " +
                                            std::to_string(max_ratio) + ")");
    }
    out.append(buffer, produced);
    if (rc == Z_STREAM_END) {
      // Concatenated gzip members: continue with the next one.
      if (stream->avail_in > 0 &&
          looks_gzip(
              std::string_view(reinterpret_cast<const char*>(stream->next_in), stream->avail_in))) {
        inflateReset(stream);
        continue;
      }
      return out;
    }
    // A truncated sample (a probe's byte cap) still yields what was inflated so far.
    if (rc == Z_BUF_ERROR && stream->avail_in == 0) {
      if (!out.empty()) return out;
      return fail(ErrorCode::parse_error, "truncated compressed data",
                  "offset " + std::to_string(data.size()));
    }
    if (rc != Z_OK && rc != Z_BUF_ERROR) {
      if (!out.empty()) return out;
      return fail(ErrorCode::parse_error,
                  std::string("inflate: ") + (stream->msg ? stream->msg : "bad data"),
                  "offset " + std::to_string(data.size() - stream->avail_in));
    }
  }
}

}  // namespace lw::classify
