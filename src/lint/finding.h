#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace lw::lint {

// Ordered from least to most serious, so `a >= b` reads "at least as serious as".
enum class Severity { low, medium, high, critical };

std::string_view to_string(Severity severity) noexcept;
std::optional<Severity> parse_severity(std::string_view text) noexcept;

// One misconfiguration at one place in one file. Lines and columns are 1-based; 0 means the
// finding concerns the file as a whole (for example a directive that is missing).
struct Finding {
  std::string rule_id;
  Severity severity = Severity::high;
  std::string file;
  std::size_t line = 0;
  std::size_t column = 0;
  std::string message;
  std::string fix;
};

// A file that could not be checked: unreadable, binary, over the size cap, or malformed.
struct Diagnostic {
  std::string file;
  std::size_t line = 0;
  std::string message;
};

}  // namespace lw::lint
