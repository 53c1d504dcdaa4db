#include "probes/common/http.h"

#include "core/ascii.h"

#include <algorithm>
#include <cctype>
#include <charconv>

namespace lw::probes::http {
namespace {

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r'))
    s.remove_suffix(1);
  return s;
}

bool parse_size(std::string_view s, int base, std::uint64_t& out) {
  s = trim(s);
  if (s.empty() || s.size() > 16) return false;
  const auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), out, base);
  return ec == std::errc{} && ptr == s.data() + s.size();
}

struct Head {
  int status = 0;
  std::string reason;
  std::vector<std::pair<std::string, std::string>> headers;
  std::size_t body_start = 0;
  std::optional<std::uint64_t> content_length;
  bool chunked = false;
};

// Parses the status line and headers. nullopt when they are not all there yet.
Result<std::optional<Head>> parse_head(std::string_view reply) {
  if (!reply.starts_with("HTTP/")) {
    if (reply.size() < 5 && std::string_view("HTTP/").starts_with(reply)) {
      return std::optional<Head>{};
    }
    return fail(ErrorCode::parse_error, "not an HTTP response", "offset 0");
  }
  const auto end = reply.find("\r\n\r\n");
  if (end == std::string_view::npos) {
    if (reply.size() > kMaxHeaderBytes) {
      return fail(ErrorCode::too_large, "HTTP headers over 16 KiB", "offset 0");
    }
    return std::optional<Head>{};
  }
  Head head;
  head.body_start = end + 4;
  std::string_view rest = reply.substr(0, end);
  const auto line_end = rest.find("\r\n");
  const std::string_view status_line = rest.substr(0, line_end);
  rest = line_end == std::string_view::npos ? std::string_view{} : rest.substr(line_end + 2);
  const auto sp = status_line.find(' ');
  std::uint64_t code = 0;
  if (sp == std::string_view::npos || !parse_size(status_line.substr(sp + 1, 3), 10, code) ||
      code < 100 || code > 999) {
    return fail(ErrorCode::parse_error, "bad HTTP status line", "offset 0");
  }
  head.status = static_cast<int>(code);
  if (status_line.size() > sp + 5) head.reason = std::string(trim(status_line.substr(sp + 5)));
  while (!rest.empty()) {
    const auto eol = rest.find("\r\n");
    const std::string_view line = rest.substr(0, eol);
    rest = eol == std::string_view::npos ? std::string_view{} : rest.substr(eol + 2);
    const auto colon = line.find(':');
    if (colon == std::string_view::npos || colon == 0) {
      return fail(ErrorCode::parse_error, "bad HTTP header line",
                  "header " + std::to_string(head.headers.size() + 1));
    }
    if (head.headers.size() >= kMaxHeaders) {
      return fail(ErrorCode::too_large, "more than 100 HTTP headers", "headers");
    }
    std::string name = ascii_lower(trim(line.substr(0, colon)));
    std::string value(trim(line.substr(colon + 1)));
    if (name == "content-length") {
      std::uint64_t n = 0;
      if (!parse_size(value, 10, n)) {
        return fail(ErrorCode::parse_error, "bad Content-Length", "header content-length");
      }
      head.content_length = n;
    } else if (name == "transfer-encoding" &&
               ascii_lower(value).find("chunked") != std::string::npos) {
      head.chunked = true;
    }
    head.headers.emplace_back(std::move(name), std::move(value));
  }
  return std::optional<Head>{std::move(head)};
}

enum class ChunkState { complete, need_more, invalid };

constexpr std::size_t kMaxTrailerBytes = 8 * 1024;

// The trailer section after the last chunk: header lines up to an empty line (RFC 9112 7.1.2).
// Waiting for its end keeps a trailing CRLF from being read as the start of the next reply.
ChunkState trailers(std::string_view rest) {
  if (rest.starts_with("\r\n")) return ChunkState::complete;
  if (rest.find("\r\n\r\n") != std::string_view::npos) return ChunkState::complete;
  return rest.size() > kMaxTrailerBytes ? ChunkState::invalid : ChunkState::need_more;
}

