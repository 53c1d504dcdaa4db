#include "lint/arm/arm_rules.h"

#include <string>

#include "lint/cloud/firewall_rule.h"
#include "lint/parse_or_report.h"
#include "lint/text.h"

namespace lw::lint {

namespace {

// Resolves "[parameters('x')]" to the parameter's defaultValue and "[variables('x')]" to the
// variable, one level deep; other expressions stay as they are (and so match no rule).
class Resolver {
 public:
  explicit Resolver(const Node& tmpl) : tmpl_(tmpl) {}

  const Node* operator()(const Node* node) const {
    if (node == nullptr || !node->is_scalar()) return node;
    const std::string_view t = trim(node->scalar);
    if (const auto name = call_arg(t, "parameters")) {
      const Node* param = tmpl_.get("parameters") ? tmpl_.get("parameters")->get(*name) : nullptr;
      const Node* value = param != nullptr ? param->get("defaultValue") : nullptr;
      return value != nullptr ? value : node;
    }
    if (const auto name = call_arg(t, "variables")) {
      const Node* vars = tmpl_.get("variables");
      const Node* value = vars != nullptr ? vars->get(*name) : nullptr;
      return value != nullptr ? value : node;
    }
    return node;
  }

 private:
  static std::optional<std::string> call_arg(std::string_view t, std::string_view fn) {
    const std::string open = "[" + std::string(fn) + "('";
    if (!istarts_with(t, open) || !t.ends_with("')]")) return std::nullopt;
    return std::string(t.substr(open.size(), t.size() - open.size() - 3));
  }
  const Node& tmpl_;
};

std::vector<std::string> strings_of(const Node* node) {
  std::vector<std::string> out;
  if (node == nullptr) return out;
  if (node->is_scalar()) out.push_back(node->scalar);
  for (const Node& item : node->items) {
    if (item.is_scalar()) out.push_back(item.scalar);
  }
  return out;
}

class ArmChecker {
 public:
  ArmChecker(const SourceFile& file, Sink& sink) : file_(file), sink_(sink) {}

  void check_template(const Node& tmpl, std::size_t depth) {
    if (depth > 8) return;
    const Resolver resolve(tmpl);
    check_resources(tmpl.get("resources"), "", resolve, depth);
  }

 private:
  void check_resources(const Node* resources, const std::string& parent_type,
                       const Resolver& resolve, std::size_t depth) {
    if (resources == nullptr) return;
    // languageVersion 2.0 templates keep resources in an object keyed by symbolic name.
    std::vector<const Node*> list;
    for (const Node& r : resources->items) list.push_back(&r);
    for (const Node::Entry& e : resources->entries) list.push_back(&e.value);
    for (const Node* r : list) {
      if (!r->is_map()) continue;
      std::string type(node_text(r->get("type")));
      const auto slash = type.find('/');
      if (!parent_type.empty() && type.substr(0, slash).find('.') == std::string::npos) {
        type = parent_type + "/" + type;  // a nested child names its type relative to the parent
      }
      check_resource(*r, ascii_lower(type), resolve, depth);
      check_resources(r->get("resources"), type, resolve, depth);
    }
  }

  void check_resource(const Node& r, const std::string& type, const Resolver& resolve,
                      std::size_t depth) {
    const Node* props = r.get("properties");
    if (props == nullptr) return;
    const std::string name(node_text(r.get("name")));
    if (type == "microsoft.storage/storageaccounts") {
      const Node* allow = resolve(props->get("allowBlobPublicAccess"));
      if (node_true(allow)) {
        sink_.report(file_, "azure-storage-public-blob-access", allow->line,
                     "storage account " + name + " sets allowBlobPublicAccess: true");
      }
    } else if (type == "microsoft.storage/storageaccounts/blobservices/containers") {
      const Node* access = resolve(props->get("publicAccess"));
      const std::string_view level = node_text(access);
      if (iequals(level, "Container") || iequals(level, "Blob")) {
        sink_.report(file_, "azure-storage-container-public", access->line,
                     "container " + name + " has publicAccess " + std::string(level) +
                         ": anyone with the URL can read its blobs" +
                         (iequals(level, "Container") ? " and list them" : ""));
      }
    } else if (type == "microsoft.network/networksecuritygroups") {
      if (const Node* rules = props->get("securityRules")) {
        for (const Node& rule : rules->items) {
          check_nsg_rule(std::string(node_text(rule.get("name"))), rule.get("properties"), resolve);
        }
      }
    } else if (type == "microsoft.network/networksecuritygroups/securityrules") {
      check_nsg_rule(name, props, resolve);
    } else if (type == "microsoft.resources/deployments") {
      if (const Node* inner = props->get("template")) check_template(*inner, depth + 1);
    }
  }

  void check_nsg_rule(const std::string& name, const Node* props, const Resolver& resolve) {
    if (props == nullptr || !props->is_map()) return;
    FirewallRule rule;
    rule.inbound = iequals(node_text(resolve(props->get("direction"))), "Inbound");
    rule.allow = iequals(node_text(resolve(props->get("access"))), "Allow");
    for (const char* key : {"sourceAddressPrefix", "sourceAddressPrefixes"}) {
      for (std::string& s : strings_of(resolve(props->get(key))))
        rule.sources.push_back(std::move(s));
    }
    const Node* where = props;
    for (const char* key : {"destinationPortRange", "destinationPortRanges"}) {
      const Node* ports = resolve(props->get(key));
      if (ports != nullptr) where = ports;
      for (std::string& s : strings_of(ports)) rule.port_specs.push_back(std::move(s));
    }
    const auto open = internet_database_ports(rule);
    if (open.empty()) return;
    sink_.report(
        file_, "azure-nsg-db-port-open", where->line,
        "NSG rule " + name + " allows " + internet_source_of(rule) + " to " + describe_ports(open));
  }

  const SourceFile& file_;
  Sink& sink_;
};

}  // namespace

void lint_arm(std::span<const SourceFile* const> files, const FileSet&, Sink& sink) {
  for_each_file(files, [&](const SourceFile& f) {
    const auto root = json_or_report(f, sink);
    if (!root) return;
    ArmChecker(f, sink).check_template(*root, 0);
  });
}

}  // namespace lw::lint
