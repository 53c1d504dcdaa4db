// Routes over the monitor's state: incidents (list, show, acknowledge, close) and silences.
#include "api/cursor.h"
#include "api/routes.h"

namespace lw::api {
namespace {

nlohmann::json incident_json(const catalog::IncidentRow& r) {
  nlohmann::json j{{"id", r.id},
                   {"ip", r.address},
                   {"port", r.port},
                   {"transport", r.transport},
                   {"asset", r.asset},
                   {"state", r.state},
                   {"severity", r.severity},
                   {"first_seen", time_json(r.exposed_since_ms)},
                   {"opened", time_json(r.opened_ms)},
                   {"acknowledged", time_json(r.acknowledged_ms)},
                   {"remediated", time_json(r.remediated_ms)},
                   {"closed", time_json(r.closed_ms)},
                   {"reopened_count", r.reopened_count},
                   {"alert_ids", r.alert_ids},
                   {"last_event", time_json(r.last_event_ms)}};
  if (!r.timeline.empty()) {
    auto& t = j["timeline"] = nlohmann::json::array();
    for (const auto& e : r.timeline) {
      t.push_back({{"time", time_json(e.time_ms)},
                   {"kind", e.kind},
                   {"actor", e.actor},
                   {"detail", e.detail}});
    }
  }
  return j;
}

nlohmann::json silence_json(const catalog::SilenceRow& s) {
  return {{"id", s.id},
          {"asset", s.asset},
          {"service", s.service},
          {"rule", s.rule},
          {"created", time_json(s.created_ms)},
          {"expires", time_json(s.expires_ms)},
          {"author", s.author},
          {"comment", s.comment}};
}

// Lists the stores return in full (up to kMaxListLimit rows): a page is a slice at an offset.
template <class Row, class ToJson>
nlohmann::json slice_page(const std::vector<Row>& rows, std::int64_t offset, std::size_t limit,
                          const std::string& key, ToJson to_json) {
  nlohmann::json items = nlohmann::json::array();
  const auto start = static_cast<std::size_t>(offset);
  for (std::size_t i = start; i < rows.size() && i < start + limit; ++i) {
    items.push_back(to_json(rows[i]));
  }
  const auto next = start + items.size();
  return page(std::move(items),
              next_offset_cursor(key, static_cast<std::int64_t>(next), next < rows.size()));
}

HttpResult<Reply> list_incidents(const httplib::Request& req, const Principal&, RouteContext& ctx) {
  auto state = query_param(req, "state", 32);
  if (!state) return tl::unexpected(state.error());
  if (!state->empty() && *state != "open" && *state != "acknowledged" && *state != "remediated" &&
      *state != "closed") {
    return refuse(400, "state must be open, acknowledged, remediated or closed", "state");
  }
  auto asset = query_param(req, "asset", catalog::kMaxKeyBytes);
  if (!asset) return tl::unexpected(asset.error());
  auto limit = page_limit(req, ctx.options);
  if (!limit) return tl::unexpected(limit.error());
  const std::string key = "incidents\n" + *state + "\n" + *asset;
  auto offset = offset_from(req, key);
  if (!offset) return tl::unexpected(offset.error());
  if (static_cast<std::size_t>(*offset) + *limit > catalog::kMaxListLimit) {
    return refuse(400,
                  "pages reach at most the newest " + std::to_string(catalog::kMaxListLimit) +
                      " incidents; narrow with state or asset",
                  "cursor");
  }
  catalog::IncidentFilter filter{*state, *asset, static_cast<std::size_t>(*offset) + *limit + 1};
  auto rows =
      ctx.stores.with([&](auto&, auto& monitor, auto&) { return monitor.list_incidents(filter); });
  if (!rows) return tl::unexpected(from_error(rows.error()));
  return Reply{200, slice_page(*rows, *offset, *limit, key, incident_json), {}, {}};
}

HttpResult<Reply> show_incident(const httplib::Request& req, const Principal&, RouteContext& ctx) {
  auto id = path_id(req, 1, "id");
  if (!id) return tl::unexpected(id.error());
  auto r = ctx.stores.with([&](auto&, auto& monitor, auto&) { return monitor.get_incident(*id); });
  if (!r) return tl::unexpected(from_error(r.error(), "id"));
  return Reply{200, {{"incident", incident_json(*r)}}, {}, {}};
}

HttpResult<Reply> change_incident(const httplib::Request& req, const Principal& who,
                                  RouteContext& ctx, bool close) {
  auto id = path_id(req, 1, "id");
  if (!id) return tl::unexpected(id.error());
  auto body = json_body(req);
  if (!body) return tl::unexpected(body.error());
  auto comment = body_string(*body, "comment", catalog::kMaxTextBytes);
  if (!comment) return tl::unexpected(comment.error());
  auto r = ctx.stores.with([&](auto&, auto& monitor, auto&) {
    return close ? monitor.close_incident(*id, who.actor, *comment, ctx.now_ms)
                 : monitor.acknowledge(*id, who.actor, *comment, ctx.now_ms);
  });
  if (!r) {
    // A refused state change (acknowledging a closed incident) is a conflict, not bad input.
    auto e = from_error(r.error(), "id");
    if (e.status == 400) e.status = 409;
    return tl::unexpected(e);
  }
  return Reply{200, {{"incident", incident_json(*r)}}, {}, {}};
}

HttpResult<Reply> list_silences(const httplib::Request& req, const Principal&, RouteContext& ctx) {
  auto expired = query_param(req, "expired", 8);
  if (!expired) return tl::unexpected(expired.error());
  if (!expired->empty() && *expired != "true" && *expired != "false") {
    return refuse(400, "expired must be true or false", "expired");
  }
  auto limit = page_limit(req, ctx.options);
  if (!limit) return tl::unexpected(limit.error());
  const std::string key = "silences\n" + *expired;
  auto offset = offset_from(req, key);
  if (!offset) return tl::unexpected(offset.error());
  if (static_cast<std::size_t>(*offset) + *limit > catalog::kMaxListLimit) {
    return refuse(400,
                  "pages reach at most " + std::to_string(catalog::kMaxListLimit) + " silences",
                  "cursor");
  }
  auto rows = ctx.stores.with([&](auto&, auto& monitor, auto&) {
    return monitor.list_silences(*expired == "true", ctx.now_ms,
                                 static_cast<std::size_t>(*offset) + *limit + 1);
  });
  if (!rows) return tl::unexpected(from_error(rows.error()));
  return Reply{200, slice_page(*rows, *offset, *limit, key, silence_json), {}, {}};
}

HttpResult<Reply> add_silence(const httplib::Request& req, const Principal& who,
                              RouteContext& ctx) {
  auto body = json_body(req);
  if (!body) return tl::unexpected(body.error());
  catalog::SilenceRow s;
  for (auto [key, out] : {std::pair<const char*, std::string*>{"asset", &s.asset},
                          {"service", &s.service},
                          {"rule", &s.rule}}) {
    auto v = body_string(*body, key, catalog::kMaxKeyBytes);
    if (!v) return tl::unexpected(v.error());
    *out = std::move(*v);
  }
  auto comment = body_string(*body, "comment", catalog::kMaxTextBytes);
  if (!comment) return tl::unexpected(comment.error());
  s.comment = std::move(*comment);
  auto dur = body->find("duration_s");
  if (dur == body->end() || !dur->is_number_integer() || dur->get<std::int64_t>() < 60 ||
      dur->get<std::int64_t>() > 366LL * 86400) {
    return refuse(400, "duration_s must be a whole number of seconds from 60 to 31622400",
                  "duration_s");
  }
  if (s.asset.empty() && s.service.empty() && s.rule.empty()) {
    return refuse(400, "a silence names at least one of asset, service, rule", "asset");
  }
  s.created_ms = ctx.now_ms;
  s.expires_ms = ctx.now_ms + dur->get<std::int64_t>() * 1000;
  s.author = who.actor;
  auto id = ctx.stores.with([&](auto&, auto& monitor, auto&) { return monitor.add_silence(s); });
  if (!id) return tl::unexpected(from_error(id.error(), "body"));
  s.id = *id;
  return Reply{201, {{"silence", silence_json(s)}}, {}, {}};
}

HttpResult<Reply> expire_silence(const httplib::Request& req, const Principal&, RouteContext& ctx) {
  auto id = path_id(req, 1, "id");
  if (!id) return tl::unexpected(id.error());
  auto r = ctx.stores.with(
      [&](auto&, auto& monitor, auto&) { return monitor.expire_silence(*id, ctx.now_ms); });
  if (!r) return tl::unexpected(from_error(r.error(), "id"));
  return Reply{200, {{"id", *id}, {"expired", true}}, {}, {}};
}

}  // namespace

std::vector<Route> incident_routes() {
  return {
      {"GET", "/api/v1/incidents", Role::viewer, list_incidents},
      {"GET", R"(/api/v1/incidents/([^/]{1,32}))", Role::viewer, show_incident},
      {"POST", R"(/api/v1/incidents/([^/]{1,32})/ack)", Role::responder,
       [](const auto& req, const auto& who, auto& ctx) {
         return change_incident(req, who, ctx, false);
       }},
      {"POST", R"(/api/v1/incidents/([^/]{1,32})/close)", Role::responder,
       [](const auto& req, const auto& who, auto& ctx) {
         return change_incident(req, who, ctx, true);
       }},
      {"GET", "/api/v1/silences", Role::viewer, list_silences},
      {"POST", "/api/v1/silences", Role::responder, add_silence},
      {"DELETE", R"(/api/v1/silences/([^/]{1,32}))", Role::responder, expire_silence},
  };
}

}  // namespace lw::api
