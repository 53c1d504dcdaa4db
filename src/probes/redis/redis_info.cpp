#include "probes/redis/redis_info.h"

#include <algorithm>
#include <charconv>

namespace lw::probes::redis {
namespace {

bool to_u64(std::string_view s, std::uint64_t& out) {
  if (s.empty()) return false;
  const auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), out);
  return ec == std::errc{} && ptr == s.data() + s.size();
}

std::string_view trim_cr(std::string_view s) {
  while (!s.empty() && (s.back() == '\r' || s.back() == ' ')) s.remove_suffix(1);
  return s;
}

}  // namespace

bool parse_keyspace_line(std::string_view name, std::string_view value, KeyspaceDb& out) {
  if (name.size() < 3 || name.size() > 7 || name.substr(0, 2) != "db") return false;
  std::uint64_t index = 0;
  if (!to_u64(name.substr(2), index) || index > 65535) return false;
  out = KeyspaceDb{static_cast<std::uint32_t>(index), 0, 0};
  bool saw_keys = false;
  while (!value.empty()) {
    const std::size_t comma = value.find(',');
    const std::string_view item = value.substr(0, comma);
    value = comma == std::string_view::npos ? std::string_view{} : value.substr(comma + 1);
    const std::size_t eq = item.find('=');
    if (eq == std::string_view::npos) continue;
    const std::string_view k = item.substr(0, eq);
    const std::string_view v = item.substr(eq + 1);
    if (k == "keys") saw_keys = to_u64(v, out.keys);
    if (k == "expires") (void)to_u64(v, out.expires);
  }
  return saw_keys;
}

Info parse_info(std::string_view text) {
  Info info;
  std::size_t lines = 0;
  while (!text.empty() && lines < 4 * kMaxInfoFields) {
    ++lines;
    const std::size_t nl = text.find('\n');
    const std::string_view raw = text.substr(0, nl);
    text = nl == std::string_view::npos ? std::string_view{} : text.substr(nl + 1);
    const std::string_view line = trim_cr(raw);
    if (line.empty() || line.front() == '#') continue;
    const std::size_t colon = line.find(':');
    if (colon == std::string_view::npos || colon == 0 || colon > 64) continue;
    const std::string_view name = line.substr(0, colon);
    const std::string_view value = line.substr(colon + 1);
    KeyspaceDb db;
    if (parse_keyspace_line(name, value, db)) {
      if (info.keyspace.size() < kMaxKeyspaceDbs) info.keyspace.push_back(db);
      continue;
    }
    if (name == "redis_version") info.has_version = true;
    if (info.fields.size() < kMaxInfoFields) {
      info.fields.emplace(std::string(name), std::string(value.substr(0, kMaxInfoValue)));
    }
  }
  std::sort(info.keyspace.begin(), info.keyspace.end(),
            [](const KeyspaceDb& a, const KeyspaceDb& b) { return a.db < b.db; });
  return info;
}

const std::vector<std::string_view>& recorded_info_fields() {
  static const std::vector<std::string_view> kFields = {
      "redis_version",
      "redis_mode",
      "server_name",
      "valkey_version",
      "os",
      "arch_bits",
      "tcp_port",
      "uptime_in_seconds",
      "executable",
      "config_file",
      "connected_clients",
      "used_memory",
      "used_memory_human",
      "maxmemory",
      "role",
      "connected_slaves",
      "cluster_enabled",
      "aof_enabled",
      "rdb_last_save_time",
  };
  return kFields;
}

}  // namespace lw::probes::redis
