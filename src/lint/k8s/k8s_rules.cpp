#include "lint/k8s/k8s_rules.h"

#include <charconv>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "lint/exposure.h"
#include "lint/parse_or_report.h"
#include "lint/text.h"

namespace lw::lint {

namespace {

struct Object {
  const SourceFile* file;
  const Node* node;
};

std::string namespace_of(const Node& object) {
  const Node* meta = object.get("metadata");
  const std::string_view ns = meta != nullptr ? node_text(meta->get("namespace")) : "";
  return ns.empty() ? "default" : std::string(ns);
}

std::optional<std::uint16_t> port_number(const Node* node) {
  if (node == nullptr || !node->is_scalar()) return std::nullopt;
  unsigned value = 0;
  const std::string& s = node->scalar;
  const auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), value);
  if (ec != std::errc() || ptr != s.data() + s.size() || value > 65535) return std::nullopt;
  return static_cast<std::uint16_t>(value);
}

void collect(const SourceFile& file, const Node& doc, std::size_t depth, std::vector<Object>& out) {
  if (!doc.is_map() || depth > 4) return;
  if (node_text(doc.get("kind")) == "List" || node_text(doc.get("kind")).ends_with("List")) {
    if (const Node* items = doc.get("items")) {
      for (const Node& item : items->items) collect(file, item, depth + 1, out);
    }
    return;
  }
  out.push_back(Object{&file, &doc});
}

}  // namespace

void lint_kubernetes(std::span<const SourceFile* const> files, const FileSet&, Sink& sink) {
  // Parse every file first: a NetworkPolicy in one file covers a Service in another.
  std::vector<std::vector<Node>> parsed;
  std::vector<const SourceFile*> parsed_files;
  for (const SourceFile* file : files) {
    auto docs = yaml_or_report(*file, sink);
    if (!docs) continue;
    parsed.push_back(std::move(*docs));
    parsed_files.push_back(file);
  }
  std::vector<Object> objects;
  for (std::size_t i = 0; i < parsed.size(); ++i) {
    for (const Node& doc : parsed[i]) collect(*parsed_files[i], doc, 0, objects);
  }
  std::set<std::string> protected_namespaces;
  for (const Object& o : objects) {
    if (node_text(o.node->get("kind")) == "NetworkPolicy") {
      protected_namespaces.insert(namespace_of(*o.node));
    }
  }
  for (const Object& o : objects) {
    if (node_text(o.node->get("kind")) != "Service") continue;
    const Node* spec = o.node->get("spec");
    if (spec == nullptr) continue;
    const std::string_view type = node_text(spec->get("type"));
    if (type != "LoadBalancer" && type != "NodePort") continue;
    const std::string ns = namespace_of(*o.node);
    if (protected_namespaces.count(ns) != 0) continue;
    const Node* ports = spec->get("ports");
    if (ports == nullptr) continue;
    const Node* meta = o.node->get("metadata");
    const std::string name(meta != nullptr ? node_text(meta->get("name")) : "");
    for (const Node& port : ports->items) {
      for (const char* key : {"port", "targetPort"}) {
        const auto number = port_number(port.get(key));
        if (!number) continue;
        const auto service = database_service(*number);
        if (!service) continue;
        sink.report(*o.file, "k8s-db-service-exposed", port.get(key)->line,
                    "Service " + ns + "/" + name + " of type " + std::string(type) + " exposes " +
                        std::string(key) + " " + std::to_string(*number) + " (" +
                        std::string(*service) + ") and no NetworkPolicy in this set covers " +
                        "namespace " + ns);
        break;
      }
    }
  }
}

}  // namespace lw::lint
