// The `api:` section: the REST API that `leakwatch serve` starts beside the daemon (docs/api.md).
#include <arpa/inet.h>

#include <charconv>

#include "core/address.h"
#include "monitor/config_parts.h"

namespace lw::monitor {
namespace {

// "ADDRESS:PORT" or "[IPv6]:PORT" with an address literal; the address, or nullopt.
std::optional<std::string> listen_address(std::string_view text) {
  std::string_view host, port;
  if (text.starts_with("[")) {
    const auto close = text.find("]:");
    if (close == std::string_view::npos) return std::nullopt;
    host = text.substr(1, close - 1);
    port = text.substr(close + 2);
  } else {
    const auto colon = text.rfind(':');
    if (colon == std::string_view::npos || text.find(':') != colon) return std::nullopt;
    host = text.substr(0, colon);
    port = text.substr(colon + 1);
  }
  unsigned char buf[16];
  const std::string h(host);
  if (inet_pton(AF_INET, h.c_str(), buf) != 1 && inet_pton(AF_INET6, h.c_str(), buf) != 1) {
    return std::nullopt;
  }
  int p = 0;
  const char* end = port.data() + port.size();
  auto [ptr, ec] = std::from_chars(port.data(), end, p);
  if (port.empty() || ec != std::errc() || ptr != end || p < 0 || p > 65535) return std::nullopt;
  return h;
}

}  // namespace

Result<void> read_api(FieldReader& r, const Field& at, ApiSection& out) {
  if (!at.node.IsDefined()) return {};
  out.enabled = true;
  if (!at.present()) return {};  // `api:` alone: the defaults
  if (auto m = r.check_map(
          at, {"listen", "tls_cert", "tls_key", "tls_self_signed", "web_root", "trusted_proxies"});
      !m) {
    return tl::unexpected(m.error());
  }
  std::string host = "127.0.0.1";
  if (const Field f = r.child(at, "listen"); f.present()) {
    auto v = r.text(f, 64);
    if (!v) return tl::unexpected(v.error());
    auto addr = listen_address(*v);
    if (!addr) {
      return r.error(f,
                     "'" + printable(*v) +
                         "' is not ADDRESS:PORT or [IPv6]:PORT (an address literal, port 0-65535)");
    }
    out.listen = *v;
    host = *addr;
  }
  for (auto [key, value] : {std::pair<const char*, std::string*>{"tls_cert", &out.tls_cert},
                            {"tls_key", &out.tls_key},
                            {"web_root", &out.web_root}}) {
    if (const Field f = r.child(at, key); f.present()) {
      auto v = r.text(f, 4096);
      if (!v) return tl::unexpected(v.error());
      if (v->empty()) return r.error(f, "the path is empty");
      *value = *v;
    }
  }
  if (const Field f = r.child(at, "tls_self_signed"); f.present()) {
    auto v = r.boolean(f);
    if (!v) return tl::unexpected(v.error());
    out.tls_self_signed = *v;
  }
  if (const Field f = r.child(at, "trusted_proxies"); f.present()) {
    auto v = r.texts(f, 64);
    if (!v) return tl::unexpected(v.error());
    for (const auto& entry : *v) {
      if (!parse_address_or_cidr(entry)) {
        return r.error(f, "'" + printable(entry) + "' is not an address or CIDR block");
      }
    }
    out.trusted_proxies = std::move(*v);
  }
  if (out.tls_cert.empty() != out.tls_key.empty()) {
    return r.error(r.child(at, out.tls_cert.empty() ? "tls_key" : "tls_cert"),
                   "tls_cert and tls_key go together");
  }
  if (out.tls_self_signed && !out.tls_cert.empty()) {
    return r.error(r.child(at, "tls_self_signed"),
                   "tls_self_signed and tls_cert/tls_key exclude each other");
  }
  const bool loopback = host == "127.0.0.1" || host == "::1";
  if (!loopback && out.tls_cert.empty() && !out.tls_self_signed) {
    return r.error(r.child(at, "listen"),
                   host +
                       " is off loopback: give tls_cert and tls_key, or tls_self_signed "
                       "(only 127.0.0.1 and ::1 may serve plain HTTP)");
  }
  return {};
}

}  // namespace lw::monitor
