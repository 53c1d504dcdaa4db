#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/probe.h"
#include "probes/memcached/memcached_text.h"

namespace lw::probes::memcached {

constexpr std::size_t kMaxClassesDumped = 16;      // slab classes asked with stats cachedump
constexpr std::size_t kMaxKeys = 5000;             // keys kept from cachedump / metadump
constexpr std::uint64_t kMaxValueRead = 8192;      // only keys at most this large are fetched
constexpr std::size_t kGetBatch = 50;              // keys in one get
constexpr std::size_t kMaxGets = 20;               // get requests in one dialogue
constexpr std::size_t kMaxTurns = 32;              // exchanges in one dialogue
constexpr std::uint64_t kMetadumpMaxItems = 5000;  // metadump only a cache this small
constexpr std::uint32_t kStatsCap = 32 * 1024;
constexpr std::uint32_t kDumpCap = 1024 * 1024;
constexpr std::uint32_t kGetCap = 512 * 1024;

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
  std::size_t gets = 0;                 // get requests sent
  std::vector<std::string> keys_asked;  // keys named in them, in order
  bool get_marker = false;              // a get reply was VALUE blocks closed by END
  std::string get_label;                // the first get that returned a value
  std::vector<StoredValue> values;
  std::vector<std::string> notes;
};

Dialogue analyse(const Transcript& transcript);

// The keys the sampler (probes/common/sampler.h) chose to get, best first: listed keys that may
// be sent back and are at most kMaxValueRead bytes, grouped by prefix, at most `budget`.
std::vector<std::string> choose_keys(const Dialogue& d, std::size_t budget);
std::optional<Exchange> next_exchange(const ProbeOptions& options, const Transcript& transcript);

// Framing of a "lru_crawler metadump" reply (LF-ended lines, then END CRLF).
Framing frame_metadump(std::string_view reply) noexcept;

// Number of commands in one of our requests (each ends with CRLF; none carries data).
std::size_t commands_in(std::string_view request) noexcept;

}  // namespace lw::probes::memcached
