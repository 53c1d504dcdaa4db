#include "net/discovery/syn/route_lookup.h"

#include <arpa/inet.h>
#include <linux/neighbour.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>
#include <net/if.h>
#include <netinet/in.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <thread>
#include <vector>

#include "core/address.h"

namespace lw::discovery::syn {
namespace {

class Fd {
 public:
  explicit Fd(int fd) : fd_(fd) {}
  Fd(const Fd&) = delete;
  Fd& operator=(const Fd&) = delete;
  ~Fd() {
    if (fd_ >= 0) ::close(fd_);
  }
  int get() const { return fd_; }

 private:
  int fd_;
};

std::string ip_text(std::uint32_t ip) {
  return Address::v4_from(ip).to_string();
}

// Sends one rtnetlink request and calls `on_message` for each answer until NLMSG_DONE (dumps)
// or the first non-multipart message. Bounded: at most kMaxReads reads.
template <class OnMessage>
Result<void> netlink_request(void* request, std::size_t size, OnMessage on_message) {
  Fd fd(::socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_ROUTE));
  if (fd.get() < 0) return fail(ErrorCode::io_error, std::strerror(errno), "netlink socket");
  timeval timeout{2, 0};
  ::setsockopt(fd.get(), SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof timeout);
  sockaddr_nl kernel{};
  kernel.nl_family = AF_NETLINK;
  if (::sendto(fd.get(), request, size, 0, reinterpret_cast<sockaddr*>(&kernel), sizeof kernel) <
      0) {
    return fail(ErrorCode::io_error, std::strerror(errno), "netlink send");
  }
  std::vector<char> buffer(1 << 16);
  constexpr int kMaxReads = 4096;
  for (int reads = 0; reads < kMaxReads; ++reads) {
    const auto n = ::recv(fd.get(), buffer.data(), buffer.size(), 0);
    if (n < 0) return fail(ErrorCode::io_error, std::strerror(errno), "netlink receive");
    auto remaining = static_cast<unsigned>(n);
    for (auto* h = reinterpret_cast<nlmsghdr*>(buffer.data()); NLMSG_OK(h, remaining);
         h = NLMSG_NEXT(h, remaining)) {
      if (h->nlmsg_type == NLMSG_DONE) return {};
      if (h->nlmsg_type == NLMSG_ERROR) {
        const auto* e = static_cast<const nlmsgerr*>(NLMSG_DATA(h));
        if (e->error == 0) return {};
        return fail(ErrorCode::not_found, std::strerror(-e->error), "netlink");
      }
      on_message(h);
      if (!(h->nlmsg_flags & NLM_F_MULTI)) return {};
    }
  }
  return fail(ErrorCode::too_large, "netlink answer did not end", "netlink");
}

// Calls on_attribute(type, data, size) for each rtattr in [begin, begin + length); the RTA_*
// macros mix signed and unsigned arithmetic, which -Wsign-conversion rejects.
template <class OnAttribute>
void for_each_attribute(const char* begin, std::size_t length, OnAttribute on_attribute) {
  std::size_t offset = 0;
  while (offset + sizeof(rtattr) <= length) {
    rtattr a;
    std::memcpy(&a, begin + offset, sizeof a);
    if (a.rta_len < sizeof(rtattr) || offset + a.rta_len > length) return;
    on_attribute(a.rta_type, begin + offset + RTA_LENGTH(0), a.rta_len - RTA_LENGTH(0));
    offset += RTA_ALIGN(a.rta_len);
  }
}

}  // namespace

std::string format_mac(const MacAddress& mac) {
  char text[18];
  std::snprintf(text, sizeof text, "%02x:%02x:%02x:%02x:%02x:%02x", mac[0], mac[1], mac[2], mac[3],
                mac[4], mac[5]);
  return text;
}

