#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/probe.h"
#include "probes/memcached/memcached_text.h"

namespace lw::probes::memcached {

constexpr std::size_t kMaxClassesDumped = 8;       // slab classes asked with stats cachedump
constexpr std::size_t kMaxKeys = 500;              // keys kept from cachedump / metadump
constexpr std::uint64_t kMaxValueRead = 8192;      // only keys at most this large are fetched
constexpr std::size_t kMaxGetKeys = 10;            // keys in the one get
constexpr std::uint64_t kMetadumpMaxItems = 1000;  // metadump after a partial cachedump
constexpr std::uint32_t kStatsCap = 32 * 1024;
constexpr std::uint32_t kDumpCap = 128 * 1024;
constexpr std::uint32_t kGetCap = 128 * 1024;

struct Dialogue {
  bool identified = false;
  bool refused = false;
  std::string refusal;                       // the CLIENT_ERROR line
  std::string refusal_label;                 // the exchange refused
  std::map<std::string, std::string> stats;  // bounded
  bool stats_marker = false;                 // STAT lines with version and pid
  bool items_seen = false;
  std::vector<std::pair<std::uint32_t, std::uint64_t>> classes;  // slab class, items
  bool cachedump_done = false;
  bool metadump_done = false;
  std::vector<KeyEntry> keys;
  bool get_done = false;
  bool get_marker = false;  // the get reply was VALUE blocks closed by END
  std::string get_label;
  std::vector<StoredValue> values;
  std::vector<std::string> notes;
};

Dialogue analyse(const Transcript& transcript);
std::optional<Exchange> next_exchange(const ProbeOptions& options, const Transcript& transcript);

// Framing of a "lru_crawler metadump" reply (LF-ended lines, then END CRLF).
Framing frame_metadump(std::string_view reply) noexcept;

// Number of commands in one of our requests (each ends with CRLF; none carries data).
std::size_t commands_in(std::string_view request) noexcept;

}  // namespace lw::probes::memcached
