#include "probes/ldap/ber.h"

namespace lw::probes::ber {

Result<std::optional<Tlv>> read(std::string_view in, std::size_t cap) {
  if (in.size() < 2) return std::optional<Tlv>{};
  const auto tag = static_cast<std::uint8_t>(in[0]);
  if ((tag & 0x1f) == 0x1f) return fail(ErrorCode::unsupported, "multi-byte BER tag");
  const auto first = static_cast<std::uint8_t>(in[1]);
  std::size_t len = 0;
  std::size_t head = 2;
  if (first < 0x80) {
    len = first;
  } else {
    const std::size_t n = first & 0x7f;
    if (n == 0) return fail(ErrorCode::unsupported, "indefinite BER length");
    if (n > 4) return fail(ErrorCode::too_large, "BER length of more than 4 bytes");
    if (in.size() < 2 + n) return std::optional<Tlv>{};
    for (std::size_t i = 0; i < n; ++i) len = (len << 8) | static_cast<std::uint8_t>(in[2 + i]);
    head = 2 + n;
  }
  if (len > cap) return fail(ErrorCode::too_large, "BER length over cap");
  if (in.size() - head < len) return std::optional<Tlv>{};
  return std::optional<Tlv>{Tlv{tag, in.substr(head, len), head + len}};
}

Result<std::vector<Tlv>> children(std::string_view contents, std::size_t max) {
  std::vector<Tlv> out;
  while (!contents.empty()) {
    if (out.size() >= max) return fail(ErrorCode::too_large, "too many BER elements");
    auto t = read(contents, contents.size());
    if (!t) return tl::unexpected(t.error());
    if (!*t) return fail(ErrorCode::parse_error, "BER element longer than its parent");
    out.push_back(**t);
    contents.remove_prefix((*t)->size);
  }
  return out;
}

std::optional<std::int64_t> integer(std::string_view c) {
  if (c.empty() || c.size() > 8) return std::nullopt;
  std::int64_t v = static_cast<std::int8_t>(c[0]);
  for (std::size_t i = 1; i < c.size(); ++i) {
    v = static_cast<std::int64_t>(static_cast<std::uint64_t>(v) << 8) |
        static_cast<std::uint8_t>(c[i]);
  }
  return v;
}

std::string tlv(std::uint8_t tag, std::string_view contents) {
  std::string out(1, static_cast<char>(tag));
  const std::size_t n = contents.size();
  if (n < 0x80) {
    out.push_back(static_cast<char>(n));
  } else if (n < 0x100) {
    out.push_back('\x81');
    out.push_back(static_cast<char>(n));
  } else {
    out.push_back('\x82');
    out.push_back(static_cast<char>((n >> 8) & 0xff));
    out.push_back(static_cast<char>(n & 0xff));
  }
  return out + std::string(contents);
}

std::string integer_tlv(std::uint8_t tag, std::int64_t v) {
  std::string bytes;
  do {
    bytes.insert(bytes.begin(), static_cast<char>(v & 0xff));
    v >>= 8;
  } while (v != 0 && v != -1);
  if (v == 0 && (static_cast<std::uint8_t>(bytes[0]) & 0x80)) bytes.insert(bytes.begin(), '\0');
  return tlv(tag, bytes);
}

}  // namespace lw::probes::ber
