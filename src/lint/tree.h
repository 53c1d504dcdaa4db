#pragma once

#include <cstddef>
#include <initializer_list>
#include <string>
#include <string_view>
#include <vector>

namespace lw::lint {

// A parsed YAML or JSON document with the line of every value, so rules never touch the
// third-party parsers and every finding can name a line.
struct Node {
  enum class Type { null, scalar, map, seq };
  struct Entry;

  Type type = Type::null;
  std::string scalar;   // text of a scalar (JSON numbers and booleans as written)
  bool quoted = false;  // a JSON string or a quoted YAML scalar
  std::size_t line = 0;
  std::vector<Entry> entries;  // map, in document order
  std::vector<Node> items;     // seq

  bool is_map() const noexcept { return type == Type::map; }
  bool is_seq() const noexcept { return type == Type::seq; }
  bool is_scalar() const noexcept { return type == Type::scalar; }

  // The value under `key` in a map, nullptr when absent or not a map.
  const Node* get(std::string_view key) const noexcept;
  // Follows keys; also accepts a dotted key written flat ("xpack.security.enabled") at any
  // level, as Elasticsearch-style YAML allows both spellings.
  const Node* find(std::initializer_list<std::string_view> path) const noexcept;
  const Node* find_dotted(std::string_view dotted) const noexcept;
  // The scalar text, or `fallback` when this is not a scalar.
  std::string_view text(std::string_view fallback = {}) const noexcept;
};

struct Node::Entry {
  std::string key;
  std::size_t line = 0;
  Node value;
};

// Caps that every adapter enforces, so a hostile file cannot exhaust memory or stack.
inline constexpr std::size_t kMaxTreeDepth = 64;
inline constexpr std::size_t kMaxTreeNodes = 200000;
// Bytes of keys and scalars: YAML aliases can repeat one long scalar many times.
inline constexpr std::size_t kMaxTreeBytes = 32u * 1024 * 1024;

// Scalar helpers over an optional node.
bool node_true(const Node* node) noexcept;
bool node_false(const Node* node) noexcept;
std::string_view node_text(const Node* node) noexcept;

}  // namespace lw::lint
