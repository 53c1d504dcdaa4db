#include "probes/vnc/rfb.h"

#include "probes/common/byte_reader.h"

namespace lw::probes::rfb {
namespace {

constexpr std::uint32_t kMaxReason = 1024;
constexpr std::uint32_t kMaxName = 4096;
constexpr std::uint32_t kMaxRects = 64;
constexpr std::size_t kMaxPixels = 256 * 1024;

}  // namespace

std::optional<Version> parse_version(std::string_view b) {
  if (b.size() < 12 || b.substr(0, 4) != "RFB " || b[7] != '.' || b[11] != '\n')
    return std::nullopt;
  auto digits = [](std::string_view s) {
    int v = 0;
    for (const char c : s) {
      if (c < '0' || c > '9') return -1;
      v = v * 10 + (c - '0');
    }
    return v;
  };
  const int major = digits(b.substr(4, 3));
  const int minor = digits(b.substr(8, 3));
  if (major < 3 || minor < 0) return std::nullopt;
  return Version{major, minor};
}

Result<std::optional<SecurityTypes>> parse_security_types(std::string_view in, Version v) {
  ByteReader r(in);
  SecurityTypes out;
  if (v.major == 3 && v.minor < 7) {
    auto t = r.u32be();
    if (!t) return std::optional<SecurityTypes>{};
    if (*t > 2) return fail(ErrorCode::parse_error, "bad RFB 3.3 security type");
    if (*t != 0) {
      out.types.push_back(static_cast<std::uint8_t>(*t));
      return std::optional<SecurityTypes>{out};
    }
  } else {
    auto n = r.u8();
    if (!n) return std::optional<SecurityTypes>{};
    if (*n > 0) {
      auto types = r.bytes(*n);
      if (!types) return std::optional<SecurityTypes>{};
      for (const char c : *types) out.types.push_back(static_cast<std::uint8_t>(c));
      return std::optional<SecurityTypes>{out};
    }
  }
  auto len = r.u32be();
  if (!len) return std::optional<SecurityTypes>{};
  if (*len > kMaxReason) return fail(ErrorCode::too_large, "reason over cap");
  auto reason = r.bytes(*len);
  if (!reason) return std::optional<SecurityTypes>{};
  out.failure = std::string(*reason);
  return std::optional<SecurityTypes>{out};
}

Result<std::optional<InitReply>> parse_init_reply(std::string_view in, Version v) {
  ByteReader r(in);
  InitReply out;
  if (v.major > 3 || v.minor >= 8) {
    auto res = r.u32be();
    if (!res) return std::optional<InitReply>{};
    out.security_result = *res;
    if (*res != 0) {
      auto len = r.u32be();
      if (!len) return std::optional<InitReply>{out};
      if (*len > kMaxReason) return fail(ErrorCode::too_large, "reason over cap");
      auto reason = r.bytes(*len);
      if (reason) out.failure = std::string(*reason);
      return std::optional<InitReply>{out};
    }
  }
  auto w = r.u16be();
  auto h = r.u16be();
  auto pf = r.bytes(16);
  auto len = r.u32be();
  if (!w || !h || !pf || !len) return std::optional<InitReply>{};
  if (*len > kMaxName) return fail(ErrorCode::too_large, "desktop name over cap");
  auto name = r.bytes(*len);
  if (!name) return std::optional<InitReply>{};
  const auto bpp = static_cast<std::uint8_t>((*pf)[0]);
  if (bpp != 8 && bpp != 16 && bpp != 32) return fail(ErrorCode::parse_error, "bad bits-per-pixel");
  out.init = ServerInit{*w, *h, bpp, std::string(*name), r.pos()};
  return std::optional<InitReply>{out};
}

Result<std::optional<std::size_t>> framebuffer_update(std::string_view in, std::uint8_t bpp) {
  ByteReader r(in);
  for (int guard = 0; guard < 64; ++guard) {
    auto type = r.u8();
    if (!type) return std::optional<std::size_t>{};
    if (*type == 2) continue;  // Bell
    if (*type == 1) {          // SetColourMapEntries: pad, first, count, count * 6 bytes
      auto pad = r.u8();
      auto first = r.u16be();
      auto count = r.u16be();
      if (!pad || !first || !count) return std::optional<std::size_t>{};
      if (!r.skip(static_cast<std::size_t>(*count) * 6)) return std::optional<std::size_t>{};
      continue;
    }
    if (*type != 0) return fail(ErrorCode::parse_error, "unexpected server message");
    auto pad = r.u8();
    auto n = r.u16be();
    if (!pad || !n) return std::optional<std::size_t>{};
    if (*n > kMaxRects) return fail(ErrorCode::too_large, "too many rectangles");
    for (std::uint16_t i = 0; i < *n; ++i) {
      auto x = r.u16be();
      auto y = r.u16be();
      auto w = r.u16be();
      auto h = r.u16be();
      auto enc = r.i32be();
      if (!x || !y || !w || !h || !enc) return std::optional<std::size_t>{};
      if (*enc != 0) return fail(ErrorCode::unsupported, "non-raw rectangle");
      const std::size_t bytes = static_cast<std::size_t>(*w) * *h * (bpp / 8u);
      if (bytes > kMaxPixels) return fail(ErrorCode::too_large, "rectangle over cap");
      if (!r.skip(bytes)) return std::optional<std::size_t>{};
    }
    return std::optional<std::size_t>{r.pos()};
  }
  return fail(ErrorCode::parse_error, "no FramebufferUpdate");
}

std::string framebuffer_update_request(std::uint16_t w, std::uint16_t h) {
  std::string out;
  put_u8(out, 3);  // FramebufferUpdateRequest
  put_u8(out, 0);  // not incremental
  put_u16be(out, 0);
  put_u16be(out, 0);
  put_u16be(out, w);
  put_u16be(out, h);
  return out;
}

}  // namespace lw::probes::rfb
