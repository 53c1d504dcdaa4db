#pragma once

// Internal to the rsync probes: what RsyncProbe (module list) and RsyncModuleProbe (one
// module) share.

#include <cstdint>
#include <string_view>

#include "core/probe.h"

namespace lw::probes::rsync {

constexpr std::uint32_t kLineCap = 4096;
constexpr std::uint32_t kListCap = 256 * 1024;
constexpr std::uint32_t kFileListCap = 1024 * 1024;
constexpr std::string_view kClientVersion = "@RSYNCD: 29.0\n";

// The probes' steps (Exchange::step); replies are read by step, never by label.
enum Step : std::uint32_t { kBanner = 1, kList, kModule, kSenderArgs, kFileList, kTransfer };

const ProbeInfo& rsync_info() noexcept;
bool banner_ok(const Transcript& t);
bool closed(const Turn& turn);
// product, version (the release line the protocol names) and metadata["protocol"].
void set_product(Observation& obs, const Transcript& t);
// A greeting line (the banner exchange).
Framing frame_greeting(std::string_view reply);

}  // namespace lw::probes::rsync
