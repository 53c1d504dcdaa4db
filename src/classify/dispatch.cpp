#include "classify/dispatch.h"

#include <algorithm>
#include <iterator>

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

// "entry a.zip, entry b.zip, " -> "entry a.zip, entry b.zip"
std::string trimmed(std::string prefix) {
  while (!prefix.empty() && (prefix.back() == ' ' || prefix.back() == ',')) prefix.pop_back();
  return prefix;
}

void add_note(Walk& walk, Note note) {
  if (walk.notes.size() < kMaxNotes) walk.notes.push_back(std::move(note));
}

// The time budget ran out: nothing at or after `where` was (surely) inspected. The engine stops
// silently at the deadline, so a scan that ends past it is counted as cut too.
Result<void> out_of_time(std::string where) {
  return fail(ErrorCode::timeout, "time budget reached, not inspected past here", std::move(where));
}

// A container parser's refusal (a bomb), located where the container sits.
Result<void> located(Error error, const std::string& prefix) {
  if (error.where.empty()) error.where = trimmed(prefix);
  return tl::unexpected(std::move(error));
}

Result<void> scan_segments(Walk& walk, std::string_view text, const std::string& prefix,
                           const std::vector<Segment>& segments) {
  if (Clock::now() > walk.deadline) return out_of_time(prefix + "offset 0");
  ScanInput in;
  in.text = text;
  in.location_prefix = prefix;
  in.segments = segments;
  in.deadline = walk.deadline;
  if (auto ok = walk.engine.scan(in, walk.sink, walk.limits); !ok) return ok;
  if (Clock::now() > walk.deadline) return out_of_time(prefix + "offset 0");
  return {};
}

Result<void> classify_parts(Walk& walk, Result<std::vector<Part>> parts, std::string_view data,
                            const std::string& prefix, std::size_t depth, std::string_view what) {
  if (!parts) {
    // Unparseable container: the raw bytes are still scanned as text.
    return scan_text_blocks(walk, data, prefix, 0);
  }
  for (const auto& part : *parts) {
    if (walk.sink.full()) break;
    const auto next = prefix + std::string(what) + " " + part.name + ", ";
    if (Clock::now() > walk.deadline) return out_of_time(trimmed(next));
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
      return out_of_time(prefix + "offset " + std::to_string(base_offset + start));
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
    if (Clock::now() > walk.deadline) {
      return out_of_time(prefix + "offset " + std::to_string(base_offset + start));
    }
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
  const auto max_depth = std::min(kMaxContainerDepth, walk.limits.max_depth);
  if (container && depth >= max_depth) {
    // Not opened; its raw bytes are still scanned as text. The report names it and the cap.
    add_note(walk, Note{NoteKind::depth_cap, trimmed(prefix),
                        std::string(type) + " not opened: nested past the depth cap", max_depth,
                        "levels"});
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
      if (inflated.error().code == ErrorCode::too_large) return located(inflated.error(), prefix);
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
    if (!parts && parts.error().code == ErrorCode::too_large) return located(parts.error(), prefix);
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

Note findings_cap_note(const Limits& limits) {
  return Note{NoteKind::findings_cap, "", "findings cap reached, the rest not inspected",
              limits.max_findings, "findings"};
}

Result<Report> inspect_document(const Engine& engine, const Limits& limits,
                                const Document& document, Clock::time_point deadline) {
  FindingSink sink(limits.max_findings);
  Walk walk{engine, limits, sink, deadline, 0, {}};
  auto ok = classify_bytes(walk, document.data, document.content_type, std::string{}, 0);
  if (!ok && ok.error().code != ErrorCode::timeout) {
    auto error = ok.error();
    const std::string source(document.source);
    if (!source.empty()) error.where = error.where.empty() ? source : source + ": " + error.where;
    return tl::unexpected(std::move(error));
  }
  Report report;
  if (sink.full()) report.notes.push_back(findings_cap_note(limits));
  report.findings = sink.take();
  report.notes.insert(report.notes.end(), std::make_move_iterator(walk.notes.begin()),
                      std::make_move_iterator(walk.notes.end()));
  if (!ok) {  // always noted, past kMaxNotes too
    report.notes.push_back(Note{NoteKind::time_budget, trimmed(ok.error().where),
                                ok.error().message, limits.max_millis, "ms"});
  }
  return report;
}

}  // namespace lw::classify
