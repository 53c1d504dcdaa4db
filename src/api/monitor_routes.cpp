// Routes over the monitor's config and queue, and the server's own state: assets and rules
// (read from the config), rescan, health, metrics.
#include <algorithm>
#include <cctype>
#include <charconv>

#include "api/routes.h"
#include "core/address.h"
#include "monitor/rules.h"

namespace lw::api {
namespace {

constexpr std::size_t kMaxRescanTargets = 100;

// The config in force: the daemon's latest under serve, else the one the API was started with.
std::shared_ptr<const monitor::Config> current_config(const RouteContext& ctx) {
  if (ctx.options.live) {
    if (auto live = ctx.options.live->config()) return live;
  }
  return ctx.options.config;
}

HttpResult<std::shared_ptr<const monitor::Config>> config_of(const RouteContext& ctx) {
  auto config = current_config(ctx);
  if (!config) {
    return refuse(404,
                  "this server has no monitor config: run the API under `leakwatch serve` (its "
                  "api: section) or start `leakwatch api` with --config FILE");
  }
  return config;
}

HttpResult<Reply> assets(const httplib::Request&, const Principal&, RouteContext& ctx) {
  auto config = config_of(ctx);
  if (!config) return tl::unexpected(config.error());
  nlohmann::json items = nlohmann::json::array();
  for (const auto& a : (*config)->assets) {
    items.push_back({{"name", a.name},
                     {"targets", a.targets},
                     {"owner", a.owner},
                     {"contacts", a.contacts},
                     {"tags", a.tags},
                     {"ports", a.ports},
                     {"cadence_s", a.cadence.count()},
                     {"rate", a.rate}});
  }
  return Reply{200, page(std::move(items), ""), {}, {}};
}

HttpResult<Reply> rules(const httplib::Request&, const Principal&, RouteContext& ctx) {
  auto config = config_of(ctx);
  if (!config) return tl::unexpected(config.error());
  nlohmann::json items = nlohmann::json::array();
  for (const auto& r : (*config)->rules) {
    items.push_back({{"name", r.name},
                     {"kind", monitor::rule_kind_name(r.kind)},
                     {"assets", r.assets},
                     {"min_severity", r.min_severity},
                     {"families", r.families},
                     {"repeat_interval_s", r.repeat_interval.count()},
                     {"channels", r.channels}});
  }
  return Reply{200, page(std::move(items), ""), {}, {}};
}

// An address, or ADDRESS:PORT / [IPv6]:PORT for one service. Written canonically, as
// `leakwatch rescan` queues it, so one target is one request.
HttpResult<std::string> endpoint_target(const std::string& text, const std::string& field) {
  std::string address = text;
  std::string port_text;
  if (text.starts_with("[")) {
    const auto close = text.find("]:");
    if (close == std::string::npos)
      return refuse(400, "'" + text.substr(0, 64) + "' is not [IPv6]:PORT", field);
    address = text.substr(1, close - 1);
    port_text = text.substr(close + 2);
  } else if (std::count(text.begin(), text.end(), ':') == 1) {
    const auto colon = text.find(':');
    address = text.substr(0, colon);
    port_text = text.substr(colon + 1);
  }
  auto parsed = Address::parse(address);
  if (!parsed) {
    return refuse(400, "'" + text.substr(0, 64) + "' is not an address or ADDRESS:PORT", field);
  }
  if (port_text.empty()) return parsed->to_string();
  int port = 0;
  const char* end = port_text.data() + port_text.size();
  auto [p, ec] = std::from_chars(port_text.data(), end, port);
  if (ec != std::errc() || p != end || port < 1 || port > 65535) {
    return refuse(400, "'" + port_text.substr(0, 16) + "' is not a service port (1-65535)", field);
  }
  return monitor::service_key(parsed->to_string(), static_cast<std::uint16_t>(port));
}

bool host_name_syntax(std::string_view name) {
  if (name.empty() || name.size() > 253 || name.front() == '.' || name.front() == '-') {
    return false;
  }
  return std::all_of(name.begin(), name.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' ||
           c == '-';
  });
}

std::string lower(std::string text) {
  for (auto& c : text) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return text;
}

// A CIDR block, a range or a host name: queued only when it lies inside an asset of the config
// in force. A responder asks for a sooner look at what leakwatch watches, not for a scan of
// anything; `leakwatch rescan` on the catalog's host takes any target.
HttpResult<std::string> watched_target(const std::string& text, const std::string& field,
                                       const RouteContext& ctx) {
  auto config = current_config(ctx);
  if (!config) {
    return refuse(400,
                  "'" + text.substr(0, 64) +
                      "': a range or host name is checked against the assets, and this server "
                      "has no monitor config; give an address or ADDRESS:PORT",
                  field);
  }
  const bool block = text.find('/') != std::string::npos;
  auto range = block ? parse_cidr(text) : parse_dash_range(text);
  if (range) {
    for (const auto& set : config->asset_targets) {
      for (const auto& r : set.ranges) {
        if (r.contains(*range)) return range->to_string();
      }
    }
    return refuse(400, "'" + range->to_string() + "' lies outside every asset's targets", field);
  }
  if (block || !host_name_syntax(text)) {
    return refuse(400,
                  "'" + text.substr(0, 64) +
                      "' is not an address, ADDRESS:PORT, CIDR block, range or host name",
                  field);
  }
  const std::string name = lower(text);
  for (const auto& asset : config->assets) {
    for (const auto& t : asset.targets) {
      if (lower(t) == name) return name;
    }
  }
  return refuse(400, "'" + name + "' is not a host name any asset lists", field);
}

// What the daemon's queue takes: an address or one service as is; a block, range or name when
// an asset holds it.
HttpResult<std::string> rescan_target(const std::string& text, std::size_t index,
                                      const RouteContext& ctx) {
  const std::string field = "targets[" + std::to_string(index) + "]";
  auto endpoint = endpoint_target(text, field);
  if (endpoint) return endpoint;
  const bool looks_like_endpoint = Address::parse(text).has_value() || text.starts_with("[") ||
                                   std::count(text.begin(), text.end(), ':') == 1;
  if (looks_like_endpoint && text.find('/') == std::string::npos) return endpoint;
  return watched_target(text, field, ctx);
}

HttpResult<Reply> rescan(const httplib::Request& req, const Principal& who, RouteContext& ctx) {
  auto body = json_body(req);
  if (!body) return tl::unexpected(body.error());
  auto targets = body->find("targets");
  if (targets == body->end() || !targets->is_array() || targets->empty() ||
      targets->size() > kMaxRescanTargets) {
    return refuse(400,
                  "targets must be an array of 1 to " + std::to_string(kMaxRescanTargets) +
                      " addresses, ADDRESS:PORT, or blocks, ranges and host names inside an asset",
                  "targets");
  }
  auto reason = body_string(*body, "reason", catalog::kMaxTextBytes);
  if (!reason) return tl::unexpected(reason.error());
  if (reason->empty()) *reason = "requested by " + who.actor + " through the API";
  std::vector<std::string> queue;
  for (std::size_t i = 0; i < targets->size(); ++i) {
    const auto& t = (*targets)[i];
    if (!t.is_string())
      return refuse(400, "each target is a string", "targets[" + std::to_string(i) + "]");
    auto target = rescan_target(t.get<std::string>(), i, ctx);
    if (!target) return tl::unexpected(target.error());
    queue.push_back(std::move(*target));
  }
  nlohmann::json queued = nlohmann::json::array();
  auto ok = ctx.stores.with([&](auto&, auto& monitor, auto&) -> Result<void> {
    for (const auto& target : queue) {
      auto id = monitor.enqueue_rescan(target, *reason, ctx.now_ms);
      if (!id) return tl::unexpected(id.error());
      queued.push_back({{"target", target}, {"request_id", *id}});
    }
    return {};
  });
  if (!ok) return tl::unexpected(from_error(ok.error()));
  return Reply{202, {{"queued", std::move(queued)}}, {}, {}};
}

HttpResult<Reply> health(const httplib::Request&, const Principal&, RouteContext& ctx) {
  auto version =
      ctx.stores.with([&](auto& catalog, auto&, auto&) { return catalog.schema_version(); });
  if (!version) return refuse(503, "the catalog does not answer");
  return Reply{200,
               {{"status", "ok"},
                {"schema_version", *version},
                {"tls", ctx.options.tls},
                {"config", static_cast<bool>(current_config(ctx))},
                {"daemon", static_cast<bool>(ctx.options.live)}},
               {},
               {}};
}

std::string gauge(const std::string& name, const std::string& help) {
  return "# HELP " + name + " " + help + "\n# TYPE " + name + " gauge\n";
}

// The daemon's scans, newest report per kind and asset (LiveStatus): each family's lines together.
std::string scan_metrics(const std::vector<monitor::ScanProgress>& scans) {
  struct Family {
    const char* name;
    const char* help;
    double (*value)(const monitor::ScanProgress&);
  };
  static constexpr Family kFamilies[] = {
      {"leakwatch_scan_running", "1 while the daemon's scan of this kind and asset runs.",
       [](const monitor::ScanProgress& p) { return p.finished ? 0.0 : 1.0; }},
      {"leakwatch_scan_targets_per_second",
       "Scan rate: (address, port) targets done per second by the running or last scan.",
       [](const monitor::ScanProgress& p) { return p.targets_per_second(); }},
      {"leakwatch_scan_progress_ratio", "Sweep progress: targets done over targets planned.",
       [](const monitor::ScanProgress& p) {
         return p.targets_total > 0
                    ? static_cast<double>(p.targets_done) / static_cast<double>(p.targets_total)
                    : (p.finished ? 1.0 : 0.0);
       }},
      {"leakwatch_scan_syn_discovery",
       "1 when the running or last scan found open ports by SYN discovery, 0 by connect.",
       [](const monitor::ScanProgress& p) { return p.discovery == "syn" ? 1.0 : 0.0; }},
      {"leakwatch_scan_targets_done", "Targets done by the running or last scan.",
       [](const monitor::ScanProgress& p) { return static_cast<double>(p.targets_done); }},
      {"leakwatch_scan_targets_total", "Targets planned for the running or last scan.",
       [](const monitor::ScanProgress& p) { return static_cast<double>(p.targets_total); }},
  };
  std::string out;
  for (const auto& f : kFamilies) {
    out += gauge(f.name, f.help);
    for (const auto& p : scans) {
      out += metric_line(f.name, {{"kind", p.kind}, {"asset", p.asset}}, f.value(p));
    }
  }
  return out;
}

HttpResult<Reply> metrics(const httplib::Request&, const Principal&, RouteContext& ctx) {
  std::string out = ctx.metrics.render_counters();
  auto failed = ctx.stores.with([&](auto& catalog, auto& monitor, auto&) -> Result<void> {
    catalog::SearchRequest open{"verdict:open", {"severity"}, 0, 0, 10};
    auto r = catalog.search(open);
    if (!r) return tl::unexpected(r.error());
    out += gauge("leakwatch_open_exposures", "Services the catalog holds open, by severity.");
    for (const auto& f : r->facets) {
      for (const auto& [value, count] : f.counts) {
        out +=
            metric_line("leakwatch_open_exposures", {{"severity", value.empty() ? "none" : value}},
                        static_cast<double>(count));
      }
    }
    auto depth = monitor.outbox_depth();
    if (!depth) return tl::unexpected(depth.error());
    out += gauge("leakwatch_outbox_depth", "Notifications waiting for delivery.") +
           metric_line("leakwatch_outbox_depth", {}, static_cast<double>(depth->pending)) +
           gauge("leakwatch_dead_letters", "Notifications given up on (leakwatch outbox list).") +
           metric_line("leakwatch_dead_letters", {}, static_cast<double>(depth->dead));
    auto alerts = monitor.list_alerts({"", "", catalog::kMaxListLimit});
    if (!alerts) return tl::unexpected(alerts.error());
    std::int64_t notified = 0;
    for (const auto& a : *alerts) notified += a.last_notified_ms ? 1 : 0;
    out += gauge("leakwatch_alerts_notified",
                 "Alerts notified at least once (of the newest 10000 alerts).") +
           metric_line("leakwatch_alerts_notified", {}, static_cast<double>(notified));
    auto pending = monitor.pending_rescans();
    if (!pending) return tl::unexpected(pending.error());
    out += gauge("leakwatch_rescans_pending", "Rescan requests waiting for the daemon.") +
           metric_line("leakwatch_rescans_pending", {}, static_cast<double>(*pending));
    if (const auto config = current_config(ctx)) {
      std::string started = gauge("leakwatch_sweep_last_started_seconds",
                                  "When each asset's last full sweep started (Unix time).");
      std::string done = gauge("leakwatch_sweep_last_done_seconds",
                               "When each asset's last full sweep finished (Unix time).");
      for (const auto& a : config->assets) {
        auto s = monitor.get_schedule(a.name);
        if (!s) return tl::unexpected(s.error());
        if (!s->has_value()) continue;
        started += metric_line("leakwatch_sweep_last_started_seconds", {{"asset", a.name}},
                               static_cast<double>((*s)->last_sweep_started_ms) / 1000.0);
        done += metric_line("leakwatch_sweep_last_done_seconds", {{"asset", a.name}},
                            static_cast<double>((*s)->last_sweep_done_ms) / 1000.0);
      }
      out += started + done;
    }
    return {};
  });
  if (!failed) return tl::unexpected(from_error(failed.error()));
  if (ctx.options.live) out += scan_metrics(ctx.options.live->scans());
  return Reply{200, {}, std::move(out), "text/plain; version=0.0.4"};
}

}  // namespace

std::vector<Route> monitor_routes() {
  return {
      {"GET", "/api/v1/assets", Role::viewer, assets},
      {"GET", "/api/v1/rules", Role::viewer, rules},
      {"POST", "/api/v1/rescan", Role::responder, rescan},
      {"GET", "/api/v1/health", Role::viewer, health},
      {"GET", "/metrics", Role::viewer, metrics},
  };
}

}  // namespace lw::api
