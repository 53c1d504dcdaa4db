#pragma once

#include <string>
#include <string_view>

#include "core/error.h"

// Every API error is {"error":{"message":..., "field":...}}: one sentence naming the bad thing,
// and the request field it came from ("q", "cursor", "body", "Authorization", ...) or null; a
// bad search query adds "column", the 1-based position in q where it went wrong.
namespace lw::api {

std::string error_body(std::string_view message, std::string_view field = {},
                       std::size_t column = 0);

// The HTTP status of a store or catalog error: 404 not_found, 400 bad input, 413 too large,
// 500 otherwise (a database failure: its text is not shown, it names the catalog's internals).
int status_of(const Error&) noexcept;

}  // namespace lw::api
