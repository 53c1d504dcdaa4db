#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include <CLI/CLI.hpp>

#include "core/error.h"
#include "core/result.h"

// What the commands over the monitor's state (incidents, silences, rescan, outbox) share.
namespace lw::cli {

// Milliseconds since the epoch, from the real clock (the store reads none).
std::int64_t wall_clock_ms();

// A row id as typed: a plain decimal number from 1 to 2^63-1. The error names `what` ("incident
// id") and the text (cut to 64 bytes, printably).
Result<std::int64_t> parse_row_id(std::string_view text, std::string_view what);

// "10.0.0.1:6379" or "[2001:db8::1]:6379" (port 1 to 65535 for a service; 0 is refused).
bool split_endpoint(const std::string& text, std::string& address, std::uint16_t& port);

// One line "leakwatch COMMAND: what" on stderr; the exit status for it: 2 for bad input (an
// unknown id, a refused state change, a value over its cap), 1 for a catalog failure.
int report_failure(const char* command, const Error& e);

// Who runs the command, for --by and the rescan reason: $USER, $LOGNAME, or "cli".
std::string default_actor();

// `--db` on a command with subcommands and on each of them (call once they are all declared), so
// it may come before or after the subcommand's name.
void add_db_option(CLI::App& app, std::string& db);

// Parses a command with subcommands: nullopt to go on, or the exit status to return (0 after
// --help; 2 after one line on stderr for a bad option or a first word that is not a subcommand).
std::optional<int> parse_with_subcommands(CLI::App& app, int argc, char** argv,
                                          const char* command);

// "2026-11-01 12:30", or "-" when absent.
std::string time_or_dash(std::optional<std::int64_t> unix_ms);

// A span of time for people: "45s", "12m 5s", "3h 20m", "2d 4h".
std::string span_text(std::int64_t ms);

}  // namespace lw::cli
