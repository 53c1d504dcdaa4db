#include "lint/cloud/firewall_rule.h"

#include <algorithm>

namespace lw::lint {

std::string internet_source_of(const FirewallRule& rule) {
  for (const std::string& s : rule.sources) {
    if (is_internet_source(s)) return s;
  }
  return {};
}

std::vector<DatabasePort> internet_database_ports(const FirewallRule& rule) {
  std::vector<DatabasePort> out;
  if (!rule.inbound || !rule.allow || internet_source_of(rule).empty()) return out;
  for (const std::string& spec : rule.port_specs) {
    // A spec may itself be a comma list ("22,5432") in some tools' output.
    std::string_view rest = spec;
    while (!rest.empty()) {
      const auto comma = rest.find(',');
      const std::string_view piece = rest.substr(0, comma);
      rest = comma == std::string_view::npos ? std::string_view() : rest.substr(comma + 1);
      const auto range = parse_port_range(piece);
      if (!range) continue;  // an unresolved expression: nothing can be said
      for (const DatabasePort& p : database_ports_in(*range)) {
        if (std::none_of(out.begin(), out.end(),
                         [&](const DatabasePort& q) { return q.port == p.port; })) {
          out.push_back(p);
        }
      }
    }
  }
  std::sort(out.begin(), out.end(),
            [](const DatabasePort& a, const DatabasePort& b) { return a.port < b.port; });
  return out;
}

}  // namespace lw::lint
