#include "pipeline/scan_config.h"

#include <random>

namespace lw::pipeline {

using nlohmann::json;

json to_json(const ScanConfig& c) {
  json ranges = json::array();
  for (const auto& r : c.ranges) ranges.push_back({r.first.to_string(), r.last.to_string()});
  json names = json::array();
  for (const auto& [a, n] : c.names) names.push_back({a.to_string(), n});
  json endpoints = json::array();
  for (const auto& [a, port] : c.endpoints) endpoints.push_back({a.to_string(), port});
  return json{{"ranges", ranges},
              {"endpoints", endpoints},
              {"names", names},
              {"ports", c.ports},
              {"seed", c.seed},
              {"shard_index", c.shard_index},
              {"shard_count", c.shard_count},
              {"workers", c.workers},
              {"rate", c.rate},
              {"concurrency", c.concurrency},
              {"per_host", c.per_host},
              {"connect_timeout_ms", c.connect_timeout.count()},
              {"read_timeout_ms", c.read_timeout.count()},
              {"banner_wait_ms", c.banner_wait.count()},
              {"service_budget_ms", c.service_budget.count()},
              {"max_reply_bytes", c.max_reply_bytes},
              {"max_attempts", c.max_attempts},
              {"probes", c.probes},
              {"default_logins", c.default_logins},
              {"default_credentials", c.default_credentials},
              {"max_items", c.max_items},
              {"max_sample_records", c.max_sample_records},
              {"max_sample_bytes", c.max_sample_bytes},
              {"bucket_names", c.bucket_names},
              {"output_path", c.output_path},
              {"discovery", c.discovery},
              {"syn",
               {{"rate", c.syn.rate},
                {"retries", c.syn.retries},
                {"cooldown_ms", c.syn.cooldown.count()},
                {"interface", c.syn.interface},
                {"source_ip", c.syn.source_ip},
                {"gateway_mac", c.syn.gateway_mac}}}};
}

Result<ScanConfig> scan_config_from_json(const json& j) {
  try {
    ScanConfig c;
    for (const auto& r : j.at("ranges")) {
      auto first = Address::parse(r.at(0).get<std::string>());
      auto last = Address::parse(r.at(1).get<std::string>());
      if (!first || !last)
        return fail(ErrorCode::parse_error, "bad range in stored scan", "ranges");
      c.ranges.push_back({*first, *last});
    }
    for (const auto& n : j.at("names")) {
      auto a = Address::parse(n.at(0).get<std::string>());
      if (!a) return fail(ErrorCode::parse_error, "bad name entry in stored scan", "names");
      c.names.emplace_back(*a, n.at(1).get<std::string>());
    }
    for (const auto& e : j.value("endpoints", json::array())) {
      auto a = Address::parse(e.at(0).get<std::string>());
      if (!a) return fail(ErrorCode::parse_error, "bad endpoint in stored scan", "endpoints");
      c.endpoints.emplace_back(*a, e.at(1).get<std::uint16_t>());
    }
    c.ports = j.at("ports").get<std::vector<std::uint16_t>>();
    c.seed = j.at("seed").get<std::uint64_t>();
    c.shard_index = j.at("shard_index").get<std::uint32_t>();
    c.shard_count = j.at("shard_count").get<std::uint32_t>();
    c.workers = j.at("workers").get<std::uint32_t>();
    c.rate = j.at("rate").get<double>();
    c.concurrency = j.at("concurrency").get<std::uint32_t>();
    c.per_host = j.at("per_host").get<std::uint32_t>();
    c.connect_timeout = std::chrono::milliseconds(j.at("connect_timeout_ms").get<std::int64_t>());
    c.read_timeout = std::chrono::milliseconds(j.at("read_timeout_ms").get<std::int64_t>());
    c.banner_wait = std::chrono::milliseconds(j.at("banner_wait_ms").get<std::int64_t>());
    c.service_budget = std::chrono::milliseconds(j.at("service_budget_ms").get<std::int64_t>());
    c.max_reply_bytes = j.at("max_reply_bytes").get<std::uint32_t>();
    c.max_attempts = j.at("max_attempts").get<std::uint32_t>();
    c.probes = j.at("probes").get<std::vector<std::string>>();
    c.default_logins = j.at("default_logins").get<bool>();
    // Absent from scans stored before the option existed: off.
    c.default_credentials = j.value("default_credentials", false);
    c.max_items = j.at("max_items").get<std::uint32_t>();
    c.max_sample_records = j.at("max_sample_records").get<std::uint32_t>();
    c.max_sample_bytes = j.at("max_sample_bytes").get<std::uint32_t>();
    c.output_path = j.at("output_path").get<std::string>();
    c.bucket_names = j.value("bucket_names", std::vector<std::string>{});
    // Absent from scans stored before SYN discovery existed: the connect engine.
    c.discovery = j.value("discovery", std::string("connect"));
    if (c.discovery != "connect" && c.discovery != "syn") {
      return fail(ErrorCode::parse_error, "unknown discovery '" + c.discovery + "'", "discovery");
    }
    if (const auto syn = j.find("syn"); syn != j.end()) {
      c.syn.rate = syn->at("rate").get<double>();
      c.syn.retries = syn->at("retries").get<std::uint32_t>();
      c.syn.cooldown = std::chrono::milliseconds(syn->at("cooldown_ms").get<std::int64_t>());
      c.syn.interface = syn->at("interface").get<std::string>();
      c.syn.source_ip = syn->at("source_ip").get<std::string>();
      c.syn.gateway_mac = syn->at("gateway_mac").get<std::string>();
    }
    if (c.workers == 0 || c.shard_count == 0 || c.shard_index >= c.shard_count) {
      return fail(ErrorCode::parse_error, "inconsistent stored scan configuration", "config");
    }
    return c;
  } catch (const json::exception& e) {
    return fail(ErrorCode::parse_error, std::string("stored scan configuration: ") + e.what(),
                "config");
  }
}

std::string new_scan_id() {
  std::random_device rd;
  static constexpr char kHex[] = "0123456789abcdef";
  std::string id;
  for (int i = 0; i < 16; ++i) id.push_back(kHex[rd() % 16]);
  return id;
}

}  // namespace lw::pipeline
