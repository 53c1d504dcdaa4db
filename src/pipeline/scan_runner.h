#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "catalog/store.h"
#include "core/probe.h"
#include "core/result.h"
#include "net/discovery/syn/syn_scanner.h"
#include "pipeline/scan_config.h"

namespace lw::pipeline {

struct ScanCounters {
  std::uint64_t targets_total = 0;  // of this shard (estimated when sharded)
  std::uint64_t targets_done = 0;
  std::uint64_t ports_open = 0;
  std::uint64_t services_open = 0;  // verdict open
  // Targets this side could not connect to (no descriptor, no local port, local firewall), even
  // after retries: they have no record and were not tested. Zero in a healthy scan.
  std::uint64_t targets_untried = 0;
  std::uint64_t in_flight = 0;
  double elapsed_s = 0;
};

struct ScanHooks {
  // Classifies a service's samples and redacts its metadata, filling findings and sensitivity;
  // called for every service with samples or metadata. Optional. An error stops the scan, as
  // a catalog failure does, and that service's metadata is withheld. It runs on the worker
  // threads (pipeline/classification_stage.h; make_classification builds it), and the samples
  // are dropped there, so no raw value crosses to the commit thread. The assessment (compromise
  // note, the one severity) runs after it, with or without it.
  std::function<Result<void>(ServiceRecord&, const std::vector<Sample>&)> classify;
  // After each commit, every record of the batch with its JSON Lines form (no newline), e.g.
  // for JSON Lines on stdout.
  std::function<void(const ServiceRecord&, std::string_view json_line)> on_committed;
  // Whether the catalog holds (address, port) as a reachable service (thread-safe, read-only).
  // Optional: with it, such a target that is now refused or silent is reported as a record
  // with that outcome and no probe attempt, from which the catalog derives "service gone".
  std::function<bool(const Address&, std::uint16_t)> seen_before;
  // Called about once a second while the scan runs.
  std::function<void(const ScanCounters&)> on_progress;
};

struct ScanSummary {
  ScanCounters counters;
  bool interrupted = false;
  std::optional<discovery::syn::SynCounters> discovery;  // with SYN discovery
};

// Runs (or resumes) one scan to its end or until `interrupt` becomes true. `scan` holds the
// scan's id, and when resuming its checkpoint and output offset. Records and checkpoints are
// committed together in batches, so an interrupted scan resumes without loss or duplicates.
Result<ScanSummary> run_scan(const ScanConfig& config, const catalog::ScanInfo& scan,
                             catalog::Store& store, const std::vector<const Probe*>& probes,
                             const ScanHooks& hooks, const std::atomic<bool>& interrupt,
                             discovery::syn::SynScanner* syn = nullptr);
// With config.discovery "syn", `syn` is the scanner the caller opened and bound to the targets'
// route (its raw sockets need CAP_NET_RAW, which the caller drops once they are open): it walks
// the scan's shard and the workers probe each open port it finds as soon as it is found, and each
// target hooks.seen_before holds that answers RST or nothing (recorded as gone). Such a scan cannot
// be resumed from a checkpoint (the found ports live only in the queue); a new scan repeats it.

}  // namespace lw::pipeline
