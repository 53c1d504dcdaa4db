#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace lw::probes::redis {

struct KeyspaceDb {
  std::uint32_t db = 0;
  std::uint64_t keys = 0;
  std::uint64_t expires = 0;
};

// The parts of an INFO reply the probe records. Bounded: at most kMaxInfoFields fields kept,
// each value cut to kMaxInfoValue bytes, at most kMaxKeyspaceDbs databases.
struct Info {
  std::map<std::string, std::string> fields;  // "redis_version" -> "7.0.15"
  std::vector<KeyspaceDb> keyspace;           // ascending db index
  bool has_version = false;                   // "redis_version:" was present
};

constexpr std::size_t kMaxInfoFields = 400;
constexpr std::size_t kMaxInfoValue = 256;
constexpr std::size_t kMaxKeyspaceDbs = 1024;

// Parses the text of an INFO reply ("# Server\r\nredis_version:7.0.15\r\n..."). Never fails:
// lines that are not "name:value" are skipped.
Info parse_info(std::string_view text);

// "keys=3,expires=0,avg_ttl=0" for db "db0"; false when the line is not a keyspace entry.
bool parse_keyspace_line(std::string_view name, std::string_view value, KeyspaceDb& out);

// Fields copied into the observation's metadata (an allowlist: nothing per-client).
const std::vector<std::string_view>& recorded_info_fields();

}  // namespace lw::probes::redis
