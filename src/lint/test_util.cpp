#include "lint/test_util.h"

#include <algorithm>

#include "lint/file_kind.h"

namespace lw::lint::testing {

std::string testdata(const std::string& relative) {
  return std::string(LW_SOURCE_DIR) + "/src/lint/testdata/" + relative;
}

Report lint_testdata(const std::vector<std::string>& relatives) {
  std::vector<std::string> paths;
  for (const std::string& r : relatives) paths.push_back(testdata(r));
  return lint_paths(paths, LintOptions{});
}

Report lint_text(const std::string& name, const std::string& text) {
  std::vector<SourceFile> files;
  files.push_back(SourceFile{name, text, detect_file_kind(name, text)});
  return lint_sources(std::move(files));
}

std::vector<Finding> findings_of(const Report& report, const std::string& rule) {
  std::vector<Finding> out;
  std::copy_if(report.findings.begin(), report.findings.end(), std::back_inserter(out),
               [&](const Finding& f) { return f.rule_id == rule; });
  return out;
}

}  // namespace lw::lint::testing
