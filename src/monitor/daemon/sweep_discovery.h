#pragma once

#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>

#include "core/result.h"
#include "monitor/config.h"
#include "monitor/daemon/log.h"
#include "net/discovery/syn/syn_scanner.h"
#include "pipeline/scan_config.h"

namespace lw::monitor::daemon {

// What one sweep of an asset uses to find open ports, and why when it is not what the config
// asked for.
struct DiscoveryChoice {
  bool syn = false;
  std::string reason;  // "" when the config's word was followed as it stands
};

// Pure: the choice for a sweep whose asset says `mode`. `unavailable` is why the daemon holds
// no raw sockets ("" when it does); `route_problem` why the asset's targets cannot be scanned by
// SYN discovery ("" when they can; not looked at without the sockets).
DiscoveryChoice choose_discovery(Discovery mode, const std::string& unavailable,
                                 const std::string& route_problem);

// Whether any asset's sweeps may use SYN discovery (`syn` or `auto`).
bool wants_syn(const Config& config);

// When SYN discovery cannot be had (`unavailable` says why, "" when it can): an error naming
// the first asset whose sweeps ask for `discovery: syn`, and CAP_NET_RAW when that is the cause.
// For the start, `config check` and a reload.
Result<void> check_syn_available(const Config& config, const std::string& unavailable);

// Why this process cannot open SYN discovery's raw sockets ("" when it can).
std::string net_raw_missing_reason();

// SYN discovery's raw sockets for the life of the daemon. They are opened once, at start, while
// the process holds CAP_NET_RAW, which is then dropped: a sweep only binds them to its route (no
// capability needed), and no thread can open another raw socket. The sweep lane runs one sweep
// at a time; a lease holds the sockets for one.
class SweepDiscovery {
 public:
  // Opens the sockets when some asset's sweeps may use SYN discovery and the process holds
  // CAP_NET_RAW, then clears CAP_NET_RAW (only it) from the process; the other capabilities stay.
  // Capabilities are per thread and inherited: call it before any thread starts. Errors: an
  // asset asks for `discovery: syn` and the capability is missing (unsupported) or the sockets
  // cannot be opened (io_error).
  static Result<std::unique_ptr<SweepDiscovery>> open(const Config& config);

  // "" when the sockets are open, else why not (logged once at start when an asset says auto).
  const std::string& unavailable() const { return unavailable_; }

  // One sweep's use of the sockets: unbound and given back when destroyed.
  class Lease {
   public:
    Lease() = default;
    Lease(std::unique_lock<std::mutex> lock, discovery::syn::SynScanner* scanner)
        : lock_(std::move(lock)), scanner_(scanner) {}
    Lease(Lease&& other) noexcept
        : lock_(std::move(other.lock_)), scanner_(std::exchange(other.scanner_, nullptr)) {}
    Lease& operator=(Lease&&) = delete;
    Lease(const Lease&) = delete;
    Lease& operator=(const Lease&) = delete;
    ~Lease() {
      if (scanner_ != nullptr) scanner_->unbind();
    }
    // Null: the sweep uses the connect engine.
    discovery::syn::SynScanner* scanner() const { return scanner_; }

   private:
    std::unique_lock<std::mutex> lock_;
    discovery::syn::SynScanner* scanner_ = nullptr;
  };

  // For one sweep of `asset` whose sweeps say `mode`, and `scan` (its configuration for the
  // connect engine): with SYN discovery, binds the sockets to the route of the targets and sets
  // scan.discovery and scan.syn (SYNs/s = the sweep's rate). The choice is logged (`discovery`)
  // when it differs from the one last logged for the asset. Errors: `discovery: syn` and the
  // targets cannot be scanned that way (no route, this host's own address, IPv6).
  Result<Lease> prepare(Discovery mode, const std::string& asset, pipeline::ScanConfig& scan,
                        Logger* log);

 private:
  SweepDiscovery(std::optional<discovery::syn::SynScanner> scanner, std::string unavailable)
      : scanner_(std::move(scanner)), unavailable_(std::move(unavailable)) {}

  std::mutex mutex_;  // held by a lease
  std::optional<discovery::syn::SynScanner> scanner_;
  std::string unavailable_;
  std::mutex said_mutex_;
  std::map<std::string, std::string> said_;  // asset -> the choice last logged for it
};

}  // namespace lw::monitor::daemon
