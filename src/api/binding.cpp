#include "api/binding.h"

#include <arpa/inet.h>

#include <charconv>

namespace lw::api {

Result<ListenAddress> parse_listen(std::string_view text) {
  ListenAddress out;
  std::string_view host, port;
  if (text.starts_with("[")) {
    const auto close = text.find("]:");
    if (close == std::string_view::npos) {
      return fail(ErrorCode::invalid_argument,
                  "'" + std::string(text.substr(0, 64)) + "' is not [IPv6]:PORT", "--listen");
    }
    host = text.substr(1, close - 1);
    port = text.substr(close + 2);
  } else {
    const auto colon = text.rfind(':');
    if (colon == std::string_view::npos || text.find(':') != colon) {
      return fail(ErrorCode::invalid_argument,
                  "'" + std::string(text.substr(0, 64)) + "' is not ADDRESS:PORT", "--listen");
    }
    host = text.substr(0, colon);
    port = text.substr(colon + 1);
  }
  unsigned char buf[16];
  const std::string h(host);
  const bool v6 = inet_pton(AF_INET6, h.c_str(), buf) == 1;
  if (!v6 && inet_pton(AF_INET, h.c_str(), buf) != 1) {
    return fail(ErrorCode::invalid_argument,
                "'" + h.substr(0, 64) + "' is not an IPv4 or IPv6 address", "--listen");
  }
  const char* end = port.data() + port.size();
  auto [p, ec] = std::from_chars(port.data(), end, out.port);
  if (port.empty() || ec != std::errc() || p != end || out.port < 0 || out.port > 65535) {
    return fail(ErrorCode::invalid_argument,
                "'" + std::string(port.substr(0, 16)) + "' is not a port (0-65535)", "--listen");
  }
  out.host = h;
  return out;
}

bool is_default_loopback(std::string_view host) noexcept {
  return host == "127.0.0.1" || host == "::1";
}

Result<void> check_exposure(std::string_view host, bool tls, std::int64_t active_tokens) {
  if (is_default_loopback(host)) return {};
  if (!tls) {
    return fail(ErrorCode::invalid_argument,
                "refusing to listen on " + std::string(host) +
                    " without TLS: give --tls-cert and --tls-key, or --tls-self-signed "
                    "(only 127.0.0.1 and ::1 may serve plain HTTP)");
  }
  if (active_tokens <= 0) {
    return fail(ErrorCode::invalid_argument,
                "refusing to listen on " + std::string(host) +
                    " with no API token: create one first with "
                    "`leakwatch token create --name NAME --role viewer|responder|admin`");
  }
  return {};
}

}  // namespace lw::api
