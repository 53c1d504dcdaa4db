#include <array>
#include <cctype>
#include <string>

#include "probes/banner/banner_probe.h"

namespace lw::probes {
namespace {

struct Marker {
  std::string_view needle;  // text in the banner that names the product
  std::string_view product;
  char version_after;  // the version follows the needle after this separator, or 0
};

// Ordered: the first marker found wins.
constexpr std::array<Marker, 12> kMarkers{{
    {"OpenSSH_", "openssh", '\0'},
    {"vsFTPd ", "vsftpd", '\0'},
    {"ProFTPD ", "proftpd", '\0'},
    {"Pure-FTPd", "pure-ftpd", '\0'},
    {"Dovecot", "dovecot", '\0'},
    {"Postfix", "postfix", '\0'},
    {"Exim ", "exim", '\0'},
    {"Microsoft ESMTP", "exchange", '\0'},
    {"RFB ", "vnc", '\0'},
    {"@RSYNCD: ", "rsync", '\0'},
    {"nginx/", "nginx", '\0'},
    {"Apache/", "apache-httpd", '\0'},
}};

std::string version_at(std::string_view text, std::size_t pos) {
  std::string v;
  while (pos < text.size() && v.size() < 32) {
    const char c = text[pos];
    if (std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '-' || c == '_') {
      v.push_back(c);
      ++pos;
    } else {
      break;
    }
  }
  return v;
}

}  // namespace

BannerProduct product_from_banner(std::string_view banner) {
  for (const auto& m : kMarkers) {
    const auto pos = banner.find(m.needle);
    if (pos == std::string_view::npos) continue;
    BannerProduct out{std::string(m.product), {}};
    // Versions follow markers that end in a separator ("OpenSSH_9.2p1", "vsFTPd 3.0.3").
    const char last = m.needle.back();
    if (last == '_' || last == ' ' || last == '/') {
      out.version = version_at(banner, pos + m.needle.size());
    }
    return out;
  }
  if (banner.starts_with("SSH-")) return {"ssh", {}};
  if (banner.starts_with("HTTP/")) return {"http", {}};
  return {};
}

}  // namespace lw::probes
