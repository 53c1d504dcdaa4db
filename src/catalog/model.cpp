#include "catalog/model.h"

#include "core/service_record.h"

namespace lw::catalog {
namespace {

template <class T>
nlohmann::json opt(const std::optional<T>& v) {
  return v ? nlohmann::json(*v) : nlohmann::json(nullptr);
}

nlohmann::json time_or_null(const std::optional<std::int64_t>& ms) {
  return ms ? nlohmann::json(iso8601_utc(*ms)) : nlohmann::json(nullptr);
}

}  // namespace

nlohmann::json to_json(const ServiceRow& s) {
  return {{"ip", s.address},
          {"names", s.names},
          {"port", s.port},
          {"transport", s.transport},
          {"protocol", s.protocol},
          {"product", s.product},
          {"version", s.version},
          {"verdict", s.verdict},
          {"outcome", s.outcome},
          {"reachable", s.reachable},
          {"severity", s.severity},
          {"sensitivity", s.sensitivity},
          {"data_bytes", opt(s.data_bytes)},
          {"record_count", opt(s.record_count)},
          {"categories", s.categories},
          {"tags", s.tags},
          {"first_seen", iso8601_utc(s.first_seen_ms)},
          {"last_seen", iso8601_utc(s.last_seen_ms)},
          {"open_since", time_or_null(s.open_since_ms)},
          {"observations", s.observations}};
}

nlohmann::json to_json(const ObservationRow& o) {
  return {{"ip", o.address},
          {"port", o.port},
          {"transport", o.transport},
          {"scan_id", o.scan_id},
          {"time", iso8601_utc(o.time_ms)},
          {"verdict", o.verdict},
          {"outcome", o.outcome},
          {"product", o.product},
          {"version", o.version},
          {"severity", o.severity},
          {"sensitivity", o.sensitivity},
          {"data_bytes", opt(o.data_bytes)},
          {"record_count", opt(o.record_count)},
          {"categories", o.categories},
          {"record", o.record}};
}

nlohmann::json to_json(const EventRow& e) {
  return {{"type", "leakwatch.event"}, {"event", e.kind},   {"time", iso8601_utc(e.time_ms)},
          {"ip", e.address},           {"port", e.port},    {"transport", e.transport},
          {"scan_id", e.scan_id},      {"detail", e.detail}};
}

nlohmann::json to_json(const HostReport& h) {
  nlohmann::json services = nlohmann::json::array();
  for (const auto& s : h.services) services.push_back(to_json(s));
  nlohmann::json timeline = nlohmann::json::array();
  for (const auto& e : h.timeline) timeline.push_back(to_json(e));
  return {{"ip", h.address},
          {"names", h.names},
          {"cert_names", h.cert_names},
          {"tags", h.tags},
          {"first_seen", iso8601_utc(h.first_seen_ms)},
          {"last_seen", iso8601_utc(h.last_seen_ms)},
          {"services", services},
          {"timeline", timeline}};
}

}  // namespace lw::catalog
