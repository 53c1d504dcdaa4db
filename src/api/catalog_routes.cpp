// Routes over the catalog: search with facets, hosts, services with their history, findings
// (masked evidence only), events.
#include <algorithm>
#include <cstdlib>

#include "api/cursor.h"
#include "api/routes.h"
#include "catalog/query/query.h"

namespace lw::api {
namespace {

constexpr std::size_t kMaxFacets = 8;

nlohmann::json service_json(const catalog::ServiceRow& s) {
  auto j = catalog::to_json(s);
  j["id"] = s.id;
  return j;
}

nlohmann::json event_json(const catalog::EventRow& e) {
  auto j = catalog::to_json(e);
  j["id"] = e.id;
  return j;
}

std::size_t column_of(const std::string& where) {
  if (!where.starts_with("column ")) return 0;
  return static_cast<std::size_t>(std::strtoul(where.c_str() + 7, nullptr, 10));
}

HttpResult<Reply> search(const httplib::Request& req, const Principal&, RouteContext& ctx) {
  auto q = query_param(req, "q", catalog::kMaxQueryBytes);
  if (!q) return tl::unexpected(q.error());
  auto facets_text = query_param(req, "facets", 256);
  if (!facets_text) return tl::unexpected(facets_text.error());
  auto limit = page_limit(req, ctx.options);
  if (!limit) return tl::unexpected(limit.error());
  const std::string key = "search\n" + *q + "\n" + *facets_text;
  auto offset = offset_from(req, key);
  if (!offset) return tl::unexpected(offset.error());
  catalog::SearchRequest sr{*q, {}, *limit, static_cast<std::size_t>(*offset), 10};
  for (std::size_t start = 0; !facets_text->empty();) {
    const auto comma = facets_text->find(',', start);
    auto f = facets_text->substr(start, comma == std::string::npos ? comma : comma - start);
    if (!f.empty()) sr.facets.push_back(f);
    if (sr.facets.size() > kMaxFacets) {
      return refuse(400, "at most " + std::to_string(kMaxFacets) + " facets", "facets");
    }
    if (comma == std::string::npos) break;
    start = comma + 1;
  }
  auto r = ctx.stores.with([&](auto& catalog, auto&, auto&) { return catalog.search(sr); });
  if (!r) {
    if (r.error().code == ErrorCode::database) return tl::unexpected(from_error(r.error()));
    const auto column = column_of(r.error().where);
    const bool facet = r.error().message.find("facet") != std::string::npos && column == 0;
    HttpError e{400, r.error().describe(), facet ? "facets" : "q", column};
    return tl::unexpected(e);
  }
  nlohmann::json items = nlohmann::json::array();
  for (const auto& s : r->services) items.push_back(service_json(s));
  const auto next = *offset + static_cast<std::int64_t>(r->services.size());
  auto body = page(std::move(items), next_offset_cursor(key, next, next < r->total));
  body["query"] = *q;
  body["total"] = r->total;
  auto& fo = body["facets"] = nlohmann::json::object();
  for (const auto& f : r->facets) {
    auto& arr = fo[f.field] = nlohmann::json::array();
    for (const auto& [value, count] : f.counts) arr.push_back({{"value", value}, {"count", count}});
  }
  return Reply{200, std::move(body), {}, {}};
}

HttpResult<Reply> host(const httplib::Request& req, const Principal&, RouteContext& ctx) {
  const std::string address = req.matches[1].str();
  auto h = ctx.stores.with([&](auto& catalog, auto&, auto&) { return catalog.host(address); });
  if (!h) return tl::unexpected(from_error(h.error(), "ip"));
  if (!h->has_value()) return refuse(404, "the catalog holds no host " + address, "ip");
  auto j = catalog::to_json(**h);
  for (std::size_t i = 0; i < (*h)->services.size(); ++i)
    j["services"][i]["id"] = (*h)->services[i].id;
  for (std::size_t i = 0; i < (*h)->timeline.size(); ++i)
    j["timeline"][i]["id"] = (*h)->timeline[i].id;
  return Reply{200, std::move(j), {}, {}};
}

HttpResult<catalog::ServiceRow> load_service(RouteContext& ctx, std::int64_t id,
                                             const char* field) {
  auto s = ctx.stores.with([&](auto& catalog, auto&, auto&) { return catalog.service(id); });
  if (!s) return tl::unexpected(from_error(s.error(), field));
  if (!s->has_value()) return refuse(404, "no service " + std::to_string(id), field);
  return std::move(**s);
}

HttpResult<Reply> service(const httplib::Request& req, const Principal&, RouteContext& ctx) {
  auto id = path_id(req, 1, "id");
  if (!id) return tl::unexpected(id.error());
  auto s = load_service(ctx, *id, "id");
  if (!s) return tl::unexpected(s.error());
  return Reply{200, {{"service", service_json(*s)}}, {}, {}};
}

// The observations of the service (its address, port and transport), oldest first.
// A finding as served: what was found and where, with its masked value; nothing else of the
// record (no keyed hash, no sample text).
nlohmann::json finding_json(const nlohmann::json& f) {
  nlohmann::json out = nlohmann::json::object();
  for (const char* k : {"detector", "family", "confidence", "location", "masked", "severity"}) {
    if (f.contains(k)) out[k] = f[k];
  }
  return out;
}

// An observation's findings as /findings serves them (finding_json), wherever the record holds
// them: history is no way around that route's rule.
void served_findings_only(nlohmann::json& observation) {
  for (auto* holder :
       {&observation, observation.contains("record") ? &observation["record"] : nullptr}) {
    if (holder == nullptr || !holder->is_object() || !holder->contains("findings")) continue;
    auto& list = (*holder)["findings"];
    if (!list.is_array()) continue;
    for (auto& f : list) f = finding_json(f);
  }
}

HttpResult<std::vector<catalog::ObservationRow>> observations_of(RouteContext& ctx,
                                                                 const catalog::ServiceRow& s) {
  auto h = ctx.stores.with(
      [&](auto& catalog, auto&, auto&) { return catalog.history(s.address, s.port); });
  if (!h) return tl::unexpected(from_error(h.error()));
  std::erase_if(*h, [&](const auto& o) { return o.transport != s.transport; });
  return std::move(*h);
}

HttpResult<Reply> history(const httplib::Request& req, const Principal&, RouteContext& ctx) {
  auto id = path_id(req, 1, "id");
  if (!id) return tl::unexpected(id.error());
  auto limit = page_limit(req, ctx.options);
  if (!limit) return tl::unexpected(limit.error());
  const std::string key = "history\n" + std::to_string(*id) + "\n" + req.get_param_value("order");
  auto offset = offset_from(req, key);
  if (!offset) return tl::unexpected(offset.error());
  auto s = load_service(ctx, *id, "id");
  if (!s) return tl::unexpected(s.error());
  auto obs = observations_of(ctx, *s);
  if (!obs) return tl::unexpected(obs.error());
  auto order = query_param(req, "order", 8);
  if (!order) return tl::unexpected(order.error());
  if (*order != "" && *order != "asc" && *order != "desc") {
    return refuse(400, "order is asc (oldest first, the default) or desc (newest first)", "order");
  }
  if (*order == "desc") std::reverse(obs->begin(), obs->end());
  nlohmann::json items = nlohmann::json::array();
  const auto start = static_cast<std::size_t>(*offset);
  for (std::size_t i = start; i < obs->size() && i < start + *limit; ++i) {
    auto j = catalog::to_json((*obs)[i]);
    j["id"] = (*obs)[i].id;
    served_findings_only(j);
    items.push_back(std::move(j));
  }
  const auto next = static_cast<std::int64_t>(start + items.size());
  auto body = page(std::move(items),
                   next_offset_cursor(key, next, static_cast<std::size_t>(next) < obs->size()));
  body["service"] = service_json(*s);
  return Reply{200, std::move(body), {}, {}};
}

HttpResult<Reply> findings(const httplib::Request& req, const Principal&, RouteContext& ctx) {
  auto service_text = query_param(req, "service", 32);
  if (!service_text) return tl::unexpected(service_text.error());
  if (service_text->empty()) return refuse(400, "service (a service id) is required", "service");
  std::int64_t id = 0;
  {
    char* end = nullptr;
    const auto v = std::strtoll(service_text->c_str(), &end, 10);
    if (end != service_text->c_str() + service_text->size() || v < 1 || (*service_text)[0] == '+' ||
        (*service_text)[0] == ' ') {
      return refuse(400, "service must be a service id (a number from 1)", "service");
    }
    id = v;
  }
  auto limit = page_limit(req, ctx.options);
  if (!limit) return tl::unexpected(limit.error());
  const std::string key = "findings\n" + std::to_string(id);
  auto offset = offset_from(req, key);
  if (!offset) return tl::unexpected(offset.error());
  auto s = load_service(ctx, id, "service");
  if (!s) return tl::unexpected(s.error());
  auto obs = ctx.stores.with([&](auto& catalog, auto&, auto&) {
    return catalog.latest_observations(s->address, s->port, s->transport, 1);
  });
  if (!obs) return tl::unexpected(from_error(obs.error()));
  nlohmann::json all = nlohmann::json::array();
  nlohmann::json observation_id;
  if (!obs->empty()) {
    const auto& last = obs->front();
    observation_id = last.id;
    if (auto it = last.record.find("findings"); it != last.record.end() && it->is_array()) {
      for (const auto& f : *it) all.push_back(finding_json(f));
    }
  }
  nlohmann::json items = nlohmann::json::array();
  const auto start = static_cast<std::size_t>(*offset);
  for (std::size_t i = start; i < all.size() && i < start + *limit; ++i) items.push_back(all[i]);
  const auto next = static_cast<std::int64_t>(start + items.size());
  auto body = page(std::move(items),
                   next_offset_cursor(key, next, static_cast<std::size_t>(next) < all.size()));
  body["service_id"] = id;
  body["observation_id"] = observation_id;
  return Reply{200, std::move(body), {}, {}};
}

HttpResult<Reply> events(const httplib::Request& req, const Principal&, RouteContext& ctx) {
  auto limit = page_limit(req, ctx.options);
  if (!limit) return tl::unexpected(limit.error());
  const std::string key = "events";
  auto after = offset_from(req, key);  // keyset: the last event id served
  if (!after) return tl::unexpected(after.error());
  auto rows = ctx.stores.with(
      [&](auto& catalog, auto&, auto&) { return catalog.events_after(*after, *limit + 1); });
  if (!rows) return tl::unexpected(from_error(rows.error()));
  const bool more = rows->size() > *limit;
  if (more) rows->pop_back();
  nlohmann::json items = nlohmann::json::array();
  for (const auto& e : *rows) items.push_back(event_json(e));
  const auto last = rows->empty() ? *after : rows->back().id;
  return Reply{200, page(std::move(items), next_offset_cursor(key, last, more)), {}, {}};
}

}  // namespace

nlohmann::json page(nlohmann::json items, const std::string& next_cursor) {
  return {{"items", std::move(items)},
          {"next_cursor", next_cursor.empty() ? nlohmann::json() : nlohmann::json(next_cursor)}};
}

std::vector<Route> catalog_routes() {
  return {
      {"GET", "/api/v1/search", Role::viewer, search},
      {"GET", R"(/api/v1/hosts/([0-9A-Fa-f.:]{1,45}))", Role::viewer, host},
      {"GET", R"(/api/v1/services/([^/]{1,32}))", Role::viewer, service},
      {"GET", R"(/api/v1/services/([^/]{1,32})/history)", Role::viewer, history},
      {"GET", "/api/v1/findings", Role::viewer, findings},
      {"GET", "/api/v1/events", Role::viewer, events},
  };
}

}  // namespace lw::api
