#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "lint/finding.h"
#include "lint/source_file.h"

namespace lw::lint {

struct LintOptions {
  std::uint64_t max_file_bytes = 5ull * 1024 * 1024;  // larger files are reported, not read
};

struct Report {
  std::vector<Finding> findings;        // sorted by file, line, rule
  std::vector<Diagnostic> diagnostics;  // files that could not be checked
  std::vector<std::string> files;       // every file that was recognised and checked
  std::size_t files_skipped = 0;        // not a kind lint knows
};

// Lints files already in memory (kinds already set; unknown ones are skipped).
Report lint_sources(std::vector<SourceFile> files);

// Reads files and folders (recursively, not following folder symlinks, skipping .git and
// node_modules), recognises each file and lints the set. Never throws.
Report lint_paths(std::span<const std::string> paths, const LintOptions& options);

// True when a finding at or above `threshold` exists.
bool has_finding_at_or_above(const Report& report, Severity threshold) noexcept;

}  // namespace lw::lint
