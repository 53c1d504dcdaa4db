#include "api/http_io.h"

#include <charconv>
#include <ctime>

#include "api/cursor.h"
#include "api/error_json.h"

namespace lw::api {

HttpError from_error(const Error& e, std::string field) {
  const int status = status_of(e);
  if (status == 500) return HttpError{500, "the catalog failed; the server log has no more", ""};
  return HttpError{status, e.message, std::move(field)};
}

void reply_json(httplib::Response& res, int status, const nlohmann::json& body) {
  res.status = status;
  res.set_content(body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace),
                  "application/json");
}

void reply_error(httplib::Response& res, const HttpError& e) {
  res.status = e.status;
  res.set_content(error_body(e.message, e.field, e.column), "application/json");
}

HttpResult<std::string> query_param(const httplib::Request& req, const char* name,
                                    std::size_t max_bytes) {
  if (!req.has_param(name)) return std::string();
  auto v = req.get_param_value(name);
  if (v.size() > max_bytes) {
    return refuse(400,
                  std::string(name) + " is " + std::to_string(v.size()) +
                      " bytes long; the limit is " + std::to_string(max_bytes),
                  name);
  }
  return v;
}

HttpResult<std::size_t> page_limit(const httplib::Request& req, const ApiOptions& options) {
  if (!req.has_param("limit")) return options.default_page;
  const auto v = req.get_param_value("limit");
  std::size_t n = 0;
  const char* end = v.data() + v.size();
  auto [p, ec] = std::from_chars(v.data(), end, n);
  if (v.empty() || ec != std::errc() || p != end || n < 1 || n > options.max_page) {
    return refuse(400,
                  "limit must be a number from 1 to " + std::to_string(options.max_page) +
                      " (got '" + v.substr(0, 32) + "')",
                  "limit");
  }
  return n;
}

HttpResult<std::int64_t> path_id(const httplib::Request& req, std::size_t index,
                                 std::string_view what) {
  const std::string v = index < req.matches.size() ? req.matches[index].str() : std::string();
  std::int64_t id = 0;
  const char* end = v.data() + v.size();
  auto [p, ec] = std::from_chars(v.data(), end, id);
  if (v.empty() || ec != std::errc() || p != end || id < 1) {
    return refuse(
        400,
        std::string(what) + " must be a number from 1 to 2^63-1 (got '" + v.substr(0, 32) + "')",
        std::string(what));
  }
  return id;
}

HttpResult<nlohmann::json> json_body(const httplib::Request& req) {
  if (req.body.empty()) return nlohmann::json::object();
  try {
    auto j = nlohmann::json::parse(req.body);
    if (!j.is_object()) return refuse(400, "the body must be a JSON object", "body");
    return j;
  } catch (const nlohmann::json::parse_error& e) {
    return refuse(400, "the body is not valid JSON at byte " + std::to_string(e.byte), "body");
  }
}

HttpResult<std::string> body_string(const nlohmann::json& body, const char* key,
                                    std::size_t max_bytes) {
  auto it = body.find(key);
  if (it == body.end() || it->is_null()) return std::string();
  if (!it->is_string()) return refuse(400, std::string(key) + " must be a string", key);
  auto s = it->get<std::string>();
  if (s.size() > max_bytes) {
    return refuse(400,
                  std::string(key) + " is " + std::to_string(s.size()) +
                      " bytes long; the limit is " + std::to_string(max_bytes),
                  key);
  }
  return s;
}

nlohmann::json time_json(std::optional<std::int64_t> ms) {
  if (!ms) return nullptr;
  const std::time_t secs = static_cast<std::time_t>(*ms / 1000);
  std::tm tm{};
  gmtime_r(&secs, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return std::string(buf);
}

HttpResult<std::int64_t> offset_from(const httplib::Request& req, const std::string& key) {
  auto text = query_param(req, "cursor", kMaxCursorChars);
  if (!text) return tl::unexpected(text.error());
  if (text->empty()) return 0;
  auto pos = cursor_position(*text, scope_of(key));
  if (!pos) return refuse(400, pos.error().message, "cursor");
  return *pos;
}

std::string next_offset_cursor(const std::string& key, std::int64_t next, bool more) {
  return more ? encode_cursor({scope_of(key), next}) : std::string();
}

}  // namespace lw::api
