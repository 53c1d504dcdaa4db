#include "cli/scan_setup.h"

#include <sys/resource.h>

#include <algorithm>
#include <charconv>
#include <random>
#include <set>
#include <thread>

#include "catalog/import/import.h"
#include "cli/duration.h"
#include "cli/option_checks.h"
#include "cli/scan_output.h"
#include "core/bytes.h"
#include "net/discovery/cyclic_permutation.h"
#include "net/discovery/port_set.h"
#include "pipeline/attempt_plan.h"

namespace lw::cli {
namespace {

Result<std::pair<std::uint32_t, std::uint32_t>> parse_shard(const std::string& text) {
  const auto slash = text.find('/');
  std::uint32_t i = 0, n = 0;
  auto num = [](std::string_view s, std::uint32_t& out) {
    const auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), out);
    return !s.empty() && ec == std::errc{} && p == s.data() + s.size();
  };
  if (slash == std::string::npos || !num(std::string_view(text).substr(0, slash), i) ||
      !num(std::string_view(text).substr(slash + 1), n) || n == 0 || i == 0 || i > n || n > 65536) {
    return fail(ErrorCode::invalid_argument,
                "--shard '" + text + "': expected I/N with 1 <= I <= N <= 65536, e.g. 2/4");
  }
  return std::pair{i - 1, n};
}

std::vector<std::string> split_list(const std::string& s) {
  std::vector<std::string> out;
  std::string cur;
  for (char c : s) {
    if (c == ',') {
      if (!cur.empty()) out.push_back(cur);
      cur.clear();
    } else {
      cur.push_back(c);
    }
  }
  if (!cur.empty()) out.push_back(cur);
  return out;
}

constexpr std::size_t kMaxFromEndpoints = 1'000'000;

// The (address, port) pairs of another scanner's results, as include specs (one per address:
// named explicitly, so the blocklist lets loopback and private addresses through) and pairs.
struct FromFile {
  std::vector<discovery::TargetSpec> addresses;
  std::vector<std::pair<Address, std::uint16_t>> endpoints;
};

Result<FromFile> read_from_file(const ScanArguments& a) {
  auto text = catalog::read_file_bounded(a.from, catalog::kMaxImportBytes);
  if (!text) return tl::unexpected(text.error());
  const bool detect = a.from_format == "auto";
  auto format = detect ? catalog::detect_import_format(std::string_view(*text).substr(0, 4096))
                       : catalog::parse_import_format(a.from_format);
  if (!format && detect) {
    return fail(ErrorCode::invalid_argument,
                "cannot tell the format of this file; name it with --from-format", a.from);
  }
  if (!format) {
    return fail(ErrorCode::invalid_argument, printable(format.error().message, 256),
                "--from-format");
  }
  catalog::ImportOptions options;
  options.max_services = kMaxFromEndpoints;
  auto parsed = catalog::parse_import(*text, *format, options);
  if (!parsed) {
    return fail(parsed.error().code, parsed.error().describe(),
                a.from + " (" + std::string(catalog::to_string(*format)) + ")");
  }
  FromFile out;
  std::set<Address> seen;
  for (const auto& s : parsed->services) {
    if (s.port == 0) continue;
    out.endpoints.emplace_back(s.address, s.port);
    if (seen.insert(s.address).second) {
      out.addresses.push_back({s.address.to_string(), a.from});
    }
  }
  std::sort(out.endpoints.begin(), out.endpoints.end());
  out.endpoints.erase(std::unique(out.endpoints.begin(), out.endpoints.end()), out.endpoints.end());
  if (out.endpoints.empty()) {
    return fail(ErrorCode::invalid_argument, "names no open port to probe", a.from);
  }
  return out;
}

// Keeps the pairs whose address survived exclusions and the blocklist and whose port -p names.
std::vector<std::pair<Address, std::uint16_t>> kept_endpoints(
    std::vector<std::pair<Address, std::uint16_t>> endpoints,
    const std::vector<AddressRange>& ranges, const std::vector<std::uint16_t>* ports) {
  std::erase_if(endpoints, [&](const auto& e) {
    // `ranges` is sorted and disjoint: the only candidate is the last one starting at or before.
    auto it = std::upper_bound(ranges.begin(), ranges.end(), e.first,
                               [](const Address& a, const AddressRange& r) { return a < r.first; });
    const bool kept = it != ranges.begin() && std::prev(it)->contains(e.first);
    const bool port_ok =
        ports == nullptr || std::binary_search(ports->begin(), ports->end(), e.second);
    return !kept || !port_ok;
  });
  return endpoints;
}

