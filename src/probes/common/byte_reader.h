#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace lw::probes {

// A bounds-checked cursor over untrusted bytes for binary protocols. Every read returns nullopt
// (and leaves the cursor where it was) when the bytes run out; nothing reads past the view.
class ByteReader {
 public:
  explicit ByteReader(std::string_view data) noexcept : data_(data) {}

  std::size_t pos() const noexcept { return pos_; }
  std::size_t remaining() const noexcept { return data_.size() - pos_; }
  bool empty() const noexcept { return pos_ >= data_.size(); }
  std::string_view rest() const noexcept { return data_.substr(pos_); }

  std::optional<std::uint8_t> u8() noexcept;
  std::optional<std::uint16_t> u16be() noexcept;
  std::optional<std::uint16_t> u16le() noexcept;
  std::optional<std::uint32_t> u24le() noexcept;
  std::optional<std::uint32_t> u32be() noexcept;
  std::optional<std::uint32_t> u32le() noexcept;
  std::optional<std::uint64_t> u64le() noexcept;
  std::optional<std::int32_t> i32be() noexcept;
  std::optional<std::int32_t> i32le() noexcept;
  // `n` bytes as a view into the data.
  std::optional<std::string_view> bytes(std::size_t n) noexcept;
  // Bytes up to a NUL (consumed, not returned), at most `cap` bytes before it.
  std::optional<std::string_view> cstring(std::size_t cap) noexcept;
  bool skip(std::size_t n) noexcept;

 private:
  std::optional<std::uint64_t> uint(std::size_t n, bool big) noexcept;
  std::string_view data_;
  std::size_t pos_ = 0;
};

// Big- and little-endian appenders for building requests.
void put_u8(std::string& out, std::uint8_t v);
void put_u16be(std::string& out, std::uint16_t v);
void put_u16le(std::string& out, std::uint16_t v);
void put_u24le(std::string& out, std::uint32_t v);
void put_u32be(std::string& out, std::uint32_t v);
void put_u32le(std::string& out, std::uint32_t v);

}  // namespace lw::probes
