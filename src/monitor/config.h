#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "monitor/asset.h"
#include "monitor/rule.h"
#include "net/discovery/target_set.h"
#include "notify/channel.h"

namespace lw::monitor {

enum class LogFormat { json, text };

// The REST API inside `leakwatch serve` (docs/api.md): off unless the config has an `api:` section.
// Only 127.0.0.1 and ::1 may listen without TLS; the token rule is checked when the API starts.
struct ApiSection {
  bool enabled = false;
  std::string listen = "127.0.0.1:8642";  // ADDRESS:PORT or [IPv6]:PORT, the address literal
  std::string tls_cert;                   // PEM files: both or neither
  std::string tls_key;
  bool tls_self_signed = false;
  std::string web_root;  // the dashboard's built files; "" finds them beside the binary
  std::vector<std::string> trusted_proxies;  // addresses or CIDR blocks (docs/api.md)
};

// `leakwatch serve`'s configuration (docs/serve.md "Configuration reference"): immutable once
// loaded; a reload builds a new one and swaps it in only when it is valid.
struct Config {
  std::string source;                    // the file it was read from, for messages
  std::string catalog = "leakwatch.db";  // a SQLite path or a postgresql:// URL
  LogFormat log_format = LogFormat::json;
  Scheduling scheduling;
  std::chrono::seconds group_wait{5};       // gather one asset's alerts this long...
  std::chrono::seconds group_interval{30};  // ...and send a group's next batch after this
  std::vector<Asset> assets;
  std::vector<discovery::TargetSet> asset_targets;  // assets[i]'s targets, resolved
  std::vector<AlertRule> rules;
  std::vector<notify::Channel> channels;
  ApiSection api;
};

// Caps on what a config may hold (docs/serve.md "Limits").
inline constexpr std::size_t kMaxConfigBytes = 1u << 20;
inline constexpr std::size_t kMaxConfigDepth = 32;
inline constexpr std::size_t kMaxConfigValues = 200'000;
inline constexpr std::size_t kMaxAssets = 1000;
inline constexpr std::size_t kMaxTargetsPerAsset = 4096;
inline constexpr std::size_t kMaxRules = 256;
inline constexpr std::size_t kMaxChannels = 64;
inline constexpr std::size_t kMaxListItems = 256;  // contacts, tags, ports, families, to...
inline constexpr std::size_t kMaxSecretBytes = 4096;

struct ConfigOptions {
  // How host names among the assets' targets are resolved (the scan's resolver by default).
  discovery::Resolver resolve;
  // How secret_env: names are read (getenv by default); tests pass their own.
  std::function<const char*(const char*)> getenv;
};

// Parses and validates a whole config. Every error is one message naming the source, the
// line and column and the key path: "leakwatch.yaml:14:5: assets[1].ports[2]: 70000 is not a
// port (1-65535)". Secrets named by secret_file:/secret_env: are read here.
Result<Config> parse_config(std::string_view yaml_text, std::string_view source_name,
                            const ConfigOptions& options = {});
// Reads `path` (at most kMaxConfigBytes) and parses it.
Result<Config> load_config(const std::string& path, const ConfigOptions& options = {});

// "3 assets, 5 rules, 2 channels"
std::string summarize(const Config&);

// The asset a service belongs to: the first (in the config's order) whose targets hold the
// address or name the host name it was scanned by; nullptr when none.
const Asset* asset_for(const Config&, std::string_view address,
                       const std::vector<std::string>& names);

// "auto", "syn", "connect": the config's words.
std::string_view to_string(Discovery d) noexcept;
// How `asset`'s sweeps find open ports: its own `discovery`, else scheduling.discovery.
Discovery discovery_of(const Config&, const Asset& asset);

// "", low, medium, high, critical as 0..4; -1 for anything else.
int severity_level(std::string_view severity) noexcept;

}  // namespace lw::monitor
