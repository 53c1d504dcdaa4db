#pragma once

#include <string>
#include <string_view>

namespace lw {

enum class ErrorCode {
  invalid_argument,  // bad user input: a target, a port, an option, a query
  parse_error,       // malformed bytes from the network or a file
  too_large,         // a length or count over its cap
  too_deep,          // nesting over its cap
  io_error,          // a file or socket operation failed
  timeout,
  not_found,
  unsupported,
  database,  // the catalog failed (corrupt, locked, gone away)
  internal,
};

std::string_view to_string(ErrorCode code) noexcept;

// An expected failure: what went wrong and where (a byte offset, a token, a file and line).
struct Error {
  ErrorCode code = ErrorCode::internal;
  std::string message;
  std::string where;

  // "where: message", or the message alone when there is no place to name.
  std::string describe() const;
};

}  // namespace lw
