#include "notify/notification.h"

#include <algorithm>
#include <array>
#include <limits>
#include <optional>

#include "core/json_text.h"

namespace lw::notify {
namespace {

using nlohmann::json;

constexpr std::array<std::string_view, 5> kSeverities{"", "low", "medium", "high", "critical"};

// Reads object members by name, type-checked; the first problem is kept and named.
class Reader {
 public:
  Reader(const json& j, std::string where) : j_(j), where_(std::move(where)) {
    if (!j_.is_object()) bad("", "is not an object");
  }

  void string(const char* key, std::string& out, bool required = false) {
    const json* v = find(key, required);
    if (!v) return;
    if (!v->is_string()) return bad(key, "is not a string");
    const auto& s = v->get_ref<const std::string&>();
    if (s.size() > kMaxStoredString) return bad(key, "is longer than 8192 bytes");
    out = s;
  }
  template <class T>
  void integer(const char* key, T& out) {
    const json* v = find(key, false);
    if (!v) return;
    if (!v->is_number_integer()) return bad(key, "is not an integer");
    constexpr auto kMax = static_cast<std::uint64_t>(std::numeric_limits<T>::max());
    constexpr auto kMin = static_cast<std::int64_t>(std::numeric_limits<T>::min());
    if (v->is_number_unsigned()) {
      const auto u = v->get<std::uint64_t>();
      if (u > kMax) return bad(key, "is out of range");
      out = static_cast<T>(u);
      return;
    }
    const auto i = v->get<std::int64_t>();
    if (i < kMin || (i > 0 && static_cast<std::uint64_t>(i) > kMax))
      return bad(key, "is out of range");
    out = static_cast<T>(i);
  }
  void boolean(const char* key, bool& out) {
    const json* v = find(key, false);
    if (!v) return;
    if (!v->is_boolean()) return bad(key, "is not true or false");
    out = v->get<bool>();
  }
  void strings(const char* key, std::vector<std::string>& out) {
    const json* v = find(key, false);
    if (!v) return;
    if (!v->is_array()) return bad(key, "is not an array");
    if (v->size() > kMaxStoredFindings) return bad(key, "has more than 200 entries");
    for (const auto& e : *v) {
      if (!e.is_string() || e.get_ref<const std::string&>().size() > kMaxStoredString)
        return bad(key, "holds something other than a string of at most 8192 bytes");
      out.push_back(e.get<std::string>());
    }
  }
  const json* array(const char* key, std::size_t cap) {
    const json* v = find(key, false);
    if (!v) return nullptr;
    if (!v->is_array()) return bad(key, "is not an array"), nullptr;
    if (v->size() > cap) return bad(key, "has too many entries"), nullptr;
    return v;
  }
  void fail_with(Error e) {
    if (!error_) error_ = std::move(e);
  }
  const std::optional<Error>& error() const { return error_; }
  const std::string& where() const { return where_; }

 private:
  const json* find(const char* key, bool required) {
    if (error_) return nullptr;
    const auto it = j_.find(key);
    if (it == j_.end()) {
      if (required) bad(key, "is missing");
      return nullptr;
    }
    return &*it;
  }
  void bad(const std::string& key, const std::string& what) {
    if (error_) return;
    const std::string name = key.empty() ? where_ : where_ + "." + key;
    error_ = Error{ErrorCode::parse_error, "notification member " + name + " " + what, name};
  }

