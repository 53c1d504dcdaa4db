#include "classify/dispatch.h"

#include <algorithm>

#include "classify/formats/container.h"
#include "classify/formats/csv.h"
#include "classify/formats/gzip.h"
#include "classify/formats/json_walker.h"
#include "classify/formats/sniff.h"

namespace lw::classify {
namespace {

constexpr std::size_t kBlock = 8u << 20;  // text scanned per Vectorscan call
constexpr std::size_t kLookBack = 64;     // context before a block
constexpr std::size_t kOverlap = 4096;    // values crossing a block border are seen whole
constexpr std::size_t kMaxContainerDepth = 8;
constexpr std::size_t kMaxSegments = 1u << 20;

Result<void> scan_segments(Walk& walk, std::string_view text, const std::string& prefix,
                           const std::vector<Segment>& segments) {
  ScanInput in;
  in.text = text;
  in.location_prefix = prefix;
  in.segments = segments;
  in.deadline = walk.deadline;
  return walk.engine.scan(in, walk.sink, walk.limits);
}

Result<void> classify_parts(Walk& walk, Result<std::vector<Part>> parts, std::string_view data,
                            const std::string& prefix, std::size_t depth, std::string_view what) {
  if (!parts) {
    // Unparseable container: the raw bytes are still scanned as text.
    return scan_text_blocks(walk, data, prefix, 0);
  }
  for (const auto& part : *parts) {
    if (walk.sink.full() || Clock::now() > walk.deadline) break;
    const auto next = prefix + std::string(what) + " " + part.name + ", ";
    if (auto ok = classify_bytes(walk, part.data, part.content_type, next, depth + 1); !ok) {
      return ok;
    }
  }
  return {};
}

}  // namespace

Result<void> scan_text_blocks(Walk& walk, std::string_view text, const std::string& prefix,
                              std::uint64_t base_offset) {
  for (std::size_t start = 0; start < text.size() || start == 0; start += kBlock) {
    if (walk.sink.full()) break;
    if (Clock::now() > walk.deadline) {
      return fail(ErrorCode::timeout, "classification time limit reached",
                  prefix + "offset " + std::to_string(base_offset + start));
    }
    const auto lo = start > kLookBack ? start - kLookBack : 0;
    const auto hi = std::min(text.size(), start + kBlock + kOverlap);
    ScanInput in;
    in.text = text.substr(lo, hi - lo);
    in.location_prefix = prefix;
    in.base_offset = base_offset + lo;
    in.report_from = start - lo;
    in.report_until = start - lo + kBlock;
    in.deadline = walk.deadline;
    if (auto ok = walk.engine.scan(in, walk.sink, walk.limits); !ok) return ok;
    if (text.empty()) break;
  }
  return {};
}

Result<void> classify_bytes(Walk& walk, std::string_view data, std::string_view type,
                            const std::string& prefix, std::size_t depth) {
  if (data.size() > walk.limits.max_bytes) data = data.substr(0, walk.limits.max_bytes);
  if (type.empty()) type = sniff_content_type(data);
  const bool container = type == "gzip" || type == "email" || type == "zip" || type == "docx" ||
                         type == "xlsx" || type == "pdf";
  if (container && depth >= std::min(kMaxContainerDepth, walk.limits.max_depth)) {
    return scan_text_blocks(walk, data, prefix, 0);
  }
  if (type == "json") {
    auto segments = json_segments(data, walk.limits.max_depth, kMaxSegments);
    if (!segments) return scan_text_blocks(walk, data, prefix, 0);  // too deep or malformed
    return scan_segments(walk, data, prefix, *segments);
  }
  if (type == "csv" || type == "tsv") {
    auto segments = csv_segments(data, type == "tsv" ? '\t' : 0, kMaxSegments);
    if (!segments) return scan_text_blocks(walk, data, prefix, 0);
    return scan_segments(walk, data, prefix, *segments);
  }
  if (type == "gzip") {
    const auto budget =
        walk.limits.max_bytes > walk.expanded ? walk.limits.max_bytes - walk.expanded : 0;
    auto inflated = gunzip(data, budget, walk.limits.max_ratio);
    if (!inflated) {
      if (inflated.error().code == ErrorCode::too_large) return tl::unexpected(inflated.error());
      return scan_text_blocks(walk, data, prefix, 0);
    }
    walk.expanded += inflated->size();
    return classify_bytes(walk, *inflated, "", prefix, depth + 1);
  }
  if (type == "email") {
    return classify_parts(walk, mime_parts(data, walk.limits), data, prefix, depth, "part");
  }
  if (type == "zip" || type == "docx" || type == "xlsx") {
    auto parts = zip_parts(data, walk.limits);
    if (!parts && parts.error().code == ErrorCode::too_large) return tl::unexpected(parts.error());
    if (parts) {
      for (const auto& p : *parts) walk.expanded += p.data.size();
    }
    return classify_parts(walk, std::move(parts), data, prefix, depth, "entry");
  }
  if (type == "pdf") {
    auto text = pdf_text(data, walk.limits);
    if (!text) return scan_text_blocks(walk, data, prefix, 0);
    return scan_text_blocks(walk, *text, prefix + "pdf text, ", 0);
  }
  return scan_text_blocks(walk, data, prefix, 0);
}

}  // namespace lw::classify
