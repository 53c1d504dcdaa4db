#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <unordered_set>
#include <vector>

#include "core/probe.h"
#include "probes/redis/redis_info.h"
#include "probes/redis/resp_parser.h"

namespace lw::probes::redis {

// Caps of the Redis dialogue (README.md "Caps").
constexpr std::uint32_t kMaxDbsVisited = 16;        // databases scanned (those INFO lists)
constexpr std::uint32_t kMaxScanRounds = 8;         // SCAN calls per database
constexpr std::uint32_t kScanCount = 500;           // SCAN COUNT hint
constexpr std::size_t kMaxKeysPerDb = 2000;         // key names kept from SCAN per database
constexpr std::size_t kMaxKeysListed = 5000;        // key names kept, all databases together
constexpr std::size_t kMaxKeysShown = 100;          // key names per database in metadata
constexpr std::size_t kMaxKeyBytes = 512;           // longer key names are listed, never sent back
constexpr std::size_t kTypeBatch = 200;             // TYPE commands per request
constexpr std::size_t kReadBatch = 50;              // read commands per request
constexpr std::size_t kMaxTurns = 200;              // exchanges in one dialogue
constexpr std::uint32_t kStringReadBytes = 1024;    // GETRANGE 0..kStringReadBytes-1
constexpr std::uint32_t kCollectionReadCount = 10;  // LRANGE/ZRANGE/XRANGE/HSCAN/SSCAN size
constexpr std::uint32_t kInfoReplyCap = 64 * 1024;
constexpr std::uint32_t kScanReplyCap = 256 * 1024;
constexpr std::uint32_t kTypeReplyCap = 16 * 1024;
constexpr std::uint32_t kReadReplyCap = 256 * 1024;
constexpr std::uint32_t kConfigReplyCap = 16 * 1024;
constexpr std::string_view kConfigLabel = "CONFIG GET dir";

enum class Refusal { none, noauth, denied, noperm };

// What the last request, CONFIG GET dir (read-only: CONFIG SET is never sent), showed. A server
// that answers it to a client without credentials also lets that client CONFIG SET dir and
// dbfilename and write its snapshot where it likes (an authorized_keys file, a cron table): the
// well-known route from an open Redis to code execution (README.md).
enum class ConfigGet {
  not_asked,
  answered,  // the ["dir", "<path>"] pair came back
  refused,   // an error: renamed away (rename-command CONFIG ""), ACL NOPERM, ...
  other,     // another shape, a cut reply or no reply
};

struct KeyRead {
  std::string key;
  std::string type;
  bool got_data = false;       // a non-empty, non-error value came back
  std::string rendered;        // bounded text rendering of the value
  std::uint64_t elements = 0;  // elements rendered (1 for a string)
};

struct DbProgress {
  std::uint32_t db = 0;
  std::uint64_t declared_keys = 0;          // from INFO keyspace
  std::vector<std::string> keys;            // from SCAN, deduplicated, bounded
  std::unordered_set<std::string> key_set;  // the same names, to deduplicate the next SCAN round
  std::string cursor = "0";
  std::uint32_t scan_rounds = 0;
  bool scan_ok = false;      // a SCAN reply had the [cursor, [keys]] shape
  bool scan_failed = false;  // SELECT or SCAN answered an error
  bool typed = false;
  std::vector<std::pair<std::string, std::string>> types;  // key, type
  bool read = false;
  std::string read_label;  // the exchange that read values
  std::vector<KeyRead> reads;
};

// Everything the transcript so far tells. Built from the requests the probe sent (its own RESP)
// and the replies; used by next() to choose the next request and by parse().
struct Dialogue {
  bool info_seen = false;
  bool resp_seen = false;   // the first reply was well-formed RESP
  bool redis_like = false;  // the replies carry Redis-specific markers
  std::optional<Info> info;
  bool info_cut = false;   // the INFO reply ended before its declared length (closed, reset)
  std::string info_error;  // error text INFO answered with
  Refusal refusal = Refusal::none;
  std::string refusal_label;
  bool sentinel = false;
  std::vector<DbProgress> dbs;
  std::vector<std::string> notes;          // malformed later replies, bounded
  std::optional<Error> first_reply_error;  // the first reply looked like RESP but was malformed
  ConfigGet config = ConfigGet::not_asked;
  std::string config_dir;    // the directory CONFIG GET dir named, bounded
  std::string config_error;  // the error CONFIG GET answered with, bounded
};

// What analyse reads of the value replies: everything (parse: the samples), or only which keys
// were asked (next: the value replies, the largest, are not parsed again on every turn).
enum class ValueReplies { parse, skip };
Dialogue analyse(const Transcript& transcript, ValueReplies values = ValueReplies::parse);

// The keys the sampler chose to read (probes/common/sampler.h), best first: every listed key of
// at most kMaxKeyBytes, grouped by database and key prefix, at most `budget`.
struct ChosenKey {
  std::uint32_t db = 0;
  std::string key;
};
std::vector<ChosenKey> choose_keys(const Dialogue& d, std::size_t budget);

// The next request, or nullopt. Bounded by options (max_items keys, max_sample_records reads).
std::optional<Exchange> next_exchange(const ProbeOptions& options, const Transcript& transcript);

// The read command for one key of a type, or empty when that type is not read.
std::string read_command(std::string_view key, std::string_view type);

}  // namespace lw::probes::redis