  const json& j_;
  std::string where_;
  std::optional<Error> error_;
};

}  // namespace

int severity_rank(std::string_view severity) noexcept {
  for (std::size_t i = 1; i < kSeverities.size(); ++i) {
    if (kSeverities[i] == severity) return static_cast<int>(i);
  }
  return 0;
}

std::string AlertPayload::service() const {
  const bool v6 = address.find(':') != std::string::npos;
  return (v6 ? "[" + address + "]" : address) + ":" + std::to_string(port) + "/" + transport;
}

json to_json(const FindingSummary& f) {
  return {{"type", f.type}, {"masked", f.masked}, {"count", f.count}, {"severity", f.severity}};
}

json to_json(const AlertPayload& a) {
  json findings = json::array();
  for (const auto& f : a.findings) findings.push_back(to_json(f));
  return {{"alert_id", a.alert_id},
          {"rule", a.rule},
          {"status", a.status},
          {"asset", a.asset},
          {"owner", a.owner},
          {"contacts", a.contacts},
          {"address", a.address},
          {"port", a.port},
          {"transport", a.transport},
          {"protocol", a.protocol},
          {"product", a.product},
          {"verdict", a.verdict},
          {"evidence", a.evidence},
          {"proof", a.proof},
          {"severity", a.severity},
          {"severity_reasons", a.severity_reasons},
          {"findings", std::move(findings)},
          {"compromised", a.compromised},
          {"first_seen_ms", a.first_seen_ms},
          {"last_seen_ms", a.last_seen_ms},
          {"incident_id", a.incident_id},
          {"summary", a.summary}};
}

json to_json(const Notification& n) {
  json alerts = json::array();
  for (const auto& a : n.alerts) alerts.push_back(to_json(a));
  return {{"idempotency_key", n.idempotency_key},
          {"channel", n.channel},
          {"asset", n.asset},
          {"created_ms", n.created_ms},
          {"alerts", std::move(alerts)}};
}

std::string to_json_text(const Notification& n) {
  return to_json(n).dump(-1, ' ', false, json::error_handler_t::replace);
}

namespace {

Result<AlertPayload> read_alert(const json& j, const std::string& where) {
  AlertPayload a;
  Reader r(j, where);
  r.string("alert_id", a.alert_id, true);
  r.string("rule", a.rule, true);
  r.string("status", a.status, true);
  r.string("asset", a.asset);
  r.string("owner", a.owner);
  r.strings("contacts", a.contacts);
  r.string("address", a.address);
  r.integer("port", a.port);
  r.string("transport", a.transport);
  r.string("protocol", a.protocol);
  r.string("product", a.product);
  r.string("verdict", a.verdict);
  r.string("evidence", a.evidence);
  r.string("proof", a.proof);
  r.string("severity", a.severity);
  r.strings("severity_reasons", a.severity_reasons);
  if (const json* fs = r.array("findings", kMaxStoredFindings)) {
    for (std::size_t i = 0; i < fs->size() && !r.error(); ++i) {
      FindingSummary f;
      Reader fr((*fs)[i], where + ".findings[" + std::to_string(i) + "]");
      fr.string("type", f.type, true);
      fr.string("masked", f.masked);
      fr.integer("count", f.count);
      fr.string("severity", f.severity);
      if (fr.error()) r.fail_with(*fr.error());
      a.findings.push_back(std::move(f));
    }
  }
  r.boolean("compromised", a.compromised);
  r.integer("first_seen_ms", a.first_seen_ms);
  r.integer("last_seen_ms", a.last_seen_ms);
  r.string("incident_id", a.incident_id);
  r.string("summary", a.summary);
  if (r.error()) return tl::unexpected(*r.error());
  if (a.status != "firing" && a.status != "resolved") {
    return fail(ErrorCode::parse_error,
                "notification member " + where + ".status is not firing or resolved",
                where + ".status");
  }
  return a;
}

}  // namespace

Result<AlertPayload> alert_from_json(const json& j) {
  return read_alert(j, "alert");
}

Result<Notification> notification_from_json(const json& j) {
  Notification n;
  Reader r(j, "notification");
  r.string("idempotency_key", n.idempotency_key, true);
  r.string("channel", n.channel, true);
  r.string("asset", n.asset);
  r.integer("created_ms", n.created_ms);
  if (const json* as = r.array("alerts", kMaxStoredAlerts)) {
    for (std::size_t i = 0; i < as->size() && !r.error(); ++i) {
      auto a = read_alert((*as)[i], "alerts[" + std::to_string(i) + "]");
      if (!a) {
        r.fail_with(a.error());
        break;
      }
      n.alerts.push_back(std::move(*a));
    }
  }
  if (r.error()) return tl::unexpected(*r.error());
  return n;
}

Result<Notification> notification_from_json_text(std::string_view text) {
  if (text.size() > kMaxStoredBytes) {
    return fail(ErrorCode::too_large, "stored notification is larger than 1 MiB");
  }
  if (json_nesting_depth(text, kMaxStoredDepth) > kMaxStoredDepth) {
    return fail(ErrorCode::too_deep, "stored notification nests deeper than 8 levels");
  }
  const json j = json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (j.is_discarded()) return fail(ErrorCode::parse_error, "stored notification is not JSON");
  return notification_from_json(j);
}

}  // namespace lw::notify
