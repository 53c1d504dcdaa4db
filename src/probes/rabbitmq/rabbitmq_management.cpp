// The management HTTP API dialogue: GET /api/overview without credentials; then, when it
// answered 200 anyway, or with --default-credentials as guest/guest after its 401, GET
// /api/vhosts and GET /api/queues (names and message counts only, via ?columns=). Only GETs: no
// message is fetched (the API's "get messages" is a POST that dequeues and requeues them, which
// changes the queue's order and redelivery flags: not read-only).
#include "core/bytes.h"
#include "probes/common/base64.h"
#include "probes/common/http_dialogue.h"
#include "probes/common/json_bounded.h"
#include "probes/common/sample_budget.h"
#include "probes/rabbitmq/rabbitmq_dialogue.h"

namespace lw::probes::rabbitmq {
namespace {

constexpr std::string_view kVhostsPath = "/api/vhosts?columns=name,messages";
constexpr std::string_view kQueuesPath = "/api/queues?columns=name,vhost,messages,durable";

std::string guest(std::string_view label) {
  return std::string(label) + std::string(kGuestSuffix);
}

std::string auth_header() {
  return "Authorization: Basic " +
         base64_encode(std::string(kGuest.user) + ":" + std::string(kGuest.password)) + "\r\n";
}

std::optional<http::JsonReply> reply_of(const Transcript& t, std::string_view label) {
  const Turn* turn = http::find_turn(t, label);
  if (turn == nullptr) return std::nullopt;
  auto r = http::json_reply(*turn, {.max_bytes = kListCap, .max_depth = 16});
  if (!r) return std::nullopt;
  return std::move(*r);
}

// 401 with the management plugin's Basic realm (and Cowboy, its HTTP server).
bool is_rabbit_401(const http::Response& r) {
  const auto realm = r.header("www-authenticate");
  const auto server = r.header("server");
  return r.status == 401 && realm && realm->find("RabbitMQ Management") != std::string_view::npos &&
         server && server->find("Cowboy") != std::string_view::npos;
}

// 200 with the overview's own fields: rabbitmq_version and management_version.
bool is_rabbit_overview(const http::JsonReply& r) {
  return r.response.status == 200 && r.body && r.body->is_object() &&
         !json::string_at(*r.body, "rabbitmq_version").empty() &&
         !json::string_at(*r.body, "management_version").empty();
}

bool is_list(const std::optional<http::JsonReply>& r) {
  return r && r->response.status == 200 && r->body && r->body->is_array();
}

struct Plan {
  bool anonymous_ok = false;  // the overview answered without credentials
  bool refused = false;       // 401 without credentials
  bool guest_ok = false;      // the overview answered as guest
  bool guest_refused = false;
  std::string guest_reason;
};

Plan plan_of(const Transcript& t) {
  Plan p;
  if (auto o = reply_of(t, kOverviewLabel)) {
    p.anonymous_ok = is_rabbit_overview(*o);
    p.refused = is_rabbit_401(o->response);
  }
  if (auto g = reply_of(t, guest(kOverviewLabel))) {
    p.guest_ok = is_rabbit_overview(*g);
    p.guest_refused = g->response.status == 401;
    if (p.guest_refused && g->body) p.guest_reason = json::string_at(*g->body, "reason");
  }
  return p;
}

void record_overview(const nlohmann::json& o, Observation& obs) {
  obs.version = json::string_at(o, "rabbitmq_version").substr(0, 32);
  auto& md = obs.metadata["overview"];
  for (const char* k : {"rabbitmq_version", "management_version", "product_name", "product_version",
                        "cluster_name", "node", "erlang_version"}) {
    const std::string v = json::string_at(o, k);
    if (!v.empty()) md[k] = printable(v, 128);
  }
  if (const auto* totals = json::member(o, "object_totals")) {
    for (const char* k : {"queues", "connections", "channels", "consumers", "exchanges"}) {
      if (auto n = json::uint_at(*totals, k)) md["object_totals"][k] = *n;
    }
  }
  if (const auto* q = json::member(o, "queue_totals")) {
    if (auto n = json::uint_at(*q, "messages")) md["messages"] = *n;
  }
}

// Queue names and message counts (bounded) into metadata; the listing as one JSON sample.
std::size_t record_queues(const nlohmann::json& list, Observation& obs) {
  nlohmann::json queues = nlohmann::json::array();
  std::uint64_t messages = 0;
  for (const auto& q : list) {
    const auto n = json::uint_at(q, "messages").value_or(0);
    messages += n;
    if (queues.size() >= kMaxQueuesListed) continue;
    queues.push_back({{"vhost", printable(json::string_at(q, "vhost"), 128)},
                      {"name", printable(json::string_at(q, "name"), 256)},
                      {"messages", n}});
  }
  obs.metadata["queues_listed"] = list.size();
  obs.metadata["queues"] = queues;
  obs.record_count = messages;
  if (!queues.empty()) {
    SampleBudget budget;
    budget.add(obs, "queue list (names, message counts)", "json", json::dump_capped(queues, 8192));
  }
  return list.size();
}

}  // namespace

bool is_management_port(std::uint16_t port) noexcept {
  return port == 15672 || port == 55672;  // 55672: the management port before RabbitMQ 3.0
}

bool is_management(const Transcript& t) noexcept {
  return !t.empty() && t.front().exchange.request.starts_with("GET ");
}

std::optional<Exchange> next_management(const ProbeOptions& o, const Transcript& t) {
  if (t.empty())
    return http::labelled_get(std::string(kOverviewLabel), "/api/overview", o, kOverviewCap);
  const Plan p = plan_of(t);
  if (p.anonymous_ok) {
    if (t.size() == 1)
      return http::labelled_get(std::string(kVhostsLabel), kVhostsPath, o, kListCap);
    if (t.size() == 2)
      return http::labelled_get(std::string(kQueuesLabel), kQueuesPath, o, kListCap);
    return std::nullopt;
  }
  if (!p.refused || !o.default_credentials) return std::nullopt;
  const std::string auth = auth_header();
  if (t.size() == 1) {
    return http::labelled_get(guest(kOverviewLabel), "/api/overview", o, kOverviewCap, auth);
  }
  if (!p.guest_ok) return std::nullopt;
  if (t.size() == 2) return http::labelled_get(guest(kVhostsLabel), kVhostsPath, o, kListCap, auth);
  if (t.size() == 3) return http::labelled_get(guest(kQueuesLabel), kQueuesPath, o, kListCap, auth);
  return std::nullopt;
}

Result<Observation> observe_management(const Transcript& t) {
  Observation obs;
  const auto overview = reply_of(t, kOverviewLabel);
  if (!overview) {
    obs.note = "no HTTP answer to /api/overview";
    return obs;
  }
  const Plan p = plan_of(t);
  if (!p.anonymous_ok && !p.refused) {
    obs.note = "/api/overview did not answer like the RabbitMQ management API";
    return obs;
  }
  obs.identified = true;
  obs.product = "rabbitmq";
  obs.metadata["protocol"] = "rabbitmq-management-http";
  obs.proof = std::string(kOverviewLabel);
  if (p.refused) {
    obs.auth_demanded = true;
    obs.note = "the management API answers 401 without credentials";
  }
  const bool as_guest = p.refused && p.guest_ok;
  const std::string suffix = as_guest ? std::string(kGuestSuffix) : std::string();
  if (p.anonymous_ok) record_overview(*overview->body, obs);
  if (as_guest) record_overview(*reply_of(t, guest(kOverviewLabel))->body, obs);
  if (p.refused && (p.guest_ok || p.guest_refused)) {
    obs.metadata["default_credentials"] = {
        {"account", kGuest.user}, {"accepted", p.guest_ok}, {"via", "HTTP Basic"}};
    if (p.guest_refused) {
      obs.metadata["default_credentials"]["answer"] = printable(p.guest_reason, 160);
      obs.note += "; the default account guest was refused";
      if (!p.guest_reason.empty()) obs.note += " (" + printable(p.guest_reason, 80) + ")";
      obs.proof = guest(kOverviewLabel);
    }
  }
  if (!p.anonymous_ok && !as_guest) return obs;
  if (const auto vhosts = reply_of(t, std::string(kVhostsLabel) + suffix); is_list(vhosts)) {
    nlohmann::json names = nlohmann::json::array();
    for (const auto& v : *vhosts->body) {
      if (names.size() >= kMaxQueuesListed) break;
      names.push_back(printable(json::string_at(v, "name"), 128));
    }
    obs.metadata["vhosts"] = names;
  }
  std::size_t queues = 0;
  const std::string queues_label = std::string(kQueuesLabel) + suffix;
  if (const auto list = reply_of(t, queues_label); is_list(list)) {
    queues = record_queues(*list->body, obs);
  }
  if (as_guest) {
    obs.metadata["evidence"] = "default_credentials";
    obs.data_read = true;
    obs.proof = queues > 0 ? queues_label : guest(kOverviewLabel);
    obs.note =
        "default_credentials: the vendor default account guest/guest reads the management "
        "API (" +
        std::to_string(queues) + " queues listed)";
  } else if (queues > 0) {
    obs.data_read = true;
    obs.proof = queues_label;
    obs.note = "the management API lists " + std::to_string(queues) + " queues without credentials";
  } else {
    obs.note = "the management API answers without credentials; no queue was listed";
  }
  return obs;
}

}  // namespace lw::probes::rabbitmq
