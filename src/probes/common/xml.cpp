#include "probes/common/xml.h"

#include <new>
#include <pugixml.hpp>

namespace lw::probes::xml {
namespace {

std::string_view local(std::string_view name) {
  const auto colon = name.rfind(':');
  return colon == std::string_view::npos ? name : name.substr(colon + 1);
}

std::string_view trim(std::string_view s) {
  constexpr std::string_view kSpace = " \t\r\n";
  const auto b = s.find_first_not_of(kSpace);
  if (b == std::string_view::npos) return {};
  return s.substr(b, s.find_last_not_of(kSpace) - b + 1);
}

struct Copier {
  std::size_t nodes = 0;

  // Recursion is bounded by kMaxDepth.
  Result<void> copy(const pugi::xml_node& from, Node& to, std::size_t depth) {
    if (depth > kMaxDepth) {
      return fail(ErrorCode::too_deep, "XML nested deeper than 24 elements",
                  "element " + std::string(local(from.name())));
    }
    to.name = std::string(local(from.name()));
    for (const auto& a : from.attributes()) {
      if (to.attributes.size() >= 32) break;
      to.attributes.emplace_back(a.name(), a.value());
    }
    std::string text;
    for (const auto& child : from.children()) {
      const auto type = child.type();
      if (type == pugi::node_pcdata || type == pugi::node_cdata) {
        if (text.size() < kMaxTextBytes) {
          const std::string_view piece = child.value();
          text.append(piece.substr(0, kMaxTextBytes - text.size()));
        }
      } else if (type == pugi::node_element) {
        if (++nodes > kMaxNodes) {
          return fail(ErrorCode::too_large, "XML document has more than 50000 elements", "");
        }
        to.children.emplace_back();
        auto r = copy(child, to.children.back(), depth + 1);
        if (!r) return r;
      }
    }
    to.text = std::string(trim(text));
    return {};
  }
};

}  // namespace

const Node* Node::child(std::string_view local_name) const noexcept {
  for (const auto& c : children) {
    if (c.name == local_name) return &c;
  }
  return nullptr;
}

std::string_view Node::child_text(std::string_view local_name) const noexcept {
  const Node* c = child(local_name);
  return c == nullptr ? std::string_view{} : std::string_view(c->text);
}

std::string_view Node::attribute(std::string_view attr_name) const noexcept {
  for (const auto& [k, v] : attributes) {
    if (k == attr_name) return v;
  }
  return {};
}

std::vector<const Node*> Node::children_named(std::string_view local_name) const {
  std::vector<const Node*> out;
  for (const auto& c : children) {
    if (c.name == local_name) out.push_back(&c);
  }
  return out;
}

Result<Node> parse(std::string_view text) {
  if (text.size() > kMaxDocumentBytes) {
    return fail(ErrorCode::too_large, "XML document over 4 MiB", "");
  }
  // Listings never carry a DOCTYPE; refusing one keeps entity tricks and pugixml's recursive
  // DOCTYPE skipper away from hostile input.
  if (text.find("<!DOCTYPE") != std::string_view::npos ||
      text.find("<!doctype") != std::string_view::npos) {
    return fail(ErrorCode::unsupported, "XML with a DOCTYPE is refused", "");
  }
  try {
    pugi::xml_document doc;
    const auto result =
        doc.load_buffer(text.data(), text.size(), pugi::parse_default, pugi::encoding_utf8);
    if (!result) {
      return fail(ErrorCode::parse_error,
                  std::string("not well-formed XML: ") + result.description(),
                  "offset " + std::to_string(result.offset));
    }
    const pugi::xml_node root = doc.document_element();
    if (!root) return fail(ErrorCode::parse_error, "XML document has no root element", "");
    Node out;
    Copier copier;
    auto r = copier.copy(root, out, 1);
    if (!r) return tl::unexpected(r.error());
    return out;
  } catch (const std::bad_alloc&) {
    return fail(ErrorCode::too_large, "out of memory parsing XML", "");
  } catch (...) {
    return fail(ErrorCode::internal, "XML parser failed", "");
  }
}

}  // namespace lw::probes::xml
