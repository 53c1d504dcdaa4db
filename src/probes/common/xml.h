#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"

namespace lw::probes::xml {

// A small, bounded copy of an XML document (parsed with pugixml): element names without their
// namespace prefix, the element's own text, its attributes and its children. Enough for the
// listing documents object stores answer with; not a general XML model.
struct Node {
  std::string name;  // local name: "ListBucketResult", "Contents"
  std::string text;  // the element's own character data (entities decoded), trimmed
  std::vector<std::pair<std::string, std::string>> attributes;
  std::vector<Node> children;

  // First child element with this local name, or nullptr.
  const Node* child(std::string_view local_name) const noexcept;
  // Text of the first child with this name; empty when there is none.
  std::string_view child_text(std::string_view local_name) const noexcept;
  // Value of an attribute ("xmlns"), empty when absent.
  std::string_view attribute(std::string_view name) const noexcept;
  // Every direct child with this name.
  std::vector<const Node*> children_named(std::string_view local_name) const;
};

constexpr std::size_t kMaxDocumentBytes = 4 * 1024 * 1024;
constexpr std::size_t kMaxDepth = 24;
constexpr std::size_t kMaxNodes = 50'000;
constexpr std::size_t kMaxTextBytes = 64 * 1024;  // per element; longer text is cut

// Parses `text` as one XML document. Errors: too_large (document, or more than kMaxNodes
// elements), too_deep (nesting past kMaxDepth), parse_error (not well-formed XML).
Result<Node> parse(std::string_view text);

}  // namespace lw::probes::xml
