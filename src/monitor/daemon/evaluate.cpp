#include "monitor/daemon/evaluate.h"

#include <algorithm>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "monitor/daemon/pending.h"
#include "monitor/rules.h"

namespace lw::monitor::daemon {
namespace {

using catalog::ServiceRef;

std::string ref_key(std::string_view address, std::uint16_t port, std::string_view transport) {
  return std::string(address) + "|" + std::to_string(port) + "|" + std::string(transport);
}

std::string ref_key(const ServiceRef& r) {
  return ref_key(r.address, r.port, r.transport);
}

// What the catalog holds of one service: its row and its last two observations.
struct ServiceView {
  catalog::ServiceRow row;
  std::optional<ServiceRecord> latest;
  std::optional<ServiceRecord> previous;
  std::string latest_scan_id;
};

Result<std::optional<ServiceView>> load_service(catalog::Catalog& cat, const ServiceRef& ref) {
  auto host = cat.host(ref.address);
  if (!host) return tl::unexpected(host.error());
  if (!*host) return std::optional<ServiceView>{};
  ServiceView view;
  bool found = false;
  for (auto& s : (*host)->services) {
    if (s.port == ref.port && s.transport == ref.transport) {
      view.row = std::move(s);
      found = true;
      break;
    }
  }
  if (!found) return std::optional<ServiceView>{};
  // The newest two by commit order: a service rescanned every few seconds has a long history,
  // and only its last change matters here.
  auto latest = cat.latest_observations(ref.address, ref.port, ref.transport, 2);
  if (!latest) return tl::unexpected(latest.error());
  if (!latest->empty()) {
    view.latest_scan_id = latest->front().scan_id;
    if (auto r = record_from_json(latest->front().record)) view.latest = std::move(*r);
    if (latest->size() >= 2) {
      if (auto r = record_from_json((*latest)[1].record)) view.previous = std::move(*r);
    }
  }
  return std::optional<ServiceView>(std::move(view));
}

bool is_open(const catalog::ServiceRow& row) {
  return row.reachable && row.verdict == "open" && row.open_since_ms.has_value();
}

bool about_exposure(RuleKind kind) {
  return kind == RuleKind::open_database || kind == RuleKind::sensitive_data ||
         kind == RuleKind::compromised || kind == RuleKind::new_dataset ||
         kind == RuleKind::data_growth;
}

// The state the alerts table remembers of the last notification, when the alert is firing.
std::optional<FiringState> firing_state(const std::optional<catalog::AlertRow>& stored) {
  if (!stored || stored->state != "firing" || !stored->last_notified_ms) return std::nullopt;
  FiringState f;
  f.last_notified_ms = *stored->last_notified_ms;
  f.content_hash = stored->content_hash;
  f.state_hash = stored->payload.value("state_hash", std::string());
  return f;
}

class Evaluation {
 public:
  Evaluation(const EvaluationContext& ctx, std::int64_t now) : ctx_(ctx), now_(now) {}

  Result<EvaluationStats> run(std::span<const ServiceRef> touched) {
    auto cursor = ctx_.store->get_cursor(kEventCursor);
    if (!cursor) return tl::unexpected(cursor.error());
    auto cursor_time = ctx_.store->get_cursor(kEventTimeCursor);
    if (!cursor_time) return tl::unexpected(cursor_time.error());
    // The window starts before the time cursor, or before now when the clock was stepped back
    // behind it (events then carry earlier times than those already evaluated).
    const std::int64_t from = std::min(*cursor_time, now_) - kEventWindowSlackMs;
    auto events = ctx_.catalog->events(std::max<std::int64_t>(0, from), kMaxEvaluationRows);
    if (!events) return tl::unexpected(events.error());
    std::int64_t max_id = *cursor, max_time = *cursor_time;
    std::vector<ServiceRef> services(touched.begin(), touched.end());
    for (auto& e : *events) {
      if (e.id <= *cursor) continue;
      max_id = std::max(max_id, e.id);
      max_time = std::max(max_time, e.time_ms);
      const auto key = ref_key(e.address, e.port, e.transport);
      if (!events_.contains(key)) services.push_back({e.address, e.port, e.transport});
      events_[key].push_back(std::move(e));
    }
    if (auto ok = load_incidents(); !ok) return tl::unexpected(ok.error());
    auto silences = ctx_.store->active_silences(now_, kMaxEvaluationRows);
    if (!silences) return tl::unexpected(silences.error());
    silences_ = std::move(*silences);

    std::map<std::string, bool> done;
    for (const auto& ref : services) {
      if (!done.emplace(ref_key(ref), true).second) continue;
      if (auto ok = evaluate(ref); !ok) return tl::unexpected(ok.error());
    }
    // Everything the cursor covers is committed: only now may it move.
    if (max_time != *cursor_time) {
      if (auto ok = ctx_.store->put_cursor(kEventTimeCursor, max_time); !ok) {
        return tl::unexpected(ok.error());
      }
    }
    if (max_id != *cursor) {
      if (auto ok = ctx_.store->put_cursor(kEventCursor, max_id); !ok) {
        return tl::unexpected(ok.error());
      }
    }
    return stats_;
  }

