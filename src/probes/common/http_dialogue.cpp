#include "probes/common/http_dialogue.h"

namespace lw::probes::http {

std::string host_header(const ProbeOptions& options) {
  std::string host = options.host_name.empty() ? std::string("localhost") : options.host_name;
  if (options.port != 0 && options.port != 80) host += ":" + std::to_string(options.port);
  return host;
}

std::string post_request(std::string_view path, std::string_view host, std::string_view body,
                         std::string_view content_type) {
  std::string req;
  req.reserve(200 + path.size() + host.size() + body.size());
  req.append("POST ").append(path).append(" HTTP/1.1\r\nHost: ").append(host);
  req.append("\r\nUser-Agent: leakwatch/0.1 (exposure scanner; read-only)\r\nAccept: */*\r\n");
  req.append("Connection: keep-alive\r\nContent-Type: ").append(content_type);
  req.append("\r\nContent-Length: ").append(std::to_string(body.size())).append("\r\n\r\n");
  req.append(body);
  return req;
}

Exchange post_exchange(std::string label, std::string_view path, std::string_view body,
                       const ProbeOptions& options, std::uint32_t max_reply_bytes) {
  return Exchange{std::move(label), post_request(path, host_header(options), body),
                  max_reply_bytes};
}

Exchange labelled_get(std::string label, std::string_view path, const ProbeOptions& options,
                      std::uint32_t max_reply_bytes, std::string_view extra_headers) {
  return Exchange{std::move(label), get_request(path, host_header(options), true, extra_headers),
                  max_reply_bytes};
}

std::string url_encode(std::string_view text) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  out.reserve(text.size() * 3);
  for (const char ch : text) {
    const auto c = static_cast<unsigned char>(ch);
    const bool unreserved = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
                            (c >= '0' && c <= '9') || c == '-' || c == '.' || c == '_' || c == '~';
    if (unreserved) {
      out.push_back(ch);
    } else {
      out.push_back('%');
      out.push_back(kHex[c >> 4]);
      out.push_back(kHex[c & 0x0f]);
    }
  }
  return out;
}

const Turn* find_turn(const Transcript& t, std::string_view label) {
  for (const auto& turn : t) {
    if (turn.exchange.label == label) return &turn;
  }
  return nullptr;
}

std::size_t count_turns(const Transcript& t, std::string_view prefix) {
  std::size_t n = 0;
  for (const auto& turn : t) {
    if (turn.exchange.label.starts_with(prefix)) ++n;
  }
  return n;
}

Result<JsonReply> json_reply(const Turn& turn, json::Limits limits) {
  auto response = parse_response(turn.reply);
  if (!response) return tl::unexpected(response.error());
  JsonReply out;
  out.response = std::move(*response);
  const std::string_view body = out.response.body;
  const auto first = body.find_first_not_of(" \t\r\n");
  if (first == std::string_view::npos) return out;
  const char c = body[first];
  if (c != '{' && c != '[' && c != '"') return out;
  if (out.response.truncated) {  // a body cut short is never trusted, even if it parses
    out.json_error = Error{ErrorCode::parse_error, "reply ended before its declared body", "body"};
    return out;
  }
  auto parsed = json::parse_bounded(body, limits);
  if (parsed) {
    out.body = std::move(*parsed);
  } else {
    out.json_error = parsed.error();
  }
  return out;
}

int status_of(const Transcript& t, std::string_view label) {
  const Turn* turn = find_turn(t, label);
  if (turn == nullptr) return 0;
  auto r = parse_response(turn->reply);
  return r ? r->status : 0;
}

Verdict judge_common(const Observation& obs) {
  return verdict_from_facts(obs);
}

Framing frame_http(std::string_view reply) {
  return frame_response(reply);
}

}  // namespace lw::probes::http
