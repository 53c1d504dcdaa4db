#include "api/error_json.h"

#include <nlohmann/json.hpp>

namespace lw::api {

std::string error_body(std::string_view message, std::string_view field, std::size_t column) {
  nlohmann::json err{{"message", message}};
  err["field"] = field.empty() ? nlohmann::json() : nlohmann::json(field);
  if (column > 0) err["column"] = column;
  return nlohmann::json{{"error", err}}.dump(-1, ' ', false,
                                             nlohmann::json::error_handler_t::replace);
}

int status_of(const Error& e) noexcept {
  switch (e.code) {
    case ErrorCode::not_found:
      return 404;
    case ErrorCode::invalid_argument:
    case ErrorCode::parse_error:
    case ErrorCode::too_deep:
    case ErrorCode::unsupported:
      return 400;
    case ErrorCode::too_large:
      return 413;
    default:
      return 500;
  }
}

}  // namespace lw::api
