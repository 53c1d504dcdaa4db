#pragma once

#include <cstdint>
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
// Only the columns the probe reads (h=): a cluster of thousands of indices answers a fraction of
// the default row (no uuid, pri, rep, docs.deleted, pri.store.size, status).
constexpr std::string_view kCatPath =
    "/_cat/indices?format=json&bytes=b&h=index,health,docs.count,store.size";
constexpr std::string_view kCatLabel = "GET /_cat/indices";
// Indices read per service (chosen by the shared sampler) and documents per index.
constexpr std::size_t kMaxSampledIndices = 12;
constexpr std::uint32_t kMaxDocsPerIndex = 50;

struct IndexInfo {
  std::string name;
  std::uint64_t docs = 0;
  std::uint64_t bytes = 0;
  std::string health;
};

// The indices of a _cat/indices?format=json&bytes=b body, largest first. Error when the body
// is not that shape.
Result<std::vector<IndexInfo>> parse_cat_indices(std::string_view body);

// Which indices to read. Every non-system index (a name not starting with '.') that holds
// documents is a candidate; the shared sampler (probes/common/sampler.h) chooses: sensitive
// names first (ransom-note names such as read_me too), then one of every name group (the 30
// daily `logs-nginx-2026.11.*` indices are one group) before a second of any, largest first.
struct IndexPlan {
  std::vector<std::string> read;  // in read order, <= max_indices
  std::size_t data_indices = 0;   // non-system indices holding documents
  std::size_t system_indices = 0;
  std::size_t empty_indices = 0;
  std::vector<std::string> data_names;  // the candidates, for metadata["sensitive_names"]
};
IndexPlan plan_indices(const std::vector<IndexInfo>& indices, std::size_t max_indices);

// Documents asked per index: the record budget shared over the planned indices, 1..50.
std::uint32_t docs_per_index(std::uint32_t max_records, std::size_t planned);

// "/<index>/_search?size=N&q=*&terminate_after=N".
std::string search_path(std::string_view index, std::uint32_t size);

}  // namespace elasticsearch
}  // namespace lw::probes
