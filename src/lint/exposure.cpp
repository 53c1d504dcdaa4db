#include "lint/exposure.h"

#include <algorithm>
#include <array>
#include <charconv>
#include <string>

#include "lint/text.h"

namespace lw::lint {

namespace {

// Sorted by port. 8000 is Chroma's default, 9000 ClickHouse's native protocol.
constexpr std::array kDatabasePorts{
    DatabasePort{1433, "mssql"},         DatabasePort{1521, "oracle"},
    DatabasePort{2181, "zookeeper"},     DatabasePort{2379, "etcd"},
    DatabasePort{3306, "mysql"},         DatabasePort{5432, "postgresql"},
    DatabasePort{5601, "kibana"},        DatabasePort{5984, "couchdb"},
    DatabasePort{6333, "qdrant"},        DatabasePort{6379, "redis"},
    DatabasePort{7474, "neo4j"},         DatabasePort{8000, "chroma"},
    DatabasePort{8086, "influxdb"},      DatabasePort{8123, "clickhouse-http"},
    DatabasePort{8529, "arangodb"},      DatabasePort{9000, "clickhouse-native"},
    DatabasePort{9042, "cassandra"},     DatabasePort{9092, "kafka"},
    DatabasePort{9200, "elasticsearch"}, DatabasePort{9300, "elasticsearch-transport"},
    DatabasePort{9870, "hdfs-namenode"}, DatabasePort{11211, "memcached"},
    DatabasePort{27017, "mongodb"},      DatabasePort{50070, "hdfs-namenode-legacy"},
};

bool parse_u16(std::string_view text, std::uint16_t& out) noexcept {
  text = trim(text);
  if (text.empty()) return false;
  unsigned value = 0;
  const auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || ptr != text.data() + text.size() || value > 65535) return false;
  out = static_cast<std::uint16_t>(value);
  return true;
}

}  // namespace

HostScope classify_host(std::string_view host) noexcept {
  host = trim(unquote(trim(host)));
  if (host.size() >= 2 && host.front() == '[' && host.back() == ']') {
    host = host.substr(1, host.size() - 2);
  }
  if (!host.empty() && host.front() == '-') host.remove_prefix(1);  // redis "-::1" (optional)
  if (host.empty() || host == "*" || host == "0.0.0.0" || host == "::" || host == "::0" ||
      host == "0" || iequals(host, "any") || host == "0.0.0.0/0" || host == "::/0" ||
      host == "::*") {
    return HostScope::all;
  }
  if (iequals(host, "localhost") || host.starts_with("127.") || host == "::1" ||
      iequals(host, "_local_") || iequals(host, "ip6-localhost") ||
      iequals(host, "0:0:0:0:0:0:0:1") || host.starts_with("/") || istarts_with(host, "unix:") ||
      iequals(host, "_lo_") || iequals(host, "_lo:ipv4_") || iequals(host, "_lo:ipv6_") ||
      iequals(host, "_local:ipv4_") || iequals(host, "_local:ipv6_")) {
    return HostScope::loopback;
  }
  return HostScope::specific;
}

bool is_exposed(std::string_view host) noexcept {
  return classify_host(host) != HostScope::loopback;
}

std::string_view host_of(std::string_view address) noexcept {
  address = trim(unquote(trim(address)));
  if (const auto scheme = address.find("://"); scheme != std::string_view::npos) {
    address.remove_prefix(scheme + 3);
    if (const auto slash = address.find('/'); slash != std::string_view::npos) {
      address = address.substr(0, slash);
    }
  }
  if (!address.empty() && address.front() == '[') {
    const auto close = address.find(']');
    return close == std::string_view::npos ? address : address.substr(0, close + 1);
  }
  const auto colon = address.find(':');
  if (colon != std::string_view::npos && address.find(':', colon + 1) == std::string_view::npos) {
    return address.substr(0, colon);  // host:port (an IPv6 literal has several colons)
  }
  return address;
}

bool is_internet_source(std::string_view source) noexcept {
  source = trim(unquote(trim(source)));
  return source == "*" || source == "0.0.0.0/0" || source == "0.0.0.0" || source == "::/0" ||
         iequals(source, "internet") || iequals(source, "any") || source == "0/0";
}

std::span<const DatabasePort> database_ports() noexcept {
  return kDatabasePorts;
}

std::optional<std::string_view> database_service(std::uint16_t port) noexcept {
  const auto it =
      std::lower_bound(kDatabasePorts.begin(), kDatabasePorts.end(), port,
                       [](const DatabasePort& p, std::uint16_t v) { return p.port < v; });
  if (it == kDatabasePorts.end() || it->port != port) return std::nullopt;
  return it->service;
}

std::optional<PortRange> parse_port_range(std::string_view spec) noexcept {
  spec = trim(unquote(trim(spec)));
  if (spec == "*" || iequals(spec, "any") || iequals(spec, "all")) return PortRange{0, 65535};
  const auto dash = spec.find('-');
  PortRange range;
  if (dash == std::string_view::npos) {
    if (!parse_u16(spec, range.first)) return std::nullopt;
    range.last = range.first;
    return range;
  }
  if (!parse_u16(spec.substr(0, dash), range.first) ||
      !parse_u16(spec.substr(dash + 1), range.last) || range.first > range.last) {
    return std::nullopt;
  }
  return range;
}

std::vector<DatabasePort> database_ports_in(PortRange range) {
  std::vector<DatabasePort> out;
  for (const DatabasePort& p : kDatabasePorts) {
    if (p.port >= range.first && p.port <= range.last) out.push_back(p);
  }
  return out;
}

std::string describe_ports(std::span<const DatabasePort> ports) {
  constexpr std::size_t kShown = 4;
  std::string out;
  for (std::size_t i = 0; i < ports.size() && i < kShown; ++i) {
    if (i > 0) out += ", ";
    out += std::to_string(ports[i].port) + " (" + std::string(ports[i].service) + ")";
  }
  if (ports.size() > kShown) out += " and " + std::to_string(ports.size() - kShown) + " more";
  return out;
}

}  // namespace lw::lint
