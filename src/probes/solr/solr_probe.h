#pragma once

#include <string>
#include <vector>

#include "core/probe.h"

namespace lw::probes {

// Apache Solr (8983): GET /solr/admin/info/system?wt=json (version), GET
// /solr/admin/cores?action=STATUS&wt=json (cores, document counts, sizes), then
// GET /solr/<core>/select?q=*:*&rows=N&wt=json on the largest cores.
class SolrProbe final : public Probe {
 public:
  const ProbeInfo& info() const noexcept override;
  std::optional<Exchange> next(const ProbeOptions&, const Transcript&) const override;
  Framing frame(const Exchange&, std::string_view reply) const override;
  Result<Observation> parse(const Transcript&) const override;
  Verdict judge(const Observation&) const override;
};

namespace solr {
constexpr std::string_view kSystemLabel = "GET /solr/admin/info/system";
constexpr std::string_view kCoresLabel = "GET /solr/admin/cores";
constexpr std::size_t kMaxSampledCores = 3;
struct Core {
  std::string name;
  std::uint64_t docs = 0;
  std::uint64_t bytes = 0;
};
// The cores of a cores?action=STATUS body, largest first; Error when not that shape.
Result<std::vector<Core>> parse_cores(std::string_view body);
std::string select_path(std::string_view core, std::uint32_t rows);
}  // namespace solr

}  // namespace lw::probes
