#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "lint/finding.h"
#include "lint/source_file.h"

namespace lw::lint {

// Where rule modules put what they find. Severity and fix hint default to the rule catalog's.
class Sink {
 public:
  void report(const SourceFile& file, std::string_view rule_id, std::size_t line,
              std::string message, std::optional<Severity> severity = std::nullopt);
  void error(const SourceFile& file, std::size_t line, std::string message);

  std::vector<Finding>& findings() noexcept { return findings_; }
  std::vector<Diagnostic>& diagnostics() noexcept { return diagnostics_; }

 private:
  std::vector<Finding> findings_;
  std::vector<Diagnostic> diagnostics_;
};

}  // namespace lw::lint
