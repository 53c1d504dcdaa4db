#pragma once

#include <httplib.h>

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>

#include "api/options.h"
#include "core/error.h"
#include "core/result.h"

// Reading requests and writing responses, the same way in every handler.
namespace lw::api {

// A refusal a handler returns: the status, one sentence, and the request field it names.
struct HttpError {
  int status = 400;
  std::string message;
  std::string field;
  std::size_t column = 0;  // a bad search query: where in q
};
template <class T>
using HttpResult = tl::expected<T, HttpError>;

inline tl::unexpected<HttpError> refuse(int status, std::string message, std::string field = {}) {
  return tl::unexpected<HttpError>(HttpError{status, std::move(message), std::move(field)});
}
// A store's error as a refusal (status_of); a database failure's text is kept out of the reply.
HttpError from_error(const Error& e, std::string field = {});

void reply_json(httplib::Response& res, int status, const nlohmann::json& body);
void reply_error(httplib::Response& res, const HttpError& e);

// ?limit= (1 to max_page; default_page when absent).
HttpResult<std::size_t> page_limit(const httplib::Request& req, const ApiOptions& options);
// A query parameter's value, or "" (at most `max_bytes`, else refused naming it).
HttpResult<std::string> query_param(const httplib::Request& req, const char* name,
                                    std::size_t max_bytes = 4096);
// A path id (req.matches[index]): a decimal number from 1 to 2^63-1.
HttpResult<std::int64_t> path_id(const httplib::Request& req, std::size_t index,
                                 std::string_view what);
// The body as a JSON object ({} when empty); malformed JSON names its byte offset.
HttpResult<nlohmann::json> json_body(const httplib::Request& req);
// body[key] as a string ("" when absent; refused when not a string or longer than max_bytes).
HttpResult<std::string> body_string(const nlohmann::json& body, const char* key,
                                    std::size_t max_bytes);

// The position in ?cursor= of a request keyed by `key` (its route and filters): 0 without one;
// a cursor of another request, or one this server did not make, is refused naming "cursor".
HttpResult<std::int64_t> offset_from(const httplib::Request& req, const std::string& key);
// The cursor continuing a page of `key` at `next`, or "" when nothing is left.
std::string next_offset_cursor(const std::string& key, std::int64_t next, bool more);

// "2026-11-01T12:30:00Z" for a time in milliseconds since the epoch, or null for nullopt.
nlohmann::json time_json(std::optional<std::int64_t> ms);

}  // namespace lw::api
