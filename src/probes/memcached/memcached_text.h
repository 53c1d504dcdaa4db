#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/probe.h"
#include "core/result.h"

namespace lw::probes::memcached {

// The memcached text protocol
// (https://github.com/memcached/memcached/blob/master/doc/protocol.txt): a reply is lines ended by
// CRLF up to a terminator line (END, ERROR, CLIENT_ERROR ..., SERVER_ERROR ..., VERSION ..., OK,
// BUSY ...); "VALUE <key> <flags> <bytes> [<cas>]" lines are followed by <bytes> of data and CRLF.

struct Limits {
  std::size_t max_line = 4096;      // one line
  std::size_t max_lines = 20'000;   // lines of one reply block
  std::size_t max_value = 1 << 20;  // one VALUE's declared size
};

struct StoredValue {
  std::string key;
  std::uint32_t flags = 0;
  std::string data;
};

// One reply: its lines before the terminator, the values it carried, and the terminator.
struct Block {
  std::vector<std::string> lines;  // "STAT pid 42", "ITEM k [5 b; 0 s]", "key=k exp=-1 ..."
  std::vector<StoredValue> values;
  std::string terminator;  // "END", "ERROR", "CLIENT_ERROR unauthenticated", "VERSION 1.6.18"
};

// Whether a line ends a reply.
bool is_terminator(std::string_view line) noexcept;

// Reads up to `max_blocks` whole replies from the front of `in`. A block cut short is not
// returned; `complete` says whether `max_blocks` were read. Malformed bytes (a line over its cap,
// a VALUE header that does not parse, data not followed by CRLF) are an Error.
struct Blocks {
  std::vector<Block> blocks;
  std::size_t consumed = 0;
};
Result<Blocks> parse_blocks(std::string_view in, std::size_t max_blocks, const Limits& = {});

// How many whole replies `in` holds, at most `max_blocks`, without keeping their data.
Result<std::size_t> count_blocks(std::string_view in, std::size_t max_blocks, const Limits& = {});

// "STAT name value" lines as pairs.
std::vector<std::pair<std::string, std::string>> stat_pairs(const Block& b);

// A key seen in "stats cachedump" ("ITEM <key> [<bytes> b; <exp> s]") or
// "lru_crawler metadump" ("key=<url-encoded> exp=.. la=.. cas=.. fetch=.. cls=.. size=..").
struct KeyEntry {
  std::string key;
  std::uint64_t size = 0;
};
bool parse_cachedump_line(std::string_view line, KeyEntry& out);
bool parse_metadump_line(std::string_view line, KeyEntry& out);

// A key that may be sent back in a get: 1..250 bytes, printable ASCII, no space (protocol.txt).
bool is_safe_key(std::string_view key) noexcept;

}  // namespace lw::probes::memcached
