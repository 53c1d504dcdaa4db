#include "cli/option_checks.h"

#include <charconv>
#include <cmath>
#include <cstdio>
#include <string>

#include "cli/exit_status.h"
#include "core/bytes.h"

namespace lw::cli {

CLI::Validator plain_number() {
  return CLI::Validator(
      [](std::string& text) -> std::string {
        double value = 0;
        const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
        const std::string shown = "'" + printable(text) + "'";
        if (ec == std::errc::result_out_of_range) return shown + " is out of range";
        if (text.empty() || ec != std::errc{} || end != text.data() + text.size()) {
          return shown + " is not a number";
        }
        if (!std::isfinite(value)) return shown + " is not a finite number";
        if (value < 0 || text.front() == '-') return shown + " is negative";
        return {};
      },
      "NUMBER", "plain_number");
}

int parse_error_status(const CLI::App& app, const CLI::ParseError& e, const char* command) {
  if (e.get_exit_code() == 0) {  // --help
    std::fputs(app.help().c_str(), stdout);
    return kExitOk;
  }
  std::string message = e.what();
  for (auto& c : message) {
    if (static_cast<unsigned char>(c) < 0x20) c = ' ';
  }
  std::fprintf(stderr, "leakwatch %s: %s\n", command, message.c_str());
  return kExitUsage;
}

}  // namespace lw::cli
