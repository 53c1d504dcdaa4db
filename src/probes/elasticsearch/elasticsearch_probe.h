#pragma once

#include <string>
#include <vector>

#include "core/probe.h"

namespace lw::probes {

// Elasticsearch and OpenSearch over their REST API: GET / (identity), GET /_cat/indices
// (index names, document counts, sizes), then a bounded GET _search on the largest indices.
class ElasticsearchProbe final : public Probe {
 public:
  const ProbeInfo& info() const noexcept override;
  std::optional<Exchange> next(const ProbeOptions&, const Transcript&) const override;
  Framing frame(const Exchange&, std::string_view reply) const override;
  Result<Observation> parse(const Transcript&) const override;
  Verdict judge(const Observation&) const override;
};

namespace elasticsearch {

constexpr std::string_view kRootLabel = "GET /";
constexpr std::string_view kCatPath = "/_cat/indices?format=json&bytes=b";
constexpr std::string_view kCatLabel = "GET /_cat/indices";
constexpr std::size_t kMaxSampledIndices = 3;

struct IndexInfo {
  std::string name;
  std::uint64_t docs = 0;
  std::uint64_t bytes = 0;
  std::string health;
};

// The indices of a _cat/indices?format=json&bytes=b body, largest first. Error when the body
// is not that shape.
Result<std::vector<IndexInfo>> parse_cat_indices(std::string_view body);

// Which indices to sample: the largest non-system indices that hold documents.
std::vector<std::string> indices_to_sample(const std::vector<IndexInfo>& indices,
                                           std::size_t max_indices);

// "/<index>/_search?size=N&q=*&terminate_after=N".
std::string search_path(std::string_view index, std::uint32_t size);

}  // namespace elasticsearch
}  // namespace lw::probes
