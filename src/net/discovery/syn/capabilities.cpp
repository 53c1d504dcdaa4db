#include "net/discovery/syn/capabilities.h"

#include <linux/capability.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <cerrno>
#include <cstdint>
#include <cstring>

namespace lw::discovery::syn {
namespace {

struct CapabilitySets {
  __user_cap_header_struct header{_LINUX_CAPABILITY_VERSION_3, 0};
  __user_cap_data_struct data[_LINUX_CAPABILITY_U32S_3]{};
};

}  // namespace

bool has_net_raw() {
  CapabilitySets sets;
  if (::syscall(SYS_capget, &sets.header, sets.data) != 0) return false;
  return (sets.data[CAP_NET_RAW / 32].effective & (1u << (CAP_NET_RAW % 32))) != 0;
}

Result<void> drop_capabilities() {
  CapabilitySets sets;  // all zero
  if (::syscall(SYS_capset, &sets.header, sets.data) != 0) {
    return fail(ErrorCode::io_error, std::string("capset: ") + std::strerror(errno),
                "dropping capabilities");
  }
  return {};
}

Result<void> drop_net_raw() {
  CapabilitySets sets;
  if (::syscall(SYS_capget, &sets.header, sets.data) != 0) {
    return fail(ErrorCode::io_error, std::string("capget: ") + std::strerror(errno),
                "dropping CAP_NET_RAW");
  }
  const std::uint32_t bit = 1u << (CAP_NET_RAW % 32);
  auto& d = sets.data[CAP_NET_RAW / 32];
  d.effective &= ~bit;
  d.permitted &= ~bit;
  d.inheritable &= ~bit;
  if (::syscall(SYS_capset, &sets.header, sets.data) != 0) {
    return fail(ErrorCode::io_error, std::string("capset: ") + std::strerror(errno),
                "dropping CAP_NET_RAW");
  }
  return {};
}

Error missing_net_raw_error() {
  return Error{ErrorCode::unsupported,
               "SYN discovery needs the CAP_NET_RAW capability (run as root, or grant it with "
               "`setcap cap_net_raw+ep` on the binary); without it use --discovery connect",
               "--discovery syn"};
}

}  // namespace lw::discovery::syn
