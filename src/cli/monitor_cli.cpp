#include "cli/monitor_cli.h"

#include <charconv>
#include <chrono>
#include <cstdio>
#include <cstdlib>

#include "catalog/export/export.h"
#include "cli/exit_status.h"
#include "cli/option_checks.h"
#include "core/bytes.h"

namespace lw::cli {

std::int64_t wall_clock_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

Result<std::int64_t> parse_row_id(std::string_view text, std::string_view what) {
  std::int64_t id = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), id);
  if (text.empty() || text.front() == '-' || text.front() == '+' || ec != std::errc{} ||
      end != text.data() + text.size() || id < 1) {
    return fail(ErrorCode::invalid_argument, std::string(what) + " '" + printable(text) + "'" +
                                                 (text.size() > 64 ? " (cut)" : "") +
                                                 " is not a number from 1 to 2^63-1");
  }
  return id;
}

bool split_endpoint(const std::string& text, std::string& address, std::uint16_t& port) {
  std::size_t colon;
  if (!text.empty() && text[0] == '[') {
    const auto close = text.find(']');
    if (close == std::string::npos || close + 1 >= text.size() || text[close + 1] != ':') {
      return false;
    }
    address = text.substr(1, close - 1);
    colon = close + 1;
  } else {
    colon = text.rfind(':');
    if (colon == std::string::npos || text.find(':') != colon) return false;
    address = text.substr(0, colon);
  }
  const auto p = std::string_view(text).substr(colon + 1);
  auto [end, ec] = std::from_chars(p.data(), p.data() + p.size(), port);
  return ec == std::errc() && end == p.data() + p.size() && !p.empty();
}

int report_failure(const char* command, const Error& e) {
  std::fprintf(stderr, "leakwatch %s: %s\n", command, e.describe().c_str());
  const bool bad_input = e.code == ErrorCode::invalid_argument || e.code == ErrorCode::not_found ||
                         e.code == ErrorCode::too_large;
  return bad_input ? kExitUsage : kExitFailure;
}

std::string default_actor() {
  for (const char* name : {"USER", "LOGNAME"}) {
    const char* v = std::getenv(name);
    if (v != nullptr && *v != '\0') return v;
  }
  return "cli";
}

void add_db_option(CLI::App& app, std::string& db) {
  constexpr const char* kHelp = "catalog: a SQLite path or a postgresql:// URL";
  app.add_option("--db", db, kHelp);
  for (auto* sub : app.get_subcommands({})) sub->add_option("--db", db, kHelp);
}

std::optional<int> parse_with_subcommands(CLI::App& app, int argc, char** argv,
                                          const char* command) {
  app.require_subcommand(1);
  if (argc >= 2 && argv[1][0] != '-') {
    std::string names;
    bool known = false;
    for (const auto* sub : app.get_subcommands({})) {
      known = known || sub->get_name() == argv[1];
      names += (names.empty() ? "" : ", ") + sub->get_name();
    }
    if (!known) {
      std::fprintf(stderr, "leakwatch %s: unknown subcommand '%s' (%s)\n", command,
                   printable(argv[1]).c_str(), names.c_str());
      return kExitUsage;
    }
  }
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return parse_error_status(app, e, command);
  }
  return std::nullopt;
}

std::string time_or_dash(std::optional<std::int64_t> unix_ms) {
  return unix_ms ? catalog::short_time(*unix_ms) : "-";
}

std::string span_text(std::int64_t ms) {
  if (ms < 0) ms = 0;
  const std::int64_t s = ms / 1000;
  const auto two = [](std::int64_t a, const char* ua, std::int64_t b, const char* ub) {
    return std::to_string(a) + ua + (b ? " " + std::to_string(b) + ub : std::string());
  };
  if (s < 60) return ms < 1000 ? std::to_string(ms) + "ms" : std::to_string(s) + "s";
  if (s < 3600) return two(s / 60, "m", s % 60, "s");
  if (s < 86400) return two(s / 3600, "h", s % 3600 / 60, "m");
  return two(s / 86400, "d", s % 86400 / 3600, "h");
}

}  // namespace lw::cli
