#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/probe.h"

namespace lw::probes {

namespace webhdfs {

// Where a NameNode's `307 TEMPORARY_REDIRECT` for OPEN sends the client:
// "http://<datanode>:9864/webhdfs/v1/<path>?op=OPEN&namenoderpcaddress=<nn>&offset=0".
struct Redirect {
  std::string host;  // as the Location names it: an address literal or a host name
  std::uint16_t port = 0;
  std::string namenode_rpc;  // the namenoderpcaddress parameter the DataNode needs ("" if none)
};
// nullopt when `location` is not an http(s) URL with a host (and a valid port, if any).
std::optional<Redirect> parse_location(std::string_view location);

// Whether a redirect may be followed from a service at `service_address` (ProbeOptions::address):
// a Location naming an address literal only when it is that address; a host name is taken as
// the service's own host (the single-node assumption, README.md). Never another address.
bool same_host(std::string_view location_host, std::string_view service_address);

}  // namespace webhdfs

// The follow-up that reads one file on a DataNode (another port of the service's own address,
// Probe::follow_up_port): GET ...?op=OPEN&length=16384 on a connection of its own, since a
// DataNode answers OPEN with `Connection: close`.
class WebhdfsDatanodeProbe final : public Probe {
 public:
  struct Read {
    std::string file;
    std::string namenode_rpc;
  };
  WebhdfsDatanodeProbe(std::uint16_t port, Read read);

  const ProbeInfo& info() const noexcept override;
  std::optional<Exchange> next(const ProbeOptions&, const Transcript&) const override;
  Framing frame(const Exchange&, std::string_view reply) const override;
  Result<Observation> parse(const Transcript&) const override;
  Verdict judge(const Observation&) const override;
  std::uint16_t follow_up_port() const override { return port_; }

 private:
  std::uint16_t port_;
  Read read_;
};

// The NameNode probe's follow-ups (one per file, at most kMaxFollowUps, in the sampler's order)
// from its observation's metadata["redirects"], and their reads folded into it.
std::vector<std::unique_ptr<Probe>> webhdfs_datanode_follow_ups(const Observation& main,
                                                                const ProbeOptions& options);
Observation webhdfs_fold_datanodes(Observation main, std::span<const Result<Observation>> reads);

}  // namespace lw::probes
