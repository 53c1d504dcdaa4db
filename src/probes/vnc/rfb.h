#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"

namespace lw::probes::rfb {

// The RFB protocol (RFC 6143): version handshake, security types, ServerInit, and one
// FramebufferUpdate of a small raw rectangle.

struct Version {
  int major = 0;
  int minor = 0;
};
// "RFB 003.008\n"
std::optional<Version> parse_version(std::string_view banner);

struct SecurityTypes {
  std::vector<std::uint8_t> types;  // 1 None, 2 VNC Authentication, 18 TLS, 19 VeNCrypt...
  std::string failure;              // reason when the server offers none
};
// RFB 3.7+: u8 count, types; count 0: u32 length + reason. RFB 3.3: one u32 type.
// Incomplete input: nullopt inside the Result.
Result<std::optional<SecurityTypes>> parse_security_types(std::string_view in, Version v);

struct ServerInit {
  std::uint16_t width = 0;
  std::uint16_t height = 0;
  std::uint8_t bits_per_pixel = 0;
  std::string name;
  std::size_t size = 0;  // bytes used
};
// After selecting None: [SecurityResult u32 (3.8)] then ServerInit.
struct InitReply {
  std::optional<std::uint32_t> security_result;
  std::optional<std::string> failure;  // reason with a failed SecurityResult (3.8)
  std::optional<ServerInit> init;
};
Result<std::optional<InitReply>> parse_init_reply(std::string_view in, Version v);

// Bytes of the first whole FramebufferUpdate (raw rectangles only) in `in`, skipping Bell and
// colour-map messages; nullopt when incomplete.
Result<std::optional<std::size_t>> framebuffer_update(std::string_view in, std::uint8_t bpp);

std::string framebuffer_update_request(std::uint16_t w, std::uint16_t h);

}  // namespace lw::probes::rfb
