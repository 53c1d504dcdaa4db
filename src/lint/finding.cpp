#include "lint/finding.h"

#include "lint/text.h"

namespace lw::lint {

std::string_view to_string(Severity severity) noexcept {
  switch (severity) {
    case Severity::low:
      return "low";
    case Severity::medium:
      return "medium";
    case Severity::high:
      return "high";
    case Severity::critical:
      return "critical";
  }
  return "high";
}

std::optional<Severity> parse_severity(std::string_view text) noexcept {
  const std::string lower = ascii_lower(text);
  if (lower == "low") return Severity::low;
  if (lower == "medium") return Severity::medium;
  if (lower == "high") return Severity::high;
  if (lower == "critical") return Severity::critical;
  return std::nullopt;
}

}  // namespace lw::lint
