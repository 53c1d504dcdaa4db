#include "lint/tree.h"

#include "lint/text.h"

namespace lw::lint {

const Node* Node::get(std::string_view key) const noexcept {
  if (type != Type::map) return nullptr;
  for (const Entry& e : entries) {
    if (e.key == key) return &e.value;
  }
  return nullptr;
}

const Node* Node::find(std::initializer_list<std::string_view> path) const noexcept {
  std::string dotted;
  for (std::string_view part : path) {
    if (!dotted.empty()) dotted += '.';
    dotted += part;
  }
  return find_dotted(dotted);
}

const Node* Node::find_dotted(std::string_view dotted) const noexcept {
  if (type != Type::map) return nullptr;
  if (const Node* whole = get(dotted)) return whole;
  // Try every split point: "a.b.c" as a -> "b.c", "a.b" -> "c".
  for (std::size_t dot = dotted.find('.'); dot != std::string_view::npos;
       dot = dotted.find('.', dot + 1)) {
    if (const Node* head = get(dotted.substr(0, dot))) {
      if (const Node* found = head->find_dotted(dotted.substr(dot + 1))) return found;
    }
  }
  return nullptr;
}

std::string_view Node::text(std::string_view fallback) const noexcept {
  return type == Type::scalar ? std::string_view(scalar) : fallback;
}

bool node_true(const Node* node) noexcept {
  return node != nullptr && node->is_scalar() && is_truthy(node->scalar);
}

bool node_false(const Node* node) noexcept {
  return node != nullptr && node->is_scalar() && is_falsy(node->scalar);
}

std::string_view node_text(const Node* node) noexcept {
  return node == nullptr ? std::string_view() : node->text();
}

}  // namespace lw::lint
