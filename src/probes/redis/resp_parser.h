#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"

namespace lw::probes::resp {

// RESP2 and RESP3 value types (https://redis.io/docs/latest/develop/reference/protocol-spec/).
enum class Type {
  simple_string,  // +
  error,          // -
  integer,        // :
  bulk_string,    // $
  array,          // *
  null,           // _ , $-1 , *-1
  boolean,        // #
  double_value,   // ,
  big_number,     // (
  bulk_error,     // !
  verbatim,       // =
  map,            // %  (items alternate key, value)
  set,            // ~
  push,           // >
};

struct Value {
  Type type = Type::null;
  std::string str;           // strings, errors, doubles, big numbers, verbatim text
  std::int64_t integer = 0;  // integers; booleans as 0/1
  std::vector<Value> items;  // arrays, sets, pushes; maps as key, value, key, value...

  bool is_error() const noexcept { return type == Type::error || type == Type::bulk_error; }
  bool is_aggregate() const noexcept {
    return type == Type::array || type == Type::map || type == Type::set || type == Type::push;
  }
  // The text of a string-like value (simple, bulk, verbatim without its "txt:" prefix).
  std::string_view text() const noexcept;
};

// Caps on untrusted replies. Checked before anything is allocated.
struct Limits {
  std::size_t max_bulk = 1 << 20;            // one bulk string
  std::size_t max_line = 64 * 1024;          // one simple string / error / number line
  std::size_t max_elements = 100'000;        // one aggregate's declared count
  std::size_t max_total_elements = 200'000;  // every element of one top-level value
  std::size_t max_depth = 16;                // aggregate nesting
};

enum class Status { complete, need_more };

// One value read from the front of a buffer.
struct Parsed {
  Status status = Status::need_more;
  Value value;               // valid when complete
  std::size_t consumed = 0;  // bytes used when complete
};

// Parses one RESP value from the front of `in`. need_more when `in` ends inside it; an Error
// (parse_error, too_large, too_deep, unsupported) when the bytes are not RESP or break a cap.
Result<Parsed> parse_one(std::string_view in, const Limits& limits = {});

// Like parse_one, without building the value: the end offset of one value. For framing.
Result<Parsed> skip_one(std::string_view in, const Limits& limits = {});

// Every complete value at the front of `in`, up to `max_values`. Stops at the first value that
// is incomplete; fails on malformed bytes.
struct Sequence {
  std::vector<Value> values;
  std::size_t consumed = 0;
  bool truncated = false;  // bytes remain that do not (yet) form a whole value
};
Result<Sequence> parse_sequence(std::string_view in, std::size_t max_values,
                                const Limits& limits = {});

// How many whole values `in` holds (at most `max_values`), for framing pipelined replies.
Result<std::size_t> count_values(std::string_view in, std::size_t max_values,
                                 const Limits& limits = {});

// A command as a RESP array of bulk strings (binary safe).
std::string command(const std::vector<std::string_view>& args);

}  // namespace lw::probes::resp
