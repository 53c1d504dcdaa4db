#pragma once

#include <string>
#include <tl/expected.hpp>

#include "core/error.h"

namespace lw {

// Errors are values at every module border. Result<void> for operations with no value.
template <class T>
using Result = tl::expected<T, Error>;

inline tl::unexpected<Error> fail(ErrorCode code, std::string message, std::string where = {}) {
  return tl::unexpected<Error>(Error{code, std::move(message), std::move(where)});
}

}  // namespace lw
