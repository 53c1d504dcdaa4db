#include "api/overview.h"

#include <algorithm>

namespace lw::api {

std::size_t severity_index(std::string_view severity) {
  for (std::size_t i = 0; i + 1 < kSeverities.size(); ++i) {
    if (kSeverities[i] == severity) return i;
  }
  return kSeverities.size() - 1;
}

std::int64_t bucket_seconds_for(std::int64_t span_s) {
  constexpr std::int64_t kMaxBuckets = 96;
  for (std::int64_t width : {300, 900, 1800, 3600, 7200, 10800, 21600, 43200, 86400}) {
    if (span_s <= width * kMaxBuckets) return width;
  }
  return 86400 * ((span_s + 86400 * kMaxBuckets - 1) / (86400 * kMaxBuckets));
}

ExposureWindow exposure_window(const catalog::IncidentRow& r) {
  ExposureWindow w{r.exposed_since_ms > 0 ? r.exposed_since_ms : r.opened_ms, std::nullopt};
  if (r.state == "remediated" && r.remediated_ms) {
    w.end_ms = *r.remediated_ms;
  } else if (r.state == "closed") {
    // Closed by hand: the exposure ended when it was remediated, if it was, else at the close.
    w.end_ms = r.remediated_ms && *r.remediated_ms >= w.start_ms ? r.remediated_ms : r.closed_ms;
    if (!w.end_ms) w.end_ms = r.last_event_ms;
  }
  if (w.end_ms && *w.end_ms < w.start_ms) w.end_ms = w.start_ms;
  return w;
}

std::vector<SeverityCounts> open_over_time(const std::vector<catalog::IncidentRow>& incidents,
                                           std::int64_t from_ms, std::int64_t to_ms,
                                           std::int64_t bucket_ms) {
  std::vector<SeverityCounts> out;
  if (bucket_ms <= 0 || to_ms <= from_ms) return out;
  const auto buckets = static_cast<std::size_t>((to_ms - from_ms + bucket_ms - 1) / bucket_ms);
  out.assign(buckets, SeverityCounts{});
  for (const auto& r : incidents) {
    const auto w = exposure_window(r);
    const auto end = w.end_ms.value_or(to_ms);
    if (end < from_ms || w.start_ms >= to_ms) continue;
    const auto first =
        static_cast<std::size_t>(std::max<std::int64_t>(0, w.start_ms - from_ms) / bucket_ms);
    const auto last = std::min(
        buckets - 1, static_cast<std::size_t>((std::min(end, to_ms - 1) - from_ms) / bucket_ms));
    const auto sev = severity_index(r.severity);
    for (auto b = first; b <= last; ++b) ++out[b][sev];
  }
  return out;
}

MeanTimes overall_means(const std::vector<catalog::AssetMetrics>& per_asset) {
  double detect_sum = 0, repair_sum = 0;
  std::int64_t exposures = 0, remediated = 0;
  for (const auto& a : per_asset) {
    detect_sum += static_cast<double>(a.mttd_ms) * static_cast<double>(a.exposures);
    repair_sum += static_cast<double>(a.mttr_ms) * static_cast<double>(a.remediated);
    exposures += a.exposures;
    remediated += a.remediated;
  }
  MeanTimes m;
  if (exposures > 0) m.mttd_s = detect_sum / static_cast<double>(exposures) / 1000.0;
  if (remediated > 0) m.mttr_s = repair_sum / static_cast<double>(remediated) / 1000.0;
  return m;
}

}  // namespace lw::api