Result<MacAddress> parse_mac(const std::string& text) {
  MacAddress mac{};
  unsigned v[6];
  char tail = 0;
  if (std::sscanf(text.c_str(), "%2x:%2x:%2x:%2x:%2x:%2x%c", &v[0], &v[1], &v[2], &v[3], &v[4],
                  &v[5], &tail) != 6 ||
      text.size() != 17) {
    return fail(ErrorCode::invalid_argument,
                "'" + text + "' is not a MAC address (six hex pairs joined by ':')",
                "--gateway-mac");
  }
  for (int i = 0; i < 6; ++i) mac[static_cast<std::size_t>(i)] = static_cast<std::uint8_t>(v[i]);
  return mac;
}

Result<Route> describe_interface(const std::string& name) {
  const unsigned index = ::if_nametoindex(name.c_str());
  if (index == 0 || name.size() >= IFNAMSIZ) {
    return fail(ErrorCode::not_found, "no network interface named '" + name + "'", "--interface");
  }
  Fd fd(::socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0));
  ifreq request{};
  std::memcpy(request.ifr_name, name.c_str(), name.size());
  if (fd.get() < 0 || ::ioctl(fd.get(), SIOCGIFHWADDR, &request) < 0) {
    return fail(ErrorCode::io_error, std::strerror(errno), "interface " + name);
  }
  Route route;
  route.interface_index = static_cast<int>(index);
  route.interface = name;
  for (std::size_t i = 0; i < 6; ++i) {
    route.interface_mac[i] = static_cast<std::uint8_t>(request.ifr_hwaddr.sa_data[i]);
  }
  return route;
}

Result<Route> lookup_route(std::uint32_t destination) {
  struct {
    nlmsghdr header;
    rtmsg route;
    std::array<char, 64> attributes;
  } request{};
  request.header.nlmsg_len = NLMSG_LENGTH(sizeof(rtmsg));
  request.header.nlmsg_type = RTM_GETROUTE;
  request.header.nlmsg_flags = NLM_F_REQUEST;
  request.route.rtm_family = AF_INET;
  request.route.rtm_dst_len = 32;
  auto* attribute = reinterpret_cast<rtattr*>(reinterpret_cast<char*>(&request) +
                                              NLMSG_ALIGN(request.header.nlmsg_len));
  attribute->rta_type = RTA_DST;
  attribute->rta_len = RTA_LENGTH(4);
  const std::uint32_t network_order = htonl(destination);
  std::memcpy(RTA_DATA(attribute), &network_order, 4);
  request.header.nlmsg_len = NLMSG_ALIGN(request.header.nlmsg_len) + RTA_LENGTH(4);

  Route route;
  route.destination = destination;
  unsigned char type = RTN_UNSPEC;
  auto done = netlink_request(&request, request.header.nlmsg_len, [&](nlmsghdr* h) {
    if (h->nlmsg_type != RTM_NEWROUTE) return;
    auto* answer = static_cast<rtmsg*>(NLMSG_DATA(h));
    type = answer->rtm_type;
    const char* attributes = reinterpret_cast<const char*>(answer) + NLMSG_ALIGN(sizeof *answer);
    for_each_attribute(attributes, h->nlmsg_len - NLMSG_LENGTH(sizeof *answer),
                       [&](unsigned short kind, const char* data, std::size_t size) {
                         std::uint32_t value = 0;
                         if (size < 4) return;
                         std::memcpy(&value, data, 4);
                         if (kind == RTA_OIF) route.interface_index = static_cast<int>(value);
                         if (kind == RTA_PREFSRC) route.source_ip = ntohl(value);
                         if (kind == RTA_GATEWAY) route.gateway = ntohl(value);
                       });
  });
  const std::string where = "route to " + ip_text(destination);
  if (!done) return fail(ErrorCode::not_found, "no route (" + done.error().message + ")", where);
  if (type == RTN_LOCAL) {
    return fail(ErrorCode::invalid_argument,
                "the address is this host's own; SYN discovery needs a remote target (use "
                "--discovery connect)",
                where);
  }
  if (type != RTN_UNICAST || route.interface_index == 0) {
    return fail(ErrorCode::not_found, "no unicast route", where);
  }
  char name[IF_NAMESIZE] = {};
  if (!::if_indextoname(static_cast<unsigned>(route.interface_index), name)) {
    return fail(ErrorCode::io_error, std::strerror(errno), where);
  }
  auto interface = describe_interface(name);
  if (!interface) return tl::unexpected(interface.error());
  route.interface = interface->interface;
  route.interface_mac = interface->interface_mac;
  if (route.source_ip == 0) {
    return fail(ErrorCode::not_found, "the route names no source address (give --source-ip)",
                where);
  }
  return route;
}

