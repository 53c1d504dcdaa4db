#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

#include "catalog/monitor/monitor_store.h"

// The dashboard's overview figures, computed from incidents and per-asset metrics (pure; the
// route reads the stores). docs/api.md "GET /api/v1/overview".
namespace lw::api {

// Severities in the order the charts stack them; an incident without one counts as "none".
inline constexpr std::array<std::string_view, 5> kSeverities{"critical", "high", "medium", "low",
                                                             "none"};
using SeverityCounts = std::array<std::int64_t, kSeverities.size()>;

std::size_t severity_index(std::string_view severity);

// The smallest of a few round bucket widths that cuts `span_s` into at most 96 buckets.
std::int64_t bucket_seconds_for(std::int64_t span_s);

// When an incident's current exposure began and ended (nullopt: still open).
struct ExposureWindow {
  std::int64_t start_ms = 0;
  std::optional<std::int64_t> end_ms;
};
ExposureWindow exposure_window(const catalog::IncidentRow& r);

// Per bucket of [from_ms, to_ms): the exposures open at any time within it, by severity.
std::vector<SeverityCounts> open_over_time(const std::vector<catalog::IncidentRow>& incidents,
                                           std::int64_t from_ms, std::int64_t to_ms,
                                           std::int64_t bucket_ms);

// Means over every asset, weighted by each asset's count (MTTD by exposures, MTTR by the
// remediated ones); nullopt when there is nothing to average.
struct MeanTimes {
  std::optional<double> mttd_s;
  std::optional<double> mttr_s;
};
MeanTimes overall_means(const std::vector<catalog::AssetMetrics>& per_asset);

}  // namespace lw::api
