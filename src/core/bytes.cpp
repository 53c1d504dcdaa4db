#include "core/bytes.h"

#include <cstdio>

namespace lw {

std::string lower_hex(std::span<const unsigned char> bytes) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string out;
  out.reserve(bytes.size() * 2);
  for (const auto b : bytes) {
    out.push_back(kDigits[b >> 4]);
    out.push_back(kDigits[b & 15]);
  }
  return out;
}

std::string printable(std::string_view bytes, std::size_t cap) {
  std::string out;
  const std::size_t n = bytes.size() < cap ? bytes.size() : cap;
  out.reserve(n + 8);
  for (std::size_t i = 0; i < n; ++i) {
    const auto c = static_cast<unsigned char>(bytes[i]);
    if (c >= 0x20 && c < 0x7f && c != '\\') {
      out.push_back(static_cast<char>(c));
    } else {
      char buf[8];
      std::snprintf(buf, sizeof buf, "\\x%02x", c);
      out += buf;
    }
  }
  if (n < bytes.size()) out += "...";
  return out;
}

void append_control_escaped(std::string& out, char ch) {
  const auto c = static_cast<unsigned char>(ch);
  if (c >= 0x20 && c != 0x7f) {
    out.push_back(ch);
    return;
  }
  static constexpr char kHex[] = "0123456789abcdef";
  out += "\\x";
  out.push_back(kHex[c >> 4]);
  out.push_back(kHex[c & 15]);
}

}  // namespace lw
