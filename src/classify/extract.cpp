#include "classify/extract.h"

namespace lw::classify {
namespace {

constexpr std::size_t kMaxValue = 512;

inline bool alnum(char c) noexcept {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}
inline bool token_char(char c) noexcept {
  return alnum(c) || c == '_' || c == '-' || c == '.';
}
inline bool local_char(char c) noexcept {
  return alnum(c) || c == '.' || c == '_' || c == '%' || c == '+' || c == '-';
}
inline bool domain_char(char c) noexcept {
  return alnum(c) || c == '.' || c == '-';
}
inline bool value_end(char c) noexcept {
  return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '"' || c == '\'' || c == '`' ||
         c == ';' || c == ',' || c == '&' || c == '<' || c == '>' || c == '{' || c == '}' ||
         c == '[' || c == ']' || c == ')' || c == '\\';
}

std::optional<Span> token(std::string_view t, std::size_t to) noexcept {
  std::size_t b = to;
  while (b > 0 && to - b < kMaxValue && token_char(t[b - 1])) --b;
  std::size_t e = to;
  while (e < t.size() && e - b < kMaxValue && token_char(t[e])) ++e;
  while (e > b && t[e - 1] == '.') --e;
  if (e <= b) return std::nullopt;
  return Span{b, e};
}

inline bool hex_char(char c) noexcept {
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}
inline bool address_char(char c) noexcept {
  return hex_char(c) || c == ':' || c == '.';
}

// An IPv6 address around the match: hex digits, colons and dots (an embedded IPv4 tail), not
// glued to a word on either side ("std::max" holds "d::" but no address).
std::optional<Span> address(std::string_view t, std::size_t to) noexcept {
  constexpr std::size_t kMaxAddress = 45;  // INET6_ADDRSTRLEN - 1
  std::size_t b = to;
  while (b > 0 && to - b <= kMaxAddress && address_char(t[b - 1])) --b;
  std::size_t e = to;
  while (e < t.size() && e - b <= kMaxAddress && address_char(t[e])) ++e;
  while (e > b && t[e - 1] == '.') --e;
  if (e <= b || e - b > kMaxAddress) return std::nullopt;
  const auto word = [](char c) { return alnum(c) || c == '_'; };
  if ((b > 0 && word(t[b - 1])) || (e < t.size() && word(t[e]))) return std::nullopt;
  return Span{b, e};
}

std::optional<Span> email(std::string_view t, std::size_t to) noexcept {
  std::size_t at = to;
  while (at > 0 && to - at < 256 && t[at - 1] != '@') --at;
  if (at == 0 || t[at - 1] != '@') return std::nullopt;
  const std::size_t at_pos = at - 1;
  std::size_t b = at_pos;
  while (b > 0 && at_pos - b < 64 && local_char(t[b - 1])) --b;
  std::size_t e = at_pos + 1;
  while (e < t.size() && e - at_pos < 255 && domain_char(t[e])) ++e;
  while (e > at_pos + 1 && (t[e - 1] == '.' || t[e - 1] == '-')) --e;
  if (b == at_pos || e == at_pos + 1) return std::nullopt;
  return Span{b, e};
}

std::optional<Span> after(std::string_view t, std::size_t to) noexcept {
  std::size_t b = to;
  while (b < t.size() && (t[b] == ' ' || t[b] == '\t' || t[b] == '"' || t[b] == '\'')) ++b;
  std::size_t e = b;
  while (e < t.size() && e - b < kMaxValue && !value_end(t[e])) ++e;
  while (e > b && (t[e - 1] == '.' || t[e - 1] == ':')) --e;
  if (e == b) return std::nullopt;
  return Span{b, e};
}

std::optional<Span> url(std::string_view t, std::size_t to) noexcept {
  // The match ends just after '@'; walk back to "://" and then over the scheme.
  if (to == 0) return std::nullopt;
  std::size_t i = to - 1;
  std::size_t limit = to > 256 ? to - 256 : 0;
  while (i > limit + 2 && !(t[i - 3] == ':' && t[i - 2] == '/' && t[i - 1] == '/')) --i;
  if (i <= limit + 2) return std::nullopt;
  std::size_t b = i - 3;
  while (b > 0 && (alnum(t[b - 1]) || t[b - 1] == '+' || t[b - 1] == '.' || t[b - 1] == '-')) --b;
  return Span{b, to};
}

}  // namespace

std::optional<Span> extract_value(Extract kind, std::string_view text, std::size_t from,
                                  std::size_t to) noexcept {
  if (to > text.size() || from > to) return std::nullopt;
  switch (kind) {
    case Extract::match:
      return Span{from, to};
    case Extract::token:
      return token(text, to);
    case Extract::email:
      return email(text, to);
    case Extract::after:
      return after(text, to);
    case Extract::url:
      return url(text, to);
    case Extract::digits:
      return Span{from, to};
    case Extract::address:
      return address(text, to);
  }
  return std::nullopt;
}

}  // namespace lw::classify
