// The dashboard's own routes: who the token is, and the overview's figures (overview.h).
#include <charconv>
#include <map>

#include "api/overview.h"
#include "api/routes.h"

namespace lw::api {
namespace {

constexpr std::int64_t kMaxDays = 90;
constexpr std::size_t kProductsShown = 20;
constexpr std::size_t kCompromisedShown = 20;

HttpResult<std::int64_t> days_param(const httplib::Request& req) {
  auto text = query_param(req, "days", 8);
  if (!text) return tl::unexpected(text.error());
  if (text->empty()) return 7;
  std::int64_t days = 0;
  const char* end = text->data() + text->size();
  auto [ptr, ec] = std::from_chars(text->data(), end, days);
  if (ec != std::errc() || ptr != end || days < 1 || days > kMaxDays) {
    return refuse(400, "days must be a whole number from 1 to " + std::to_string(kMaxDays), "days");
  }
  return days;
}

nlohmann::json severity_json(const SeverityCounts& counts) {
  nlohmann::json j = nlohmann::json::object();
  for (std::size_t i = 0; i < kSeverities.size(); ++i) j[std::string(kSeverities[i])] = counts[i];
  return j;
}

nlohmann::json seconds_or_null(const std::optional<double>& s) {
  return s ? nlohmann::json(*s) : nlohmann::json();
}

HttpResult<Reply> me(const httplib::Request&, const Principal& who, RouteContext&) {
  return Reply{200, {{"name", who.actor}, {"role", to_string(who.role)}}, {}, {}};
}

HttpResult<Reply> overview(const httplib::Request& req, const Principal&, RouteContext& ctx) {
  auto days = days_param(req);
  if (!days) return tl::unexpected(days.error());
  const auto to_ms = ctx.now_ms;
  const auto from_ms = to_ms - *days * 86'400'000;
  const auto bucket_s = bucket_seconds_for(*days * 86'400);
  nlohmann::json body;
  auto done = ctx.stores.with([&](auto& catalog, auto& monitor, auto&) -> Result<void> {
    catalog::SearchRequest open{"verdict:open", {"severity", "product"}, 0, 0, kProductsShown};
    auto services = catalog.search(open);
    if (!services) return tl::unexpected(services.error());
    SeverityCounts open_now{};
    auto& products = body["by_product"] = nlohmann::json::array();
    for (const auto& f : services->facets) {
      for (const auto& [value, count] : f.counts) {
        if (f.field == "severity") open_now[severity_index(value)] += count;
        if (f.field == "product") products.push_back({{"product", value}, {"count", count}});
      }
    }
    body["open_now"] = severity_json(open_now);
    body["open_total"] = services->total;

    catalog::SearchRequest bad{"compromised:true", {}, kCompromisedShown, 0, 0};
    auto compromised = catalog.search(bad);
    if (!compromised) return tl::unexpected(compromised.error());
    auto& items = body["compromised"]["items"] = nlohmann::json::array();
    for (const auto& s : compromised->services) {
      items.push_back({{"ip", s.address}, {"port", s.port}, {"product", s.product}});
    }
    body["compromised"]["count"] = compromised->total;

    auto incidents = monitor.list_incidents({"", "", catalog::kMaxListLimit});
    if (!incidents) return tl::unexpected(incidents.error());
    auto& series = body["open_over_time"] = nlohmann::json::array();
    const auto counts = open_over_time(*incidents, from_ms, to_ms, bucket_s * 1000);
    for (std::size_t b = 0; b < counts.size(); ++b) {
      auto point = severity_json(counts[b]);
      point["time"] = time_json(from_ms + static_cast<std::int64_t>(b) * bucket_s * 1000);
      series.push_back(std::move(point));
    }
    body["incidents_considered"] = incidents->size();

    auto metrics = monitor.asset_metrics(from_ms, to_ms, catalog::kMaxListLimit);
    if (!metrics) return tl::unexpected(metrics.error());
    std::map<std::string, std::int64_t> open_by_asset;
    for (const auto& r : *incidents) {
      if (r.state == "open" || r.state == "acknowledged") ++open_by_asset[r.asset];
    }
    std::map<std::string, nlohmann::json> assets;
    for (const auto& [asset, n] : open_by_asset) {
      assets[asset] = {{"asset", asset},          {"open", n},
                       {"exposures", 0},          {"remediated", 0},
                       {"mttd_seconds", nullptr}, {"mttr_seconds", nullptr}};
    }
    for (const auto& m : *metrics) {
      auto& a = assets[m.asset];
      a["asset"] = m.asset;
      if (!a.contains("open")) a["open"] = 0;
      a["exposures"] = m.exposures;
      a["remediated"] = m.remediated;
      a["mttd_seconds"] =
          m.exposures > 0 ? nlohmann::json(static_cast<double>(m.mttd_ms) / 1000.0) : nullptr;
      a["mttr_seconds"] =
          m.remediated > 0 ? nlohmann::json(static_cast<double>(m.mttr_ms) / 1000.0) : nullptr;
    }
    auto& by_asset = body["by_asset"] = nlohmann::json::array();
    for (auto& [name, a] : assets) by_asset.push_back(std::move(a));
    const auto means = overall_means(*metrics);
    body["mttd_seconds"] = seconds_or_null(means.mttd_s);
    body["mttr_seconds"] = seconds_or_null(means.mttr_s);
    return {};
  });
  if (!done) return tl::unexpected(from_error(done.error()));
  body["from"] = time_json(from_ms);
  body["to"] = time_json(to_ms);
  body["bucket_seconds"] = bucket_s;
  return Reply{200, std::move(body), {}, {}};
}

}  // namespace

std::vector<Route> overview_routes() {
  return {
      {"GET", "/api/v1/me", Role::viewer, me},
      {"GET", "/api/v1/overview", Role::viewer, overview},
  };
}

}  // namespace lw::api