Result<void> set_discovery(const ScanArguments& a, pipeline::ScanConfig& c) {
  c.discovery = a.discovery;
  if (a.discovery != "syn") {
    for (const auto& [given, name] : {std::pair{!a.interface.empty(), "--interface"},
                                      std::pair{!a.source_ip.empty(), "--source-ip"},
                                      std::pair{!a.gateway_mac.empty(), "--gateway-mac"}}) {
      if (given) return fail(ErrorCode::invalid_argument, "applies to --discovery syn only", name);
    }
    return {};
  }
  if (!c.endpoints.empty()) {
    return fail(ErrorCode::invalid_argument,
                "--from names open ports already; SYN discovery has nothing to find",
                "--discovery");
  }
  for (const auto& r : c.ranges) {
    if (r.first.v6) {
      return fail(
          ErrorCode::invalid_argument,
          "SYN discovery is IPv4 only for now; " + r.to_string() + " needs --discovery connect",
          "--discovery syn");
    }
  }
  c.syn.rate = a.syn_rate;
  c.syn.retries = a.retries;
  auto cooldown = parse_duration(a.cooldown);
  if (!cooldown) return fail(ErrorCode::invalid_argument, cooldown.error().message, "--cooldown");
  if (*cooldown > std::chrono::minutes(10)) {
    return fail(ErrorCode::invalid_argument, "at most 10 minutes", "--cooldown");
  }
  c.syn.cooldown = *cooldown;
  c.syn.interface = a.interface;
  c.syn.source_ip = a.source_ip;
  c.syn.gateway_mac = a.gateway_mac;
  return {};
}

}  // namespace

std::uint32_t max_concurrency() {
  rlimit lim{};
  if (getrlimit(RLIMIT_NOFILE, &lim) != 0 || lim.rlim_cur == RLIM_INFINITY) return 16384;
  // Leave room for the catalog, the output, the resolver and the process's own files.
  const auto cur = static_cast<std::uint64_t>(lim.rlim_cur);
  return static_cast<std::uint32_t>(cur > 512 ? std::min<std::uint64_t>(cur - 256, 1u << 20)
                                              : cur / 2);
}