 private:
  Result<void> load_incidents() {
    catalog::IncidentFilter f;
    f.limit = kMaxEvaluationRows;
    auto rows = ctx_.store->list_incidents(f);
    if (!rows) return tl::unexpected(rows.error());
    for (auto& i : *rows) {
      const auto key = ref_key(i.address, i.port, i.transport);
      auto it = incidents_.find(key);
      if (it == incidents_.end() || it->second.id < i.id) incidents_[key] = std::move(i);
    }
    return {};
  }

  Result<void> evaluate(const ServiceRef& ref) {
    auto view = load_service(*ctx_.catalog, ref);
    if (!view) return tl::unexpected(view.error());
    if (!*view) return {};
    ++stats_.services;
    const ServiceView& v = **view;
    const auto key = ref_key(ref);
    const Asset* asset = asset_for(*ctx_.config, v.row.address, v.row.names);
    const auto inc = incidents_.find(key);
    RuleInput in;
    in.service = &v.row;
    static const std::vector<catalog::EventRow> kNone;
    const auto ev = events_.find(key);
    in.events = ev == events_.end() ? std::span<const catalog::EventRow>(kNone)
                                    : std::span<const catalog::EventRow>(ev->second);
    in.latest = v.latest ? &*v.latest : nullptr;
    in.previous = v.previous ? &*v.previous : nullptr;
    in.asset = asset;
    in.previously_remediated = inc != incidents_.end() &&
                               (inc->second.state == "remediated" || inc->second.state == "closed");
    in.now_ms = now_;
    const bool open = is_open(v.row);
    for (const auto& c : evaluate_rules(*ctx_.config, in)) {
      // What a store holds is exposed only while it is open: a secured service's past
      // categories or growth raise nothing (its fix is what the incident records).
      if (!open && about_exposure(c.kind)) continue;
      if (auto ok = handle_candidate(ref, v, c); !ok) return ok;
    }
    if (!open && inc != incidents_.end() &&
        (inc->second.state == "open" || inc->second.state == "acknowledged") &&
        !v.latest_scan_id.empty()) {
      return remediate(ref, v);
    }
    return {};
  }

  const AlertRule* rule_named(const std::string& name) const {
    for (const auto& r : ctx_.config->rules) {
      if (r.name == name) return &r;
    }
    return nullptr;
  }

  bool silenced(const AlertCandidate& c) const {
    return std::any_of(silences_.begin(), silences_.end(), [&](const catalog::SilenceRow& s) {
      return silence_matches(s.asset, s.service, s.rule, s.created_ms, s.expires_ms, c, now_);
    });
  }

