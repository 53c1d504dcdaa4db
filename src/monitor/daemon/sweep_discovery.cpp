#include "monitor/daemon/sweep_discovery.h"

#include "net/discovery/syn/capabilities.h"
#include "pipeline/syn_link.h"

namespace lw::monitor::daemon {
namespace {

constexpr const char* kNoNetRaw = "no CAP_NET_RAW; SYN discovery needs it: docs/syn_discovery.md";

std::string choice_text(const DiscoveryChoice& c) {
  return std::string(c.syn ? "syn" : "connect") + "|" + c.reason;
}

}  // namespace

DiscoveryChoice choose_discovery(Discovery mode, const std::string& unavailable,
                                 const std::string& route_problem) {
  switch (mode) {
    case Discovery::connect:
      return {false, ""};
    case Discovery::syn:
      return {true, ""};
    case Discovery::automatic:
      if (!unavailable.empty()) return {false, unavailable};
      if (!route_problem.empty()) return {false, route_problem};
      return {true, ""};
  }
  return {false, ""};
}

bool wants_syn(const Config& config) {
  for (const auto& a : config.assets) {
    if (discovery_of(config, a) != Discovery::connect) return true;
  }
  return false;
}

Result<void> check_syn_available(const Config& config, const std::string& unavailable) {
  if (unavailable.empty()) return {};
  for (const auto& a : config.assets) {
    if (discovery_of(config, a) != Discovery::syn) continue;
    const std::string from = a.discovery ? "its discovery" : "scheduling.discovery";
    if (unavailable == kNoNetRaw) {
      return fail(ErrorCode::unsupported,
                  "asset '" + a.name + "' sweeps with SYN discovery (" + from +
                      ": syn), which needs the CAP_NET_RAW capability: run as root, grant it "
                      "(`setcap cap_net_raw+ep` on the binary, or AmbientCapabilities=CAP_NET_RAW "
                      "in the unit; docs/syn_discovery.md), or say discovery: auto or connect",
                  config.source);
    }
    return fail(ErrorCode::unsupported,
                "asset '" + a.name + "' sweeps with SYN discovery (" + from +
                    ": syn), which this daemon cannot use: " + unavailable,
                config.source);
  }
  return {};
}

std::string net_raw_missing_reason() {
  return discovery::syn::has_net_raw() ? std::string() : std::string(kNoNetRaw);
}

Result<std::unique_ptr<SweepDiscovery>> SweepDiscovery::open(const Config& config) {
  auto make = [](std::optional<discovery::syn::SynScanner> s, std::string why) {
    return std::unique_ptr<SweepDiscovery>(new SweepDiscovery(std::move(s), std::move(why)));
  };
  if (!wants_syn(config)) {
    return make(std::nullopt, "every asset's sweeps say discovery: connect at start");
  }
  if (auto missing = net_raw_missing_reason(); !missing.empty()) {
    if (auto ok = check_syn_available(config, missing); !ok) return tl::unexpected(ok.error());
    return make(std::nullopt, missing);
  }
  auto scanner = discovery::syn::SynScanner::open_unbound();
  if (!scanner) {
    const std::string why = "its raw sockets could not be opened: " + scanner.error().describe();
    if (auto ok = check_syn_available(config, why); !ok) {
      return fail(ErrorCode::io_error, ok.error().message, ok.error().where);
    }
    return make(std::nullopt, why);
  }
  if (auto dropped = discovery::syn::drop_net_raw(); !dropped) {
    return tl::unexpected(dropped.error());
  }
  return make(std::move(*scanner), "");
}

Result<SweepDiscovery::Lease> SweepDiscovery::prepare(Discovery mode, const std::string& asset,
                                                      pipeline::ScanConfig& scan, Logger* log) {
  // Without the sockets every sweep connects; that was said once, at start.
  if (mode == Discovery::connect || !scanner_) return Lease();
  std::unique_lock lock(mutex_);
  scan.syn.rate = scan.rate;
  std::vector<std::string> notes;
  auto options = pipeline::syn_scan_options(scan, notes);
  Result<void> bound = {};
  if (!options) {
    bound = tl::unexpected(options.error());
  } else if (bound = scanner_->bind(*options); !bound) {
    scanner_->unbind();
  }
  const DiscoveryChoice choice =
      choose_discovery(mode, "", bound ? std::string() : bound.error().describe());
  if (mode == Discovery::syn && !bound) return tl::unexpected(bound.error());
  {
    std::lock_guard said(said_mutex_);
    auto& last = said_[asset];
    if (log != nullptr && last != choice_text(choice)) {
      last = choice_text(choice);
      nlohmann::json fields{{"asset", asset}, {"discovery", choice.syn ? "syn" : "connect"}};
      if (choice.syn && !notes.empty()) fields["link"] = notes.back();
      if (!choice.reason.empty()) fields["reason"] = choice.reason;
      log->log(choice.reason.empty() ? LogLevel::info : LogLevel::warn, "discovery", fields);
    }
  }
  if (!choice.syn) return Lease();
  scan.discovery = "syn";
  return Lease(std::move(lock), &*scanner_);
}

}  // namespace lw::monitor::daemon
