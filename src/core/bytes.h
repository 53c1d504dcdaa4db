#pragma once

#include <cstddef>
#include <span>
#include <string>
#include <string_view>

namespace lw {

// Parsers take a view of raw bytes. Owned byte strings are std::string (raw bytes, not text).
using ByteView = std::span<const std::byte>;

inline ByteView as_bytes(std::string_view s) noexcept {
  return {reinterpret_cast<const std::byte*>(s.data()), s.size()};
}

inline std::string_view as_text(ByteView b) noexcept {
  return {reinterpret_cast<const char*>(b.data()), b.size()};
}

// Printable rendering of untrusted bytes for messages: non-printables as \xNN, at most `cap` input
// bytes.
std::string printable(std::string_view bytes, std::size_t cap = 64);

// Appends `ch`, or \xNN when it is a control character (below 0x20, or 0x7f): one line of text
// that whatever a file or a peer put into it cannot steer a terminal or split a log line.
void append_control_escaped(std::string& out, char ch);

// Lower-case hexadecimal, two digits a byte.
std::string lower_hex(std::span<const unsigned char> bytes);

}  // namespace lw
