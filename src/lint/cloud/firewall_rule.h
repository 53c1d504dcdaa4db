#pragma once

#include <string>
#include <vector>

#include "lint/exposure.h"

namespace lw::lint {

// A cloud firewall rule in a provider-neutral shape: Azure NSG rules (ARM and azurerm) and AWS
// security group ingress rules are both checked through this one function, so exact ports,
// ranges ("6000-7000"), lists and "*" are handled the same everywhere.
struct FirewallRule {
  bool inbound = true;
  bool allow = true;
  std::vector<std::string> sources;     // address prefixes, CIDRs or service tags
  std::vector<std::string> port_specs;  // "5432", "6000-7000", "*"
};

// The database ports this rule opens to the internet; empty when it does not.
std::vector<DatabasePort> internet_database_ports(const FirewallRule& rule);

// The first source that means the internet, or an empty string.
std::string internet_source_of(const FirewallRule& rule);

}  // namespace lw::lint