  Result<void> handle_candidate(const ServiceRef& ref, const ServiceView& v,
                                const AlertCandidate& c) {
    const AlertRule* rule = rule_named(c.rule);
    if (rule == nullptr) return {};
    auto stored = ctx_.store->get_alert(c.alert_id);
    if (!stored) return tl::unexpected(stored.error());
    catalog::AlertRow row;
    if (*stored) row = **stored;
    if (row.payload.is_null() || !row.payload.is_object()) row.payload = nlohmann::json::object();
    const bool was_firing = *stored && (*stored)->state == "firing";
    row.id = c.alert_id;
    row.rule = c.rule;
    row.address = ref.address;
    row.port = ref.port;
    row.transport = ref.transport;
    row.asset = c.asset;
    row.state = "firing";
    row.resolved_ms.reset();
    row.first_seen_ms = c.first_seen_ms > 0 ? c.first_seen_ms : now_;
    row.last_fired_ms = now_;
    if (!was_firing) {
      // A resolved alert firing again is a new exposure: notified as new.
      row.last_notified_ms.reset();
      row.content_hash.clear();
      row.payload.erase("state_hash");
    }
    const bool notify = should_notify(firing_state(was_firing ? *stored : std::nullopt), c,
                                      rule->repeat_interval, now_);
    if (!notify) {
      // Nothing to say: the stored alert only learns it still fires (once a minute at most).
      if (was_firing && now_ - (*stored)->last_fired_ms < 60'000) return {};
      return ctx_.store->upsert_alert(row);
    }
    if (silenced(c)) {
      const bool logged = row.payload.value("silenced_hash", std::string()) == c.content_hash;
      row.payload["silenced_hash"] = c.content_hash;
      row.payload.erase("pending");
      if (!logged) {
        ++stats_.alerts;
        ++stats_.silenced;
        log_alert(c, true);
      }
      row.payload["alert"] = notify::to_json(to_payload(c));
      return ctx_.store->upsert_alert(row);
    }
    if (const auto pending = pending_of(row);
        pending && pending->content_hash == c.content_hash && pending->state_hash == c.state_hash) {
      return {};  // already waiting for its notification
    }
    // The incident first: the alert then carries its id. A crash after it and before the
    // alert's write joins the same incident again on the next evaluation.
    catalog::IncidentTrigger t;
    t.service = ref;
    t.asset = c.asset;
    t.alert_id = c.alert_id;
    t.severity = severity_level(c.severity) > 0 ? c.severity : "";
    t.exposed_since_ms = v.row.open_since_ms.value_or(v.row.first_seen_ms);
    t.now_ms = now_;
    const auto key = ref_key(ref);
    const auto before = incidents_.find(key);
    const bool opens = before == incidents_.end() || before->second.state == "remediated" ||
                       before->second.state == "closed";
    auto incident = ctx_.store->open_or_join(t);
    if (!incident) return tl::unexpected(incident.error());
    if (opens) {
      ++stats_.incidents_opened;
      if (ctx_.log != nullptr) {
        ctx_.log->info("incident_opened", {{"incident_id", incident->id},
                                           {"service", c.service},
                                           {"asset", c.asset},
                                           {"reopened", incident->reopened_count > 0}});
      }
    }
    incidents_[key] = *incident;
    auto payload = to_payload(c);
    payload.incident_id = std::to_string(incident->id);
    row.payload["alert"] = notify::to_json(payload);
    row.payload.erase("silenced_hash");
    ++stats_.alerts;
    log_alert(c, false);
    if (c.channels.empty()) {
      // No channel takes it: it is notified to nobody, and remembered as such.
      row.last_notified_ms = now_;
      row.content_hash = c.content_hash;
      row.payload["state_hash"] = c.state_hash;
      row.payload.erase("pending");
      return ctx_.store->upsert_alert(row);
    }
    Pending p;
    p.since_ms = now_;
    if (auto old = pending_of(row)) p.since_ms = old->since_ms;
    p.content_hash = c.content_hash;
    p.state_hash = c.state_hash;
    p.channels = c.channels;
    set_pending(row, p);
    return ctx_.store->upsert_alert(row);
  }

  void log_alert(const AlertCandidate& c, bool silenced) {
    if (ctx_.log == nullptr) return;
    ctx_.log->info("alert", {{"alert_id", c.alert_id},
                             {"rule", c.rule},
                             {"service", c.service},
                             {"asset", c.asset},
                             {"severity", c.severity},
                             {"silenced", silenced}});
  }

  Result<void> remediate(const ServiceRef& ref, const ServiceView& v) {
    auto done = ctx_.store->mark_remediated_by_rescan(ref, v.latest_scan_id, now_);
    if (!done) {
      // The proof does not hold (yet): the next rescan tries again.
      if (done.error().code == ErrorCode::not_found ||
          done.error().code == ErrorCode::invalid_argument) {
        return {};
      }
      return tl::unexpected(done.error());
    }
    ++stats_.remediated;
    incidents_[ref_key(ref)] = *done;
    if (ctx_.log != nullptr) {
      ctx_.log->info("incident_remediated", {{"incident_id", done->id},
                                             {"service", service_key(ref.address, ref.port)},
                                             {"scan_id", v.latest_scan_id}});
    }
    for (const auto& id : done->alert_ids) {
      if (!id.is_string()) continue;
      auto alert = ctx_.store->get_alert(id.get<std::string>());
      if (!alert) return tl::unexpected(alert.error());
      if (!*alert || (*alert)->state != "firing") continue;
      auto row = **alert;
      row.state = "resolved";
      row.resolved_ms = now_;
      // A notification still waiting stays: the exposure happened and is announced (its
      // resolution then goes unsaid). One already sent is followed by its resolution.
      if (!pending_of(row) && row.last_notified_ms) announce_resolved(row);
      if (auto ok = ctx_.store->upsert_alert(row); !ok) return ok;
    }
    return {};
  }

  // Tells the channels the rule now selects for the alert that it is resolved, as Alertmanager's
  // send_resolved does (PagerDuty gets a "resolve" for the same dedup key). The notification goes
  // through the outbox like any other, with its own idempotency key.
  void announce_resolved(catalog::AlertRow& row) const {
    const AlertRule* rule = rule_named(row.rule);
    if (rule == nullptr || !row.payload.contains("alert") || !row.payload["alert"].is_object()) {
      return;  // its rule was removed by a reload, or it carries nothing to say
    }
    auto& alert = row.payload["alert"];
    Pending p;
    p.since_ms = now_;
    p.content_hash = "resolved:" + row.content_hash;
    p.state_hash = row.payload.value("state_hash", std::string());
    p.channels = select_channels(*ctx_.config, *rule, row.asset, alert.value("severity", ""));
    if (p.channels.empty()) return;
    alert["status"] = "resolved";
    set_pending(row, p);
  }

  const EvaluationContext& ctx_;
  const std::int64_t now_;
  EvaluationStats stats_;
  std::map<std::string, std::vector<catalog::EventRow>> events_;
  std::map<std::string, catalog::IncidentRow> incidents_;
  std::vector<catalog::SilenceRow> silences_;
};

}  // namespace

Result<EvaluationStats> evaluate_services(const EvaluationContext& ctx,
                                          std::span<const catalog::ServiceRef> touched,
                                          std::int64_t now_ms) {
  return Evaluation(ctx, now_ms).run(touched);
}

}  // namespace lw::monitor::daemon