void add_scan_options(CLI::App& app, ScanArguments& a) {
  app.add_option("targets", a.targets,
                 "Addresses, CIDR blocks (10.0.0.0/8), ranges (a.b.c.d-e.f.g.h), host names");
  app.add_option("--input-list", a.input_list, "Read targets from FILE (also -iL FILE)");
  app.add_option("--from", a.from,
                 "Probe the open ports another scanner found: masscan -oJ/-oL, ZMap CSV or "
                 "Nmap XML (-p then filters its ports)");
  app.add_option("--from-format", a.from_format,
                 "Format of --from: auto, masscan-json, masscan-list, zmap-csv, nmap-xml");
  app.add_option("--exclude", a.exclude, "Targets to leave out (repeatable, comma-separated)")
      ->delimiter(',');
  app.add_option("--exclude-file", a.exclude_file, "Read exclusions from FILE");
  app.add_option("-p,--ports", a.ports,
                 "Ports: 6379,11211,8000-8100, named sets 'data' (default: every port a probe "
                 "knows) and 'all'");
  app.add_option("--seed", a.seed, "Seed of the pseudo-random target order (default: random)");
  app.add_option("--shard", a.shard, "Scan only part I of N (1-based), e.g. 2/4");
  app.add_option("--rate", a.rate,
                 "New connections per second, all workers together (0: no limit; at most 10^7)")
      ->check(plain_number())
      ->check(CLI::Range(0.0, 10'000'000.0));
  app.add_option("--concurrency", a.concurrency, "Services probed at once (at most 2^20)")
      ->check(plain_number())
      ->check(CLI::Range(1u, 1u << 20));
  app.add_option("--per-host", a.per_host, "Services probed at once on one address")
      ->check(plain_number())
      ->check(CLI::Range(1u, 65535u));
  app.add_option("--workers", a.workers, "Event-loop threads (default: one per core; at most 64)")
      ->check(plain_number())
      ->check(CLI::Range(0u, 64u));
  app.add_option("--connect-timeout", a.connect_timeout, "Connect timeout (e.g. 3s, 500ms)");
  app.add_option("--read-timeout", a.read_timeout, "Timeout for each reply");
  app.add_option("--banner-wait", a.banner_wait, "How long to wait for a banner");
  app.add_option("--service-timeout", a.service_timeout,
                 "Time budget for all attempts on one service");
  app.add_option("--max-reply-bytes", a.max_reply_bytes, "Cap on any one reply (1 KiB to 64 MiB)")
      ->check(plain_number())
      ->check(CLI::Range(1024u, 64u << 20));
  app.add_option("--max-attempts", a.max_attempts, "Probes tried on one service (at most 64)")
      ->check(plain_number())
      ->check(CLI::Range(1u, 64u));
  app.add_option("--probes", a.probes, "Probe ids to run (comma-separated; 'none': connect only)");
  app.add_flag("--no-default-logins", a.no_default_logins,
               "Never send a default account's empty password or an anonymous login");
  app.add_flag("--default-credentials", a.default_credentials,
               "For owners scanning their own assets: also try each product's documented vendor "
               "default account (RabbitMQ guest/guest; docs/probes.md lists them). Off by "
               "default; never a guessed or dictionary password");
  app.add_flag("--allow-loopback", a.allow_loopback,
               "Keep 127.0.0.0/8 and ::1 inside wider targets");
  app.add_flag("--allow-private", a.allow_private,
               "Keep private, link-local and other special-purpose ranges inside wider targets");
  app.add_flag("--allow-huge-scan", a.allow_huge_scan,
               "Allow a target space of more than 2^24 addresses (16,777,216, a /8); without it "
               "such a scan is refused");
  app.add_flag("--json", a.json, "JSON Lines on stdout, one record per service");
  app.add_option("-o,--output", a.output, "Also write JSON Lines to FILE");
  app.add_option("--db", a.db, "Catalog: SQLite file or postgresql:// URL");
  app.add_option("--resume", a.resume_id, "Finish an interrupted scan (the latest, or ID)")
      ->expected(0, 1);
  app.add_option("--bucket-names", a.bucket_names_file,
                 "Object-store container and bucket names to try, one per line");
  app.add_option("--key-file", a.key_file, "Per-installation key for hashing sensitive values");
  app.add_flag("--no-pattern-cache", a.no_pattern_cache,
               "Compile the classifier's rule database afresh; never use the on-disk cache");
  app.add_flag("-q,--quiet", a.quiet, "No start banner, progress or summary on stderr");
  app.add_option("--discovery", a.discovery,
                 "How open ports are found: connect (default; a connection per pair) or syn "
                 "(stateless raw SYNs, needs CAP_NET_RAW; IPv4)")
      ->check(CLI::IsMember({"connect", "syn"}));
  app.add_option("--syn-rate", a.syn_rate,
                 "With --discovery syn: SYN packets per second, retries included (0: no limit)")
      ->check(plain_number())
      ->check(CLI::Range(0.0, 100'000'000.0));
  app.add_option("--retries", a.retries,
                 "With --discovery syn: passes after the first over the pairs still silent")
      ->check(plain_number())
      ->check(CLI::Range(0u, 10u));
  app.add_option("--cooldown", a.cooldown,
                 "With --discovery syn: how long to listen after the last SYN (default 3s)");
  app.add_option("--interface", a.interface,
                 "With --discovery syn: send from this interface (default: the route's)");
  app.add_option("--source-ip", a.source_ip,
                 "With --discovery syn: source IPv4 address (default: the route's)");
  app.add_option("--gateway-mac", a.gateway_mac,
                 "With --discovery syn: the next hop's MAC (default: the neighbour table's)");
}

