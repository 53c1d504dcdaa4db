#pragma once

#include <cstddef>
#include <functional>
#include <span>
#include <string_view>
#include <vector>

#include "classify/classifier.h"
#include "core/result.h"

namespace lw::classify {

// Reads up to buffer.size() bytes; 0 at the end of the stream.
using ReadFn = std::function<Result<std::size_t>(std::span<char> buffer)>;

// Classifies a stream of any length in bounded memory. When the whole stream fits in the first
// block it is classified as a document (format sniffed); otherwise it is scanned as text block
// by block, each block overlapping the next so that values on a border are seen whole. Memory:
// about two blocks plus the findings (capped by Limits::max_findings). `bytes_read` reports the
// stream length.
Result<std::vector<Finding>> classify_stream(const Classifier& classifier, std::string_view source,
                                             const ReadFn& read, std::size_t block_bytes,
                                             std::uint64_t* bytes_read = nullptr);

}  // namespace lw::classify
