#include "lint/lint.h"

#include <algorithm>
#include <tuple>

#include "lint/loader.h"
#include "lint/module.h"
#include "lint/suppression.h"

namespace lw::lint {

std::vector<const SourceFile*> FileSet::of_kind(FileKind kind) const {
  std::vector<const SourceFile*> out;
  for (const SourceFile& f : files_) {
    if (f.kind == kind) out.push_back(&f);
  }
  return out;
}

Report lint_sources(std::vector<SourceFile> files) {
  Report report;
  const FileSet set(files);
  Sink sink;
  for (const Module& module : builtin_modules()) {
    const std::vector<const SourceFile*> group = set.of_kind(module.kind);
    if (!group.empty()) module.lint(group, set, sink);
  }
  std::vector<Finding> findings = std::move(sink.findings());
  Sink suppression_sink;
  for (const SourceFile& file : files) {
    if (file.kind == FileKind::unknown) {
      ++report.files_skipped;
      continue;
    }
    report.files.push_back(file.path);
    apply_suppressions(file, findings, suppression_sink);
  }
  for (Finding& f : suppression_sink.findings()) findings.push_back(std::move(f));
  std::sort(findings.begin(), findings.end(), [](const Finding& a, const Finding& b) {
    return std::tie(a.file, a.line, a.rule_id, a.message) <
           std::tie(b.file, b.line, b.rule_id, b.message);
  });
  report.findings = std::move(findings);
  report.diagnostics = std::move(sink.diagnostics());
  return report;
}

Report lint_paths(std::span<const std::string> paths, const LintOptions& options) {
  LoadResult loaded = load_paths(paths, options.max_file_bytes);
  Report report = lint_sources(std::move(loaded.files));
  report.files_skipped += loaded.skipped;
  report.diagnostics.insert(report.diagnostics.begin(), loaded.diagnostics.begin(),
                            loaded.diagnostics.end());
  std::stable_sort(report.diagnostics.begin(), report.diagnostics.end(),
                   [](const Diagnostic& a, const Diagnostic& b) { return a.file < b.file; });
  return report;
}

bool has_finding_at_or_above(const Report& report, Severity threshold) noexcept {
  return std::any_of(report.findings.begin(), report.findings.end(),
                     [&](const Finding& f) { return f.severity >= threshold; });
}

}  // namespace lw::lint
