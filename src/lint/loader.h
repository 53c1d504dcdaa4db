#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "lint/finding.h"
#include "lint/source_file.h"

namespace lw::lint {

struct LoadResult {
  std::vector<SourceFile> files;  // recognised kinds only
  std::vector<Diagnostic> diagnostics;
  std::size_t skipped = 0;  // files of no known kind
};

// Reads the named files and walks the named folders. A file named explicitly that cannot be
// read, is binary, over `max_bytes` or of no known kind gets a diagnostic; inside a folder,
// files of no known kind are only counted, and problems are reported for files whose name
// says they are a known kind.
LoadResult load_paths(std::span<const std::string> paths, std::uint64_t max_bytes);

}  // namespace lw::lint