Result<void> check_runnable(const pipeline::ScanConfig& config, const probes::ProbeList& probes) {
  // The checks of discovery::TargetSpace, without copying the ranges: a long -iL list keeps one
  // copy of its addresses.
  u128 size = 0;
  if (config.endpoints.empty()) {
    u128 addresses = 0;
    for (const auto& r : config.ranges) {
      const u128 n = r.size();  // 0: all of IPv6, 2^128
      addresses = n == 0 || addresses + n < addresses ? ~u128{0} : addresses + n;
    }
    if (config.ports.empty()) return fail(ErrorCode::invalid_argument, "no ports to scan", "-p");
    constexpr u128 kMax = discovery::CyclicPermutation::kMaxSize;
    if (addresses == 0 || addresses > kMax || addresses * config.ports.size() > kMax) {
      return fail(ErrorCode::invalid_argument,
                  "target space of " + decimal(addresses) + " addresses x " +
                      std::to_string(config.ports.size()) +
                      " ports is too large (at most 2^62 address and port pairs; narrow the "
                      "IPv6 prefixes)",
                  "targets");
    }
    size = addresses * config.ports.size();
  } else {
    size = config.endpoints.size();
  }
  if (auto perm =
          discovery::CyclicPermutation::create(static_cast<std::uint64_t>(size), config.seed);
      !perm) {
    return fail(ErrorCode::invalid_argument, perm.error().message, "targets");
  }
  if (config.shard_count == 0 || config.shard_index >= config.shard_count) {
    return fail(ErrorCode::invalid_argument, "shard out of range", "--shard");
  }
  if (auto sel = select_probes(probes, config.probes); !sel) return tl::unexpected(sel.error());
  return {};
}

