#include "cli/duration.h"

#include <charconv>
#include <cmath>
#include <string>

#include "core/bytes.h"

namespace lw::cli {

Result<std::chrono::milliseconds> parse_duration(std::string_view text) {
  std::string_view number = text;
  double scale = 1000.0;
  if (text.ends_with("ms")) {
    number.remove_suffix(2);
    scale = 1.0;
  } else if (text.ends_with("s")) {
    number.remove_suffix(1);
  } else if (text.ends_with("m")) {
    number.remove_suffix(1);
    scale = 60000.0;
  }
  double value = 0;
  const auto [ptr, ec] = std::from_chars(number.data(), number.data() + number.size(), value);
  // from_chars reads "nan" and "inf" too: a duration is a finite, non-negative number.
  if (number.empty() || ec != std::errc{} || ptr != number.data() + number.size() ||
      !std::isfinite(value) || value < 0 || number.front() == '-' || value * scale > 86'400'000.0) {
    return fail(ErrorCode::invalid_argument,
                "duration '" + printable(text) + "': expected e.g. 500ms, 3s, 2m (at most a day)");
  }
  return std::chrono::milliseconds(static_cast<std::int64_t>(value * scale + 0.5));
}

}  // namespace lw::cli
