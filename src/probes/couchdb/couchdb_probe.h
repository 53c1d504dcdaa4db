#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/probe.h"

namespace lw::probes {

// CouchDB (and CouchDB-API servers such as PouchDB Server): GET / (welcome, version, vendor),
// GET /_all_dbs, then GET /<db>/_all_docs?limit=N&include_docs=true on a few databases.
class CouchdbProbe final : public Probe {
 public:
  const ProbeInfo& info() const noexcept override;
  std::optional<Exchange> next(const ProbeOptions&, const Transcript&) const override;
  Framing frame(const Exchange&, std::string_view reply) const override;
  Result<Observation> parse(const Transcript&) const override;
  Verdict judge(const Observation&) const override;
};

namespace couchdb {
constexpr std::string_view kRootLabel = "GET /";
constexpr std::string_view kAllDbsLabel = "GET /_all_dbs";
// Databases read per service (chosen by the shared sampler) and documents per database.
constexpr std::size_t kMaxSampledDbs = 12;
constexpr std::uint32_t kMaxDocsPerDb = 50;
// Database names of an _all_dbs body; Error when it is not an array of strings.
Result<std::vector<std::string>> parse_all_dbs(std::string_view body);
// Which databases to read: every user database (system databases start with '_') is a
// candidate; the shared sampler (probes/common/sampler.h) chooses sensitive names first, then one
// of every name group (`orders_2026_01`..`orders_2026_12` are one group) before a second of any.
struct DbPlan {
  std::vector<std::string> read;  // in read order, <= max
  std::vector<std::string> user_dbs;
  std::size_t system_dbs = 0;
};
DbPlan plan_dbs(const std::vector<std::string>& dbs, std::size_t max);
// Documents asked per database: the record budget shared over the planned databases, 1..50.
std::uint32_t docs_per_db(std::uint32_t max_records, std::size_t planned);
std::string all_docs_path(std::string_view db, std::uint32_t limit);
}  // namespace couchdb

}  // namespace lw::probes
