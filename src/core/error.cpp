#include "core/error.h"

namespace lw {

std::string_view to_string(ErrorCode code) noexcept {
  switch (code) {
    case ErrorCode::invalid_argument:
      return "invalid_argument";
    case ErrorCode::parse_error:
      return "parse_error";
    case ErrorCode::too_large:
      return "too_large";
    case ErrorCode::too_deep:
      return "too_deep";
    case ErrorCode::io_error:
      return "io_error";
    case ErrorCode::timeout:
      return "timeout";
    case ErrorCode::not_found:
      return "not_found";
    case ErrorCode::unsupported:
      return "unsupported";
    case ErrorCode::database:
      return "database";
    case ErrorCode::internal:
      return "internal";
  }
  return "internal";
}

std::string Error::describe() const {
  if (where.empty()) return message;
  return where + ": " + message;
}

}  // namespace lw
