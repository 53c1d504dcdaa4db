#pragma once

#include <span>
#include <vector>

#include "lint/file_kind.h"
#include "lint/sink.h"
#include "lint/source_file.h"

namespace lw::lint {

// The whole set of files being linted, so a rule can look at related files (pg_hba.conf
// with postgresql.conf, a Service with the NetworkPolicies beside it).
class FileSet {
 public:
  explicit FileSet(std::span<const SourceFile> files) : files_(files) {}
  std::vector<const SourceFile*> of_kind(FileKind kind) const;

 private:
  std::span<const SourceFile> files_;
};

// A rule module gets every file of its kind at once.
using LintFn = void (*)(std::span<const SourceFile* const> files, const FileSet& all, Sink& sink);

struct Module {
  FileKind kind;
  LintFn lint;
};

// The explicit list of built-in modules (registry.cpp).
std::span<const Module> builtin_modules() noexcept;

// Runs `per_file` on each file: the shape of most modules.
template <class PerFile>
void for_each_file(std::span<const SourceFile* const> files, PerFile per_file) {
  for (const SourceFile* file : files) per_file(*file);
}

}  // namespace lw::lint
