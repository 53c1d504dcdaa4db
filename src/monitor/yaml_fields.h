#pragma once

#include <yaml-cpp/yaml.h>

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"

namespace lw::monitor {

// A YAML value and the key path that reached it ("assets[1].ports[2]"). `parent` holds the
// nearest node with a position, for a key that is missing.
struct Field {
  YAML::Node node;
  std::string path;
  YAML::Node parent;

  bool present() const { return node.IsDefined() && !node.IsNull(); }
};

// Typed reads of a config document, every error naming "<source>:<line>:<column>: <path>: ...".
// Each value read is charged against kMaxConfigValues, so aliases cannot multiply the work.
// yaml-cpp throws only from parsing; these reads check the node type first and do not throw.
class FieldReader {
 public:
  explicit FieldReader(std::string source) : source_(std::move(source)) {}

  tl::unexpected<Error> error(const Field& at, const std::string& message) const;
  std::string where(const Field& at) const;

  Field child(const Field& map, std::string_view key) const;
  Field item(const Field& seq, std::size_t i) const;

  // A map whose keys are all in `known` and none twice; an unknown key is refused with the
  // closest known one suggested.
  Result<void> check_map(const Field& at, std::initializer_list<std::string_view> known);
  // A sequence of at most `max` items (a missing one is empty).
  Result<std::size_t> sequence(const Field& at, std::size_t max);

  Result<std::string> text(const Field& at, std::size_t max_bytes = 1024);
  Result<std::vector<std::string>> texts(const Field& at, std::size_t max_items);
  Result<std::uint64_t> integer(const Field& at, std::uint64_t lo, std::uint64_t hi);
  Result<double> number(const Field& at, double lo, double hi);
  Result<bool> boolean(const Field& at);
  // "30s", "5m", "2h", "14d", or a bare number of seconds.
  Result<std::chrono::seconds> duration(const Field& at, std::chrono::seconds lo,
                                        std::chrono::seconds hi);

 private:
  Result<void> charge(const Field& at);
  std::string source_;
  std::size_t values_ = 0;
};

// The known word closest to `word` by edit distance, or "" when none is close.
std::string closest_word(std::string_view word, std::initializer_list<std::string_view> known);

}  // namespace lw::monitor
