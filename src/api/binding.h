#pragma once

#include <string>
#include <string_view>

#include "core/result.h"

// Where the API listens, and the rule for leaving loopback (docs/api.md "Binding and TLS").
namespace lw::api {

struct ListenAddress {
  std::string host;
  int port = 0;
};

// "127.0.0.1:8642", "[::1]:8642", "0.0.0.0:443"; the port 0 to 65535. Host names are refused:
// the address to bind is given literally.
Result<ListenAddress> parse_listen(std::string_view text);

// Only 127.0.0.1 and ::1 count as loopback. Any other address (127.0.0.5 included) is "off
// loopback" and needs TLS and at least one token.
bool is_default_loopback(std::string_view host) noexcept;

// The refusal to start, or nothing: off loopback without TLS, or without an active token.
Result<void> check_exposure(std::string_view host, bool tls, std::int64_t active_tokens);

}  // namespace lw::api
