#pragma once

#include <cstdint>
#include <cstdio>
#include <mutex>
#include <string_view>

#include <nlohmann/json.hpp>

#include "monitor/config.h"

namespace lw::monitor::daemon {

enum class LogLevel { debug, info, warn, error };

// The daemon's structured log: one line per event on stderr (or the FILE given), a JSON object
// (`log_format: json`) or `ts level msg key=value...` (`text`). `msg` is a fixed event name
// (docs/serve.md "Logs"); fields never hold a secret or a raw value. Safe from every thread.
class Logger {
 public:
  explicit Logger(LogFormat format, std::FILE* out = stderr) : format_(format), out_(out) {}

  void set_format(LogFormat format);
  void log(LogLevel level, std::string_view msg,
           const nlohmann::json& fields = nlohmann::json::object());
  void info(std::string_view msg, const nlohmann::json& fields = nlohmann::json::object()) {
    log(LogLevel::info, msg, fields);
  }
  void warn(std::string_view msg, const nlohmann::json& fields = nlohmann::json::object()) {
    log(LogLevel::warn, msg, fields);
  }
  void error(std::string_view msg, const nlohmann::json& fields = nlohmann::json::object()) {
    log(LogLevel::error, msg, fields);
  }

 private:
  std::mutex mutex_;
  LogFormat format_;
  std::FILE* out_;
};

// Unix milliseconds now (the machine's clock), and as ISO-8601 UTC with milliseconds.
std::int64_t wall_ms();
// Milliseconds on the monotonic clock (for intervals: it never steps).
std::int64_t steady_ms();
std::string iso8601_ms(std::int64_t unix_ms);

}  // namespace lw::monitor::daemon
