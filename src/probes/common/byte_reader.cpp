#include "probes/common/byte_reader.h"

namespace lw::probes {

std::optional<std::uint64_t> ByteReader::uint(std::size_t n, bool big) noexcept {
  if (remaining() < n) return std::nullopt;
  std::uint64_t v = 0;
  for (std::size_t i = 0; i < n; ++i) {
    const auto b = static_cast<std::uint8_t>(data_[pos_ + (big ? i : n - 1 - i)]);
    v = (v << 8) | b;
  }
  pos_ += n;
  return v;
}

std::optional<std::uint8_t> ByteReader::u8() noexcept {
  auto v = uint(1, true);
  if (!v) return std::nullopt;
  return static_cast<std::uint8_t>(*v);
}
std::optional<std::uint16_t> ByteReader::u16be() noexcept {
  auto v = uint(2, true);
  if (!v) return std::nullopt;
  return static_cast<std::uint16_t>(*v);
}
std::optional<std::uint16_t> ByteReader::u16le() noexcept {
  auto v = uint(2, false);
  if (!v) return std::nullopt;
  return static_cast<std::uint16_t>(*v);
}
std::optional<std::uint32_t> ByteReader::u24le() noexcept {
  auto v = uint(3, false);
  if (!v) return std::nullopt;
  return static_cast<std::uint32_t>(*v);
}
std::optional<std::uint32_t> ByteReader::u32be() noexcept {
  auto v = uint(4, true);
  if (!v) return std::nullopt;
  return static_cast<std::uint32_t>(*v);
}
std::optional<std::uint32_t> ByteReader::u32le() noexcept {
  auto v = uint(4, false);
  if (!v) return std::nullopt;
  return static_cast<std::uint32_t>(*v);
}
std::optional<std::uint64_t> ByteReader::u64le() noexcept {
  return uint(8, false);
}
std::optional<std::int32_t> ByteReader::i32be() noexcept {
  auto v = u32be();
  if (!v) return std::nullopt;
  return static_cast<std::int32_t>(*v);
}
std::optional<std::int32_t> ByteReader::i32le() noexcept {
  auto v = u32le();
  if (!v) return std::nullopt;
  return static_cast<std::int32_t>(*v);
}

std::optional<std::string_view> ByteReader::bytes(std::size_t n) noexcept {
  if (remaining() < n) return std::nullopt;
  const std::string_view out = data_.substr(pos_, n);
  pos_ += n;
  return out;
}

std::optional<std::string_view> ByteReader::cstring(std::size_t cap) noexcept {
  const std::string_view window = data_.substr(pos_, cap + 1);
  const std::size_t nul = window.find('\0');
  if (nul == std::string_view::npos) return std::nullopt;
  pos_ += nul + 1;
  return window.substr(0, nul);
}

bool ByteReader::skip(std::size_t n) noexcept {
  if (remaining() < n) return false;
  pos_ += n;
  return true;
}

void put_u8(std::string& out, std::uint8_t v) {
  out.push_back(static_cast<char>(v));
}
void put_u16be(std::string& out, std::uint16_t v) {
  out.push_back(static_cast<char>(v >> 8));
  out.push_back(static_cast<char>(v & 0xff));
}
void put_u16le(std::string& out, std::uint16_t v) {
  out.push_back(static_cast<char>(v & 0xff));
  out.push_back(static_cast<char>(v >> 8));
}
void put_u24le(std::string& out, std::uint32_t v) {
  for (int i = 0; i < 3; ++i) out.push_back(static_cast<char>((v >> (8 * i)) & 0xff));
}
void put_u32be(std::string& out, std::uint32_t v) {
  for (int i = 3; i >= 0; --i) out.push_back(static_cast<char>((v >> (8 * i)) & 0xff));
}
void put_u32le(std::string& out, std::uint32_t v) {
  for (int i = 0; i < 4; ++i) out.push_back(static_cast<char>((v >> (8 * i)) & 0xff));
}

}  // namespace lw::probes
