// Validators for e-mail addresses, markings and secrets: format, checksum, decoding and entropy
// only; nothing is ever tried against a live service.
#include <zlib.h>

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "classify/validators.h"

#include "core/ascii.h"

namespace lw::classify {
namespace {

bool is_alnum(char c) noexcept {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

int b64_value(char c, bool url) noexcept {
  if (c >= 'A' && c <= 'Z') return c - 'A';
  if (c >= 'a' && c <= 'z') return c - 'a' + 26;
  if (c >= '0' && c <= '9') return c - '0' + 52;
  if (c == (url ? '-' : '+')) return 62;
  if (c == (url ? '_' : '/')) return 63;
  return -1;
}

// Decodes unpadded or padded base64 (or base64url); nullopt on a bad character.
std::optional<std::string> b64_decode(std::string_view s, bool url) {
  while (!s.empty() && s.back() == '=') s.remove_suffix(1);
  std::string out;
  out.reserve(s.size() * 3 / 4);
  std::uint32_t acc = 0;
  int bits = 0;
  for (char c : s) {
    const int v = b64_value(c, url);
    if (v < 0) return std::nullopt;
    acc = (acc << 6) | static_cast<std::uint32_t>(v);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out.push_back(static_cast<char>((acc >> bits) & 0xFFu));
    }
  }
  return out;
}

std::size_t char_classes(std::string_view s) noexcept {
  bool lo = false, up = false, dig = false, sym = false;
  for (char c : s) {
    if (c >= 'a' && c <= 'z')
      lo = true;
    else if (c >= 'A' && c <= 'Z')
      up = true;
    else if (c >= '0' && c <= '9')
      dig = true;
    else
      sym = true;
  }
  return std::size_t{lo} + std::size_t{up} + std::size_t{dig} + std::size_t{sym};
}

Validated email_common(std::string_view v, bool want_mil) {
  const auto at = v.find('@');
  if (at == 0 || at == std::string_view::npos || v.size() > 254 || at > 64) return {};
  const auto domain = ascii_lower(v.substr(at + 1));
  const auto dot = domain.rfind('.');
  if (dot == std::string::npos || dot == 0 || domain.size() - dot - 1 < 2) return {};
  const auto tld = std::string_view(domain).substr(dot + 1);
  for (char c : tld) {
    if (c < 'a' || c > 'z') return {};
  }
  static constexpr std::array<std::string_view, 8> kFileExt{"png", "jpg",  "jpeg", "gif",
                                                            "svg", "webp", "css",  "js"};
  for (auto ext : kFileExt) {
    if (tld == ext) return {};
  }
  if (v[at - 1] == '.' || v.front() == '.') return {};
  if ((tld == "mil") != want_mil)
    return want_mil ? Validated{} : Validated{Verdict::accept, ascii_lower(v)};
  return {Verdict::accept, ascii_lower(v)};
}

}  // namespace

std::string base62_crc32(std::string_view s) {
  static constexpr std::string_view kAlphabet =
      "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
  auto crc = crc32(0L, reinterpret_cast<const Bytef*>(s.data()), static_cast<uInt>(s.size()));
  std::string out;
  while (crc > 0) {
    out.insert(out.begin(), kAlphabet[crc % 62]);
    crc /= 62;
  }
  while (out.size() < 6) out.insert(out.begin(), '0');
  return out;
}

Validated validate_email(const Candidate& c) {
  return email_common(c.value, false);
}

Validated validate_email_mil(const Candidate& c) {
  return email_common(c.value, true);
}

Validated validate_marking(const Candidate& c) {
  std::string v(c.value.substr(0, 80));
  while (!v.empty() && (v.back() == ' ' || v.back() == ',' || v.back() == '/')) v.pop_back();
  if (v.empty()) return {};
  return {Verdict::accept, std::move(v)};
}

Validated validate_jwt(const Candidate& c) {
  const auto v = c.value;
  const auto dot1 = v.find('.');
  if (dot1 == std::string_view::npos) return {};
  const auto dot2 = v.find('.', dot1 + 1);
  if (dot2 == std::string_view::npos || dot2 == dot1 + 1) return {};
  const auto header = b64_decode(v.substr(0, dot1), true);
  const auto payload = b64_decode(v.substr(dot1 + 1, dot2 - dot1 - 1), true);
  if (!header || !payload) return {};
  if (header->empty() || header->front() != '{' || header->find("\"alg\"") == std::string::npos) {
    return {};
  }
  if (payload->empty() || payload->front() != '{') return {};
  return {Verdict::accept, std::string(v)};
}

Validated validate_github(const Candidate& c) {
  const auto v = c.value;
  if (v.rfind("github_pat_", 0) == 0) {
    return v.size() >= 82 ? Validated{Verdict::accept, std::string(v)} : Validated{};
  }
  // ghp_/gho_/ghu_/ghs_/ghr_/npm_ + 30 random base62 + 6 base62 CRC32 of the random part.
  const auto underscore = v.find('_');
  if (underscore == std::string_view::npos || v.size() != underscore + 1 + 36) return {};
  const auto random = v.substr(underscore + 1, 30);
  const auto checksum = v.substr(underscore + 31, 6);
  if (base62_crc32(random) != checksum) return {};
  return {Verdict::accept, std::string(v)};
}

Validated validate_gitlab(const Candidate& c) {
  // glpat- and exactly 20 characters (the token extractor took the longest run).
  const auto v = c.value;
  if (v.size() != 26 || v.substr(0, 6) != "glpat-") return {};
  return {Verdict::accept, std::string(v)};
}

Validated validate_aws_secret(const Candidate& c) {
  const auto v = c.value;
  if (v.size() != 40) return {};
  for (char ch : v) {
    if (!is_alnum(ch) && ch != '/' && ch != '+') return {};
  }
  if (shannon_entropy(v) < 3.8 || is_placeholder(v)) return {};
  return {Verdict::accept, std::string(v)};
}

Validated validate_azure_key(const Candidate& c) {
  auto v = c.value;
  if (v.size() != 88 || v.substr(86) != "==") return {};
  const auto raw = b64_decode(v, false);
  if (!raw || raw->size() != 64 || shannon_entropy(v) < 4.0) return {};
  return {Verdict::accept, std::string(v)};
}

Validated validate_sas(const Candidate& c) {
  // "?sig=" or "&sig=" followed by a URL-encoded base64 HMAC-SHA-256 (32 bytes).
  auto v = c.value;
  const auto eq = v.find('=');
  if (eq == std::string_view::npos) return {};
  v.remove_prefix(eq + 1);
  std::string decoded;
  for (std::size_t i = 0; i < v.size(); ++i) {
    if (v[i] == '%' && i + 2 < v.size()) {
      const auto hex = v.substr(i + 1, 2);
      if (hex == "2B" || hex == "2b")
        decoded.push_back('+');
      else if (hex == "2F" || hex == "2f")
        decoded.push_back('/');
      else if (hex == "3D" || hex == "3d")
        decoded.push_back('=');
      else
        return {};
      i += 2;
    } else {
      decoded.push_back(v[i]);
    }
  }
  const auto raw = b64_decode(decoded, false);
  if (!raw || raw->size() != 32) return {};
  return {Verdict::accept, decoded};
}

Validated validate_high_entropy(const Candidate& c) {
  const auto v = c.value;
  if (v.size() < 8 || v.size() > 200 || is_placeholder(v)) return {};
  for (char ch : v) {
    if (ch == '(' || ch == ')' || ch == '$' || ch == '%' || ch == ' ') return {};
  }
  if (char_classes(v) < 2) return {};
  const double threshold = v.size() >= 20 ? 3.5 : 2.8;
  if (shannon_entropy(v) < threshold) return {};
  return {Verdict::accept, std::string(v)};
}

Validated validate_url_password(const Candidate& c) {
  // scheme://user:password@
  const auto v = c.value;
  const auto scheme_end = v.find("://");
  if (scheme_end == std::string_view::npos || v.empty() || v.back() != '@') return {};
  const auto userinfo = v.substr(scheme_end + 3, v.size() - scheme_end - 4);
  const auto colon = userinfo.find(':');
  if (colon == std::string_view::npos) return {};  // "redis://:password@" has no user
  const auto password = userinfo.substr(colon + 1);
  if (password.empty() || is_placeholder(password)) return {};
  return {Verdict::accept, std::string(password)};
}

Validated validate_conn_password(const Candidate& c) {
  const auto v = c.value;
  if (v.empty() || v.size() > 128 || is_placeholder(v)) return {};
  return {Verdict::needs_context, std::string(v)};
}

Validated validate_pem(const Candidate& c) {
  // A header is only a key when a base64 body follows it.
  const auto after = c.text.substr(std::min(c.text.size(), c.begin + c.value.size()));
  std::size_t i = 0;
  for (;;) {
    if (i < after.size() && (after[i] == '\r' || after[i] == '\n')) {
      ++i;
    } else if (i + 1 < after.size() && after[i] == '\\' && after[i + 1] == 'n') {
      i += 2;  // an escaped newline inside a JSON string
    } else {
      break;
    }
  }
  std::size_t body = 0;
  const auto start = i;
  while (i < after.size() && body < 64 && b64_value(after[i], false) >= 0) {
    ++i;
    ++body;
  }
  if (body < 40) return {};
  return {Verdict::accept, std::string(after.substr(start, body))};
}

Validated validate_gcp_sa(const Candidate& c) {
  // The "type": "service_account" member must sit in an object with a private key.
  const auto lo = c.begin > 4096 ? c.begin - 4096 : 0;
  const auto window = c.text.substr(lo, 8192);
  if (window.find("\"private_key\"") == std::string_view::npos) return {};
  const auto email_key = window.find("\"client_email\"");
  if (email_key == std::string_view::npos) return {Verdict::accept, "service_account"};
  const auto q1 = window.find('"', window.find(':', email_key));
  const auto q2 = q1 == std::string_view::npos ? q1 : window.find('"', q1 + 1);
  if (q2 == std::string_view::npos) return {Verdict::accept, "service_account"};
  return {Verdict::accept, ascii_lower(window.substr(q1 + 1, q2 - q1 - 1))};
}

}  // namespace lw::classify