// De-chunks `body` into `out`; complete when the terminating zero-size chunk and the trailer
// section were seen.
ChunkState dechunk(std::string_view body, std::string* out) {
  std::size_t pos = 0;
  while (true) {
    const auto eol = body.find("\r\n", pos);
    if (eol == std::string_view::npos)
      return body.size() - pos > 64 ? ChunkState::invalid : ChunkState::need_more;
    std::string_view size_text = body.substr(pos, eol - pos);
    if (const auto semi = size_text.find(';'); semi != std::string_view::npos) {
      size_text = size_text.substr(0, semi);
    }
    std::uint64_t size = 0;
    if (!parse_size(size_text, 16, size)) return ChunkState::invalid;
    pos = eol + 2;
    if (size == 0) return trailers(body.substr(pos));
    if (size > body.size() - pos) {
      if (out) out->append(body.substr(pos));
      return ChunkState::need_more;
    }
    if (out) out->append(body.substr(pos, size));
    pos += size;
    if (body.size() - pos < 2) return ChunkState::need_more;
    if (body.substr(pos, 2) != "\r\n") return ChunkState::invalid;
    pos += 2;
  }
}

}  // namespace

std::optional<std::string_view> Response::header(std::string_view lower_name) const {
  for (const auto& [k, v] : headers) {
    if (k == lower_name) return std::string_view(v);
  }
  return std::nullopt;
}

std::string get_request(std::string_view path, std::string_view host, bool keep_alive,
                        std::string_view extra_headers) {
  std::string req;
  req.reserve(160 + path.size() + host.size() + extra_headers.size());
  req.append("GET ").append(path).append(" HTTP/1.1\r\nHost: ").append(host);
  req.append("\r\nUser-Agent: leakwatch/0.1 (exposure scanner; read-only)\r\nAccept: */*\r\n");
  req.append(keep_alive ? "Connection: keep-alive\r\n" : "Connection: close\r\n");
  req.append(extra_headers);
  req.append("\r\n");
  return req;
}

Framing frame_response(std::string_view reply) {
  auto head = parse_head(reply);
  if (!head) return Framing::invalid;
  if (!*head) return Framing::need_more;
  const Head& h = **head;
  const std::string_view body = reply.substr(h.body_start);
  if (h.status == 204 || h.status == 304 || (h.status >= 100 && h.status < 200)) {
    return Framing::complete;
  }
  if (h.chunked) {
    switch (dechunk(body, nullptr)) {
      case ChunkState::complete:
        return Framing::complete;
      case ChunkState::need_more:
        return Framing::need_more;
      case ChunkState::invalid:
        return Framing::invalid;
    }
  }
  if (h.content_length) {
    return body.size() >= *h.content_length ? Framing::complete : Framing::need_more;
  }
  return Framing::need_more;  // ends when the peer closes
}

Result<Response> parse_response(std::string_view reply) {
  auto head = parse_head(reply);
  if (!head) return tl::unexpected(head.error());
  if (!*head)
    return fail(ErrorCode::parse_error, "HTTP response ends inside its headers", "headers");
  Head& h = **head;
  Response r;
  r.status = h.status;
  r.reason = std::move(h.reason);
  r.headers = std::move(h.headers);
  const std::string_view body = reply.substr(h.body_start);
  if (h.chunked) {
    const auto state = dechunk(body, &r.body);
    if (state == ChunkState::invalid) {
      return fail(ErrorCode::parse_error, "bad chunked encoding",
                  "offset " + std::to_string(h.body_start));
    }
    r.truncated = state == ChunkState::need_more;
  } else if (h.content_length) {
    r.body = std::string(body.substr(0, std::min<std::uint64_t>(body.size(), *h.content_length)));
    r.truncated = body.size() < *h.content_length;
  } else {
    r.body = std::string(body);
  }
  return r;
}

Exchange get_exchange(std::string_view path, const ProbeOptions& options,
                      std::uint32_t max_reply_bytes) {
  std::string host = options.host_name;
  if (host.empty()) host = "localhost";
  if (options.port != 0 && options.port != 80) host += ":" + std::to_string(options.port);
  return Exchange{"GET " + std::string(path), get_request(path, host), max_reply_bytes};
}

}  // namespace lw::probes::http