Result<pipeline::ScanConfig> build_scan_config(const ScanArguments& a,
                                               const probes::ProbeList& probes,
                                               const discovery::Resolver& resolve,
                                               std::vector<std::string>& notes) {
  pipeline::ScanConfig c;
  // Every token is checked as it is read (an -iL file streams line by line, the first bad line
  // stops it) and only its addresses are kept.
  discovery::TargetSetBuilder builder({a.allow_loopback, a.allow_private}, resolve);
  auto include = [&](const discovery::TargetSpec& s) { return builder.include(s); };
  std::optional<FromFile> from;
  if (!a.from.empty()) {
    if (!a.targets.empty() || !a.input_list.empty()) {
      return fail(ErrorCode::invalid_argument,
                  "--from names the targets itself: leave out other targets and -iL", "--from");
    }
    auto read = read_from_file(a);
    if (!read) return tl::unexpected(read.error());
    from = std::move(*read);
    for (const auto& s : from->addresses) {
      if (auto r = include(s); !r) return tl::unexpected(r.error());
    }
  }
  bool any_target = from.has_value();
  for (std::size_t i = 0; i < a.targets.size(); ++i) {
    for (auto& s : discovery::split_spec_text(a.targets[i], "argument")) {
      s.origin = "argument " + std::to_string(i + 1);
      if (auto r = include(s); !r) return tl::unexpected(r.error());
      any_target = true;
    }
  }
  if (!a.input_list.empty()) {
    auto read = discovery::read_spec_file(a.input_list, [&](const discovery::TargetSpec& s) {
      any_target = true;
      return include(s);
    });
    if (!read) return tl::unexpected(read.error());
  }
  if (!any_target) {
    return fail(ErrorCode::invalid_argument,
                "no targets: name addresses, blocks, ranges or host names, -iL FILE or --from "
                "FILE");
  }
  for (const auto& e : a.exclude) {
    if (auto r = builder.exclude({e, "--exclude"}); !r) return tl::unexpected(r.error());
  }
  if (!a.exclude_file.empty()) {
    auto read = discovery::read_spec_file(
        a.exclude_file, [&](const discovery::TargetSpec& s) { return builder.exclude(s); });
    if (!read) return tl::unexpected(read.error());
  }
  auto set = builder.finish();
  if (!set) return tl::unexpected(set.error());
  notes = std::move(set->notes);
  c.ranges = std::move(set->ranges);
  c.names = std::move(set->names);
  const u128 address_count = set->address_count;

  discovery::NamedPortSets named{{"data", data_ports(probes)}};
  const bool ports_given = a.ports.has_value();
  if (ports_given && a.ports->empty()) {
    return fail(ErrorCode::invalid_argument,
                "empty port list (leave -p out for the default 'data' ports)", "-p");
  }
  auto ports = discovery::parse_port_spec(ports_given ? *a.ports : "data", named);
  if (!ports) return tl::unexpected(ports.error());
  c.ports = std::move(*ports);
  if (from) {
    std::sort(c.ports.begin(), c.ports.end());
    c.endpoints =
        kept_endpoints(std::move(from->endpoints), c.ranges, ports_given ? &c.ports : nullptr);
    if (c.endpoints.empty()) {
      return fail(ErrorCode::invalid_argument,
                  "no (address, port) pair left after exclusions and -p", a.from);
    }
    std::set<std::uint16_t> used;
    for (const auto& e : c.endpoints) used.insert(e.second);
    c.ports.assign(used.begin(), used.end());
  }

  if (a.seed.empty()) {
    c.seed = (std::uint64_t{std::random_device{}()} << 32) ^ std::random_device{}();
  } else {
    const auto [p, ec] = std::from_chars(a.seed.data(), a.seed.data() + a.seed.size(), c.seed);
    if (ec != std::errc{} || p != a.seed.data() + a.seed.size()) {
      return fail(ErrorCode::invalid_argument, "--seed '" + a.seed + "': expected a whole number");
    }
  }
  auto shard = parse_shard(a.shard);
  if (!shard) return tl::unexpected(shard.error());
  c.shard_index = shard->first;
  c.shard_count = shard->second;
  const unsigned cores = std::max(1u, std::thread::hardware_concurrency());
  c.workers = a.workers ? a.workers : std::min(cores, 16u);
  c.rate = a.rate;
  const std::uint32_t cap = max_concurrency();
  if (a.concurrency > cap) {
    return fail(ErrorCode::invalid_argument, "--concurrency " + std::to_string(a.concurrency) +
                                                 " is over what this process may open (" +
                                                 std::to_string(cap) + " files)");
  }
  c.concurrency = a.concurrency;
  c.per_host = a.per_host;
  struct D {
    const std::string& text;
    std::chrono::milliseconds& out;
    const char* name;
  };
  for (const D& d : {D{a.connect_timeout, c.connect_timeout, "--connect-timeout"},
                     D{a.read_timeout, c.read_timeout, "--read-timeout"},
                     D{a.banner_wait, c.banner_wait, "--banner-wait"},
                     D{a.service_timeout, c.service_budget, "--service-timeout"}}) {
    auto v = parse_duration(d.text);
    if (!v) return fail(ErrorCode::invalid_argument, v.error().message, d.name);
    if (v->count() == 0) return fail(ErrorCode::invalid_argument, "must be more than zero", d.name);
    d.out = *v;
  }
  c.max_reply_bytes = a.max_reply_bytes;
  c.max_attempts = a.max_attempts;
  c.probes = split_list(a.probes);
  if (auto sel = select_probes(probes, c.probes); !sel) return tl::unexpected(sel.error());
  c.default_logins = !a.no_default_logins;
  c.default_credentials = a.default_credentials;
  if (!a.bucket_names_file.empty()) {
    constexpr std::size_t kMaxBucketNames = 10000;
    auto read = discovery::read_spec_file(
        a.bucket_names_file, [&](const discovery::TargetSpec& n) -> Result<void> {
          if (c.bucket_names.size() == kMaxBucketNames) {
            return fail(ErrorCode::too_large, "more than 10000 names", a.bucket_names_file);
          }
          c.bucket_names.push_back(n.token);
          return {};
        });
    if (!read) return fail(read.error().code, read.error().message, read.error().where);
  }
  c.output_path = a.output;
  if (auto d = set_discovery(a, c); !d) return tl::unexpected(d.error());
  // An impossible space (::/0) is refused here, before anything is stored; a merely huge one
  // needs the user to say so.
  if (auto ok = check_runnable(c, probes); !ok) return tl::unexpected(ok.error());
  if (address_count > kMaxAddressesWithoutFlag && !a.allow_huge_scan) {
    return fail(ErrorCode::invalid_argument,
                "the targets hold " + decimal(address_count) +
                    " addresses, more than 2^24 (16777216, a /8): narrow them, or pass "
                    "--allow-huge-scan to scan them all",
                "--allow-huge-scan");
  }
  return c;
}

}  // namespace lw::cli
