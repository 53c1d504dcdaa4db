#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "core/result.h"

namespace lw::probes::json {

// Caps on one JSON document read from the network.
struct Limits {
  std::size_t max_bytes = 4 * 1024 * 1024;
  std::size_t max_depth = 64;
};

// Parses untrusted JSON within the caps: too_large over max_bytes, too_deep over max_depth
// (checked before nlohmann builds anything), parse_error when malformed. Never throws.
Result<nlohmann::json> parse_bounded(std::string_view text, Limits limits = {});

// Nesting depth of the arrays and objects in `text` (strings skipped), stopping early once
// past `stop_at`. Not a validator.
std::size_t nesting_depth(std::string_view text, std::size_t stop_at);

// Tolerant accessors: a missing member or a wrong type gives the empty answer, never a throw.
const nlohmann::json* member(const nlohmann::json& j, std::string_view key);
std::string string_at(const nlohmann::json& j, std::string_view key);
// A non-negative integer held as a JSON number or a decimal string (etcd, ES _cat).
std::optional<std::uint64_t> uint_at(const nlohmann::json& j, std::string_view key);
std::optional<std::uint64_t> as_uint(const nlohmann::json& j);

// Compact text of `j`, invalid UTF-8 replaced, cut to at most `cap` bytes.
std::string dump_capped(const nlohmann::json& j, std::size_t cap);

}  // namespace lw::probes::json
