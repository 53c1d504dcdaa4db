#include "monitor/daemon/log.h"

#include <chrono>
#include <ctime>
#include <string>

#include "core/bytes.h"

namespace lw::monitor::daemon {
namespace {

std::string_view level_name(LogLevel level) {
  switch (level) {
    case LogLevel::debug:
      return "debug";
    case LogLevel::info:
      return "info";
    case LogLevel::warn:
      return "warn";
    case LogLevel::error:
      return "error";
  }
  return "info";
}

// A text value: control characters escaped so that a field cannot forge a log line.
std::string text_value(const nlohmann::json& v) {
  const std::string s = v.is_string()
                            ? v.get<std::string>()
                            : v.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  std::string out;
  const bool quote = s.empty() || s.find_first_of(" \"=") != std::string::npos;
  if (quote) out.push_back('"');
  for (char ch : s) {
    if (ch == '"' && quote) {
      out += "\\\"";
    } else {
      append_control_escaped(out, ch);
    }
  }
  if (quote) out.push_back('"');
  return out;
}

}  // namespace

std::int64_t wall_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

std::int64_t steady_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::steady_clock::now().time_since_epoch())
      .count();
}

std::string iso8601_ms(std::int64_t unix_ms) {
  const std::time_t secs = static_cast<std::time_t>(unix_ms / 1000);
  std::tm tm{};
  gmtime_r(&secs, &tm);
  char buf[40];
  const auto n = std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%S", &tm);
  char out[64];
  std::snprintf(out, sizeof out, "%.*s.%03dZ", static_cast<int>(n), buf,
                static_cast<int>(unix_ms % 1000));
  return out;
}

void Logger::set_format(LogFormat format) {
  std::lock_guard lock(mutex_);
  format_ = format;
}

void Logger::log(LogLevel level, std::string_view msg, const nlohmann::json& fields) {
  const std::string ts = iso8601_ms(wall_ms());
  std::string line;
  std::lock_guard lock(mutex_);
  if (format_ == LogFormat::json) {
    nlohmann::json j = nlohmann::json::object();
    j["ts"] = ts;
    j["level"] = level_name(level);
    j["msg"] = msg;
    if (fields.is_object()) {
      for (const auto& [k, v] : fields.items()) {
        if (k != "ts" && k != "level" && k != "msg") j[k] = v;
      }
    }
    line = j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  } else {
    line = ts + " " + std::string(level_name(level)) + " " + std::string(msg);
    if (fields.is_object()) {
      for (const auto& [k, v] : fields.items()) line += " " + k + "=" + text_value(v);
    }
  }
  line.push_back('\n');
  std::fwrite(line.data(), 1, line.size(), out_);
  std::fflush(out_);
}

}  // namespace lw::monitor::daemon
