#pragma once

#include <CLI/CLI.hpp>
#include <optional>
#include <string>
#include <vector>

#include "core/result.h"
#include "net/discovery/target_set.h"
#include "pipeline/probe_selection.h"
#include "pipeline/scan_config.h"
#include "pipeline/scan_runner.h"
#include "probes/registry.h"

namespace lw::cli {

// The scan command's options as typed.
struct ScanArguments {
  std::vector<std::string> targets;
  std::string input_list;
  std::string from;  // another scanner's results: scan exactly its (address, port) pairs
  std::string from_format = "auto";
  std::vector<std::string> exclude;
  std::string exclude_file;
  // Not given: the "data" set (with --from: every port the file names). Given empty: refused.
  std::optional<std::string> ports;
  std::string seed;
  std::string shard = "1/1";
  double rate = 500;
  std::uint32_t concurrency = 256;
  std::uint32_t per_host = 8;
  std::uint32_t workers = 0;  // 0: one per core
  std::string connect_timeout = "3s";
  std::string read_timeout = "5s";
  std::string banner_wait = "2s";
  std::string service_timeout = "20s";
  std::uint32_t max_reply_bytes = 1u << 20;
  std::uint32_t max_attempts = 6;
  std::string probes;
  bool no_default_logins = false;
  bool default_credentials = false;
  bool allow_loopback = false;
  bool allow_private = false;
  bool allow_huge_scan = false;  // more than kMaxAddressesWithoutFlag addresses
  bool json = false;
  std::string output;
  std::string db;
  bool resume = false;
  std::string resume_id;
  bool quiet = false;
  std::string key_file;
  bool no_pattern_cache = false;
  std::string bucket_names_file;
  // Discovery (docs/syn_discovery.md).
  std::string discovery = "connect";
  double syn_rate = 10000;
  std::uint32_t retries = 1;
  std::string cooldown = "3s";
  std::string interface;
  std::string source_ip;
  std::string gateway_mac;
};

// A scan of more addresses than this (a /8) must say so with --allow-huge-scan, as masscan and
// ZMap make their users say so: 0.0.0.0/0 by a slip of the keyboard is the whole Internet.
constexpr std::uint64_t kMaxAddressesWithoutFlag = std::uint64_t{1} << 24;

void add_scan_options(CLI::App& app, ScanArguments& a);

// Turns the arguments into a resolved scan configuration; every bad token is an Error that
// names it. `notes` receives what the blocklist removed.
Result<pipeline::ScanConfig> build_scan_config(const ScanArguments& a,
                                               const probes::ProbeList& probes,
                                               const discovery::Resolver& resolve,
                                               std::vector<std::string>& notes);

// Whether a configuration (new, or stored by an earlier scan) can run: its target space fits the
// permutation (at most 2^62 address and port pairs) and its probes exist. --resume skips a stored
// scan that fails this instead of failing on it.
Result<void> check_runnable(const pipeline::ScanConfig& config, const probes::ProbeList& probes);

// The probes a scan runs and the "data" port set (pipeline/probe_selection.h).
using pipeline::data_ports;
using pipeline::select_probes;

// Wires the sensitive-data classifier into the scan: every sample is classified, findings are
// kept masked and hashed, and sensitive strings in metadata are redacted.
Result<void> install_classifier(pipeline::ScanHooks& hooks, const ScanArguments& a);

// The most open files a scan may hold: concurrency is capped below it.
std::uint32_t max_concurrency();

}  // namespace lw::cli
