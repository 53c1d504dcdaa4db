#pragma once

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
constexpr std::size_t kMaxSampledDbs = 3;
// Database names of an _all_dbs body; Error when it is not an array of strings.
Result<std::vector<std::string>> parse_all_dbs(std::string_view body);
// The user databases to sample (system databases, "_" first, skipped).
std::vector<std::string> dbs_to_sample(const std::vector<std::string>& dbs, std::size_t max);
std::string all_docs_path(std::string_view db, std::uint32_t limit);
}  // namespace couchdb

}  // namespace lw::probes
