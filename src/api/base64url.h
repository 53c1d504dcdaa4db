#pragma once

#include <string>
#include <string_view>

#include "core/result.h"

// URL-safe base64 without padding (RFC 4648 section 5): API tokens and page cursors.
namespace lw::api {

std::string to_base64url(std::string_view in);
// Refuses (invalid_argument, where = "byte N") a character outside the alphabet.
Result<std::string> from_base64url(std::string_view in);

}  // namespace lw::api
