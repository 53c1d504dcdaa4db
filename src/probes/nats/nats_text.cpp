#include "probes/nats/nats_text.h"

#include <charconv>

namespace lw::probes::nats {
namespace {

std::vector<std::string_view> fields(std::string_view s) {
  std::vector<std::string_view> out;
  while (!s.empty() && out.size() < 8) {
    const std::size_t sp = s.find_first_of(" \t");
    if (sp != 0) out.push_back(s.substr(0, sp));
    if (sp == std::string_view::npos) break;
    s.remove_prefix(sp + 1);
  }
  return out;
}

bool starts_with_ci(std::string_view s, std::string_view p) {
  if (s.size() < p.size()) return false;
  for (std::size_t i = 0; i < p.size(); ++i) {
    const char c = s[i] >= 'a' && s[i] <= 'z' ? static_cast<char>(s[i] - 32) : s[i];
    if (c != p[i]) return false;
  }
  return true;
}

}  // namespace

bool has_line(std::string_view in) noexcept {
  return in.find("\r\n") != std::string_view::npos || in.size() >= kMaxLine;
}

Result<ServerText> read_server(std::string_view in) {
  ServerText out;
  std::size_t pos = 0;
  while (pos < in.size()) {
    const std::size_t crlf = in.find("\r\n", pos);
    if (crlf == std::string_view::npos) {
      if (in.size() - pos > kMaxLine) return fail(ErrorCode::too_large, "line over cap");
      break;
    }
    if (crlf - pos > kMaxLine) return fail(ErrorCode::too_large, "line over cap");
    const std::string_view line = in.substr(pos, crlf - pos);
    const std::size_t next = crlf + 2;
    if (starts_with_ci(line, "INFO ")) {
      auto j = nlohmann::json::parse(line.substr(5), nullptr, false);
      if (j.is_discarded() || !j.is_object()) {
        return fail(ErrorCode::parse_error, "INFO is not a JSON object");
      }
      if (!out.info) out.info = std::move(j);
    } else if (starts_with_ci(line, "MSG ")) {
      const auto f = fields(line.substr(4));
      if (f.size() < 3 || f.size() > 4) return fail(ErrorCode::parse_error, "bad MSG line");
      std::size_t n = 0;
      const auto count = f.back();
      const auto [p, ec] = std::from_chars(count.data(), count.data() + count.size(), n);
      if (ec != std::errc{} || p != count.data() + count.size()) {
        return fail(ErrorCode::parse_error, "bad MSG byte count");
      }
      if (n > kMaxPayload) return fail(ErrorCode::too_large, "MSG payload over cap");
      if (in.size() - next < n + 2) break;  // payload not all here
      if (in.substr(next + n, 2) != "\r\n") {
        return fail(ErrorCode::parse_error, "MSG payload not followed by CRLF");
      }
      if (out.messages.size() < kMaxMessages) {
        out.messages.push_back(Message{std::string(f[0]), std::string(in.substr(next, n))});
      }
      pos = next + n + 2;
      out.complete_line_seen = true;
      continue;
    } else if (starts_with_ci(line, "PONG")) {
      out.pong = true;
    } else if (starts_with_ci(line, "-ERR")) {
      if (!out.error) out.error = std::string(line.substr(0, 256));
    }
    out.complete_line_seen = true;
    pos = next;
  }
  return out;
}

std::string connect_line() {
  return "CONNECT {\"verbose\":false,\"pedantic\":false,\"tls_required\":false,"
         "\"name\":\"leakwatch\",\"lang\":\"c++\",\"version\":\"0.1\",\"protocol\":1,"
         "\"echo\":false}\r\n";
}

}  // namespace lw::probes::nats