namespace {

Result<std::optional<MacAddress>> read_neighbour(int interface_index, std::uint32_t ip) {
  struct {
    nlmsghdr header;
    ndmsg neighbour;
  } request{};
  request.header.nlmsg_len = NLMSG_LENGTH(sizeof(ndmsg));
  request.header.nlmsg_type = RTM_GETNEIGH;
  request.header.nlmsg_flags = NLM_F_REQUEST | NLM_F_DUMP;
  request.neighbour.ndm_family = AF_INET;
  std::optional<MacAddress> found;
  auto done = netlink_request(&request, request.header.nlmsg_len, [&](nlmsghdr* h) {
    if (h->nlmsg_type != RTM_NEWNEIGH) return;
    auto* n = static_cast<ndmsg*>(NLMSG_DATA(h));
    if (n->ndm_ifindex != interface_index) return;
    if (n->ndm_state & (NUD_INCOMPLETE | NUD_FAILED | NUD_NONE)) return;
    std::optional<std::uint32_t> destination;
    std::optional<MacAddress> mac;
    const char* attributes = reinterpret_cast<const char*>(n) + NLMSG_ALIGN(sizeof *n);
    for_each_attribute(attributes, h->nlmsg_len - NLMSG_LENGTH(sizeof *n),
                       [&](unsigned short kind, const char* data, std::size_t size) {
                         if (kind == NDA_DST && size == 4) {
                           std::uint32_t v;
                           std::memcpy(&v, data, 4);
                           destination = ntohl(v);
                         }
                         if (kind == NDA_LLADDR && size == 6) {
                           MacAddress m;
                           std::memcpy(m.data(), data, 6);
                           mac = m;
                         }
                       });
    if (destination == ip && mac) found = mac;
  });
  if (!done) return tl::unexpected(done.error());
  return found;
}

void provoke_resolution(std::uint32_t ip, std::uint32_t source_ip) {
  Fd fd(::socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0));
  if (fd.get() < 0) return;
  sockaddr_in local{};
  local.sin_family = AF_INET;
  local.sin_addr.s_addr = htonl(source_ip);
  (void)::bind(fd.get(), reinterpret_cast<sockaddr*>(&local), sizeof local);
  sockaddr_in peer{};
  peer.sin_family = AF_INET;
  peer.sin_port = htons(9);  // discard
  peer.sin_addr.s_addr = htonl(ip);
  (void)::sendto(fd.get(), "", 0, MSG_DONTWAIT, reinterpret_cast<sockaddr*>(&peer), sizeof peer);
}

}  // namespace

Result<MacAddress> lookup_neighbour(int interface_index, std::uint32_t ip, std::uint32_t source_ip,
                                    int wait_ms) {
  const std::string where = "neighbour " + ip_text(ip);
  auto first = read_neighbour(interface_index, ip);
  if (!first) return tl::unexpected(first.error());
  if (*first) return **first;
  provoke_resolution(ip, source_ip);
  constexpr int kStepMs = 20;
  for (int waited = 0; waited < wait_ms; waited += kStepMs) {
    std::this_thread::sleep_for(std::chrono::milliseconds(kStepMs));
    auto again = read_neighbour(interface_index, ip);
    if (!again) return tl::unexpected(again.error());
    if (*again) return **again;
  }
  return fail(ErrorCode::not_found,
              "the next hop did not answer ARP within " + std::to_string(wait_ms) +
                  " ms (give --gateway-mac)",
              where);
}

}  // namespace lw::discovery::syn
