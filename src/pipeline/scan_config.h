#pragma once

#include <chrono>
#include <cstdint>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/address.h"
#include "core/result.h"

namespace lw::pipeline {

// Everything a scan needs, resolved: it is stored with the scan so that --resume repeats the
// same scan exactly (same addresses, same order, same shard).
struct ScanConfig {
  std::vector<AddressRange> ranges;                    // after exclusions and the blocklist
  std::vector<std::pair<Address, std::string>> names;  // host names targets were given by
  std::vector<std::uint16_t> ports;
  // Explicit (address, port) pairs from another tool's discovery (scan --from); when set, the
  // scan visits exactly these instead of ranges x ports (ranges then cover their addresses).
  std::vector<std::pair<Address, std::uint16_t>> endpoints;
  std::uint64_t seed = 0;
  std::uint32_t shard_index = 0;  // 0-based
  std::uint32_t shard_count = 1;
  std::uint32_t workers = 1;  // event loops (threads); fixed for the life of a scan

  double rate = 500;                // new connections per second, all workers together
  std::uint32_t concurrency = 256;  // services in flight, all workers together
  std::uint32_t per_host = 8;       // services in flight per address
  std::chrono::milliseconds connect_timeout{3000};
  std::chrono::milliseconds read_timeout{5000};
  std::chrono::milliseconds banner_wait{2000};
  std::chrono::milliseconds service_budget{20000};  // all attempts on one service together
  std::uint32_t max_reply_bytes = 1u << 20;
  std::uint32_t max_attempts = 6;  // probes tried on one service

  std::vector<std::string> probes;  // ids; empty = all; {"none"} = connect only
  bool default_logins = true;
  bool default_credentials = false;  // --default-credentials: documented vendor defaults only
  std::uint32_t max_items = 100;
  std::uint32_t max_sample_records = 200;  // = ProbeOptions' defaults (docs/sampling.md)
  std::uint32_t max_sample_bytes = 1024 * 1024;
  std::vector<std::string> bucket_names;  // object-store containers to try

  std::string output_path;  // JSON Lines file, or empty

  // How open ports are found: "connect" (the connect engine tries every pair) or "syn"
  // (stateless SYN discovery over a raw socket hands only the open pairs on to the probes while
  // it runs; docs/syn_discovery.md).
  std::string discovery = "connect";
  struct Syn {
    double rate = 10000;        // SYNs per second, retries included
    std::uint32_t retries = 1;  // passes after the first over the targets still silent
    std::chrono::milliseconds cooldown{3000};
    std::string interface;    // empty: from the routing table
    std::string source_ip;    // empty: the route's preferred source
    std::string gateway_mac;  // empty: from the neighbour table
  } syn;
};

nlohmann::json to_json(const ScanConfig&);
Result<ScanConfig> scan_config_from_json(const nlohmann::json&);

// A new scan's id: 16 random lower-case hex digits.
std::string new_scan_id();

}  // namespace lw::pipeline
