#include "catalog/events/derive.h"

#include <algorithm>

namespace lw::catalog {

bool record_reachable(const ServiceRecord& r) noexcept {
  // Refused or timed out with no probe attempt: nothing answered on the port. A service that
  // accepted the connection and then failed (refused or timed out on a later attempt) names
  // the probes it tried, and is still there.
  return !((r.outcome == Outcome::refused || r.outcome == Outcome::timeout) && r.attempts.empty());
}

bool record_inconclusive(const ServiceRecord& r) noexcept {
  return record_reachable(r) && r.verdict.kind == VerdictKind::error;
}

std::vector<std::string> record_categories(const ServiceRecord& r) {
  std::set<std::string> out;
  for (const auto& f : r.findings) {
    if (!f.family.empty()) out.insert(f.family);
  }
  if (r.compromised) out.insert(std::string(kCompromisedCategory));
  return {out.begin(), out.end()};
}

namespace {

void size_events(const ServiceState& prev, const ServiceRecord& r, const EventThresholds& t,
                 std::vector<DerivedEvent>& out) {
  if (!prev.data_bytes || !r.data_bytes) return;
  const auto before = *prev.data_bytes;
  const auto after = *r.data_bytes;
  if (before == after) return;
  const auto delta = after > before ? after - before : before - after;
  if (delta < t.min_size_delta) return;
  const double base = static_cast<double>(before == 0 ? 1 : before);
  if (static_cast<double>(delta) / base < t.size_ratio && before != 0) return;
  out.push_back({after > before ? "data_grew" : "data_shrank",
                 {{"from_bytes", before}, {"to_bytes", after}}});
}

}  // namespace

Derivation derive_events(const std::optional<ServiceState>& previous, const ServiceRecord& r,
                         const EventThresholds& t) {
  Derivation d;
  const std::string verdict(to_string(r.verdict.kind));
  const bool reachable = record_reachable(r);
  const bool open = reachable && r.verdict.kind == VerdictKind::open;
  d.next.verdict = verdict;
  d.next.reachable = reachable;
  d.next.data_bytes = r.data_bytes;
  if (previous) d.next.categories = previous->categories;
  // The probe answered but proved nothing: the service is there, and open or secured as it was.
  const bool keep_verdict = record_inconclusive(r) && previous && previous->reachable;
  if (keep_verdict) {
    d.next.verdict = previous->verdict;
    d.next.open_since_ms = previous->open_since_ms;
    if (!r.data_bytes) d.next.data_bytes = previous->data_bytes;
  }

  if (!previous || !previous->reachable) {
    if (reachable) {
      d.events.push_back(
          {"new_service", {{"verdict", verdict}, {"returning", previous.has_value()}}});
    }
  } else if (!reachable) {
    d.events.push_back({"service_gone", {{"outcome", std::string(to_string(r.outcome))}}});
  }

  const bool was_open = previous && previous->reachable && previous->verdict == "open";
  if (!keep_verdict) {
    if (open && !was_open) {
      d.events.push_back({"became_open", {{"reason", r.verdict.reason}}});
      d.next.open_since_ms = r.time_ms;
    } else if (open) {
      d.next.open_since_ms = previous->open_since_ms ? previous->open_since_ms : r.time_ms;
    } else if (was_open && reachable) {
      d.events.push_back({"became_secured", {{"verdict", verdict}, {"reason", r.verdict.reason}}});
    }
    if (!open) d.next.open_since_ms.reset();
  }

  if (previous && reachable) size_events(*previous, r, t, d.events);
  if (!reachable && previous) d.next.data_bytes = previous->data_bytes;

  for (const auto& c : record_categories(r)) {
    if (d.next.categories.insert(c).second) {
      d.new_categories.push_back(c);
      d.events.push_back({"new_category", {{"category", c}}});
      if (c == kCompromisedCategory) {
        d.events.push_back({"compromised", {{"note", r.compromise_note}}});
      }
    }
  }
  return d;
}

}  // namespace lw::catalog
