#pragma once

#include <string>
#include <utility>
#include <vector>

#include "core/probe.h"

namespace lw::probes {

// InfluxDB 1.x over HTTP (8086): GET /ping (version headers), GET /query with SHOW DATABASES,
// SHOW MEASUREMENTS on a few databases, then SELECT * ... LIMIT N from a few measurements. All
// are GET /query requests, which InfluxDB only accepts for read statements (SELECT and SHOW).
class InfluxdbProbe final : public Probe {
 public:
  const ProbeInfo& info() const noexcept override;
  std::optional<Exchange> next(const ProbeOptions&, const Transcript&) const override;
  Framing frame(const Exchange&, std::string_view reply) const override;
  Result<Observation> parse(const Transcript&) const override;
  Verdict judge(const Observation&) const override;
};

namespace influxdb {
constexpr std::string_view kPingLabel = "GET /ping";
constexpr std::string_view kDatabasesLabel = "SHOW DATABASES";
constexpr std::size_t kMaxDatabases = 2;
constexpr std::size_t kMaxMeasurements = 3;

// The first series of a /query reply: its column names and rows. Error when not that shape.
struct Series {
  std::string name;
  std::vector<std::string> columns;
  std::vector<nlohmann::json> values;  // each an array, one per row
};
Result<std::vector<Series>> parse_query(std::string_view body);
// Values of the first column of the first series ("name" of SHOW DATABASES / MEASUREMENTS).
std::vector<std::string> first_column(const std::vector<Series>& series, std::size_t max);
std::string quote_identifier(std::string_view name);
}  // namespace influxdb

}  // namespace lw::probes
