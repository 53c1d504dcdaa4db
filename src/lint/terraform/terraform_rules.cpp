#include "lint/terraform/terraform_rules.h"

#include <string>

#include "lint/cloud/firewall_rule.h"
#include "lint/parse_or_report.h"
#include "lint/terraform/s3_policy.h"
#include "lint/terraform/terraform_resources.h"
#include "lint/text.h"

namespace lw::lint {

namespace {

std::vector<std::string> strings_of(const Node* node) {
  std::vector<std::string> out;
  if (node == nullptr) return out;
  if (node->is_scalar() && !node->scalar.empty()) out.push_back(node->scalar);
  for (const Node& item : node->items) {
    if (item.is_scalar()) out.push_back(item.scalar);
  }
  return out;
}

std::size_t line_or(const Node* node, const Node* fallback) {
  return node != nullptr ? node->line : (fallback != nullptr ? fallback->line : 0);
}

class PlanChecker {
 public:
  PlanChecker(const SourceFile& file, Sink& sink) : file_(file), sink_(sink) {}

  void check(const PlannedResource& r) {
    const Node* v = r.values;
    if (v == nullptr || !v->is_map()) return;
    const std::string& t = r.type;
    if (t == "azurerm_storage_account") {
      for (const char* key : {"allow_nested_items_to_be_public", "allow_blob_public_access"}) {
        if (node_true(v->get(key))) {
          sink_.report(file_, "tf-azurerm-storage-public-blob-access", v->get(key)->line,
                       r.address + " sets " + key + " = true");
        }
      }
    } else if (t == "azurerm_storage_container") {
      const Node* access = v->get("container_access_type");
      const std::string_view level = node_text(access);
      if (iequals(level, "blob") || iequals(level, "container")) {
        sink_.report(file_, "tf-azurerm-container-public", access->line,
                     r.address + " has container_access_type = \"" + std::string(level) + "\"");
      }
    } else if (t == "azurerm_network_security_rule") {
      check_azure_rule(r.address, *v);
    } else if (t == "azurerm_network_security_group") {
      if (const Node* rules = v->get("security_rule")) {
        for (const Node& rule : rules->items) {
          check_azure_rule(r.address + " rule " + std::string(node_text(rule.get("name"))), rule);
        }
      }
    } else if (t == "aws_s3_bucket" || t == "aws_s3_bucket_acl") {
      check_s3_acl(r.address, *v);
    } else if (t == "aws_s3_bucket_policy") {
      const Node* policy = v->get("policy");
      if (policy != nullptr && policy->is_scalar()) {
        const std::string why = public_statement(policy->scalar);
        if (!why.empty()) {
          sink_.report(file_, "tf-aws-s3-public-policy", policy->line, r.address + ": " + why);
        }
      }
    } else if (t == "aws_security_group") {
      if (const Node* ingress = v->get("ingress")) {
        for (const Node& rule : ingress->items) check_aws_rule(r.address, rule);
      }
    } else if (t == "aws_security_group_rule") {
      if (node_text(v->get("type")) == "ingress") check_aws_rule(r.address, *v);
    } else if (t == "aws_vpc_security_group_ingress_rule") {
      check_aws_rule(r.address, *v);
    } else if (t == "aws_db_instance" || t == "aws_rds_cluster_instance") {
      if (node_true(v->get("publicly_accessible"))) {
        sink_.report(file_, "tf-aws-rds-public", v->get("publicly_accessible")->line,
                     r.address + " is publicly_accessible = true");
      }
    }
  }

 private:
  void check_azure_rule(const std::string& what, const Node& v) {
    FirewallRule rule;
    rule.inbound = iequals(node_text(v.get("direction")), "Inbound");
    rule.allow = iequals(node_text(v.get("access")), "Allow");
    for (const char* key : {"source_address_prefix", "source_address_prefixes"}) {
      for (std::string& s : strings_of(v.get(key))) rule.sources.push_back(std::move(s));
    }
    for (const char* key : {"destination_port_range", "destination_port_ranges"}) {
      for (std::string& s : strings_of(v.get(key))) rule.port_specs.push_back(std::move(s));
    }
    const auto open = internet_database_ports(rule);
    if (open.empty()) return;
    const Node* at = v.get("destination_port_range");
    if (at == nullptr || strings_of(at).empty()) at = v.get("destination_port_ranges");
    sink_.report(file_, "tf-azurerm-nsg-db-port-open", line_or(at, &v),
                 what + " allows " + internet_source_of(rule) + " to " + describe_ports(open));
  }

  void check_aws_rule(const std::string& what, const Node& v) {
    FirewallRule rule;
    for (const char* key : {"cidr_blocks", "ipv6_cidr_blocks", "cidr_ipv4", "cidr_ipv6"}) {
      for (std::string& s : strings_of(v.get(key))) rule.sources.push_back(std::move(s));
    }
    std::string protocol(node_text(v.get("protocol")));
    if (protocol.empty()) protocol = std::string(node_text(v.get("ip_protocol")));
    const std::string from(node_text(v.get("from_port")));
    const std::string to(node_text(v.get("to_port")));
    if (protocol == "-1" || iequals(protocol, "all")) {
      rule.port_specs.push_back("*");
    } else if (!from.empty() && !to.empty()) {
      rule.port_specs.push_back(from == to ? from : from + "-" + to);
    }
    const auto open = internet_database_ports(rule);
    if (open.empty()) return;
    sink_.report(file_, "tf-aws-sg-db-port-open", line_or(v.get("from_port"), &v),
                 what + " allows " + internet_source_of(rule) + " to " + describe_ports(open));
  }

  void check_s3_acl(const std::string& what, const Node& v) {
    const Node* acl = v.get("acl");
    const std::string_view canned = node_text(acl);
    if (canned == "public-read" || canned == "public-read-write" ||
        canned == "authenticated-read") {
      sink_.report(file_, "tf-aws-s3-public-acl", acl->line,
                   what + " has acl = \"" + std::string(canned) + "\"");
      return;
    }
    const Node* policies = v.get("access_control_policy");
    if (policies == nullptr) return;
    for (const Node& policy : policies->items) {
      const Node* grants = policy.get("grant");
      if (grants == nullptr) continue;
      for (const Node& grant : grants->items) {
        const Node* grantees = grant.get("grantee");
        if (grantees == nullptr) continue;
        for (const Node& grantee : grantees->items) {
          const std::string_view uri = node_text(grantee.get("uri"));
          if (uri.ends_with("/AllUsers") || uri.ends_with("/AuthenticatedUsers")) {
            sink_.report(file_, "tf-aws-s3-public-acl", grantee.line,
                         what + " grants " + std::string(node_text(grant.get("permission"))) +
                             " to " + std::string(uri));
          }
        }
      }
    }
  }

  const SourceFile& file_;
  Sink& sink_;
};

}  // namespace

void lint_terraform_plan(std::span<const SourceFile* const> files, const FileSet&, Sink& sink) {
  for_each_file(files, [&](const SourceFile& f) {
    const auto plan = json_or_report(f, sink);
    if (!plan) return;
    PlanChecker checker(f, sink);
    for (const PlannedResource& r : planned_resources(*plan)) checker.check(r);
  });
}

}  // namespace lw::lint
