#include <algorithm>

#include "probes/common/http_dialogue.h"
#include "probes/common/sampler.h"
#include "probes/elasticsearch/elasticsearch_probe.h"

namespace lw::probes::elasticsearch {

Result<std::vector<IndexInfo>> parse_cat_indices(std::string_view body) {
  auto parsed = json::parse_bounded(body, {.max_bytes = 8 * 1024 * 1024, .max_depth = 8});
  if (!parsed) return tl::unexpected(parsed.error());
  if (!parsed->is_array()) {
    return fail(ErrorCode::parse_error, "_cat/indices did not answer a JSON array", "body");
  }
  std::vector<IndexInfo> out;
  for (const auto& row : *parsed) {
    const std::string name = json::string_at(row, "index");
    if (name.empty()) {
      return fail(ErrorCode::parse_error, "_cat/indices row without an index name",
                  "row " + std::to_string(out.size()));
    }
    IndexInfo info;
    info.name = name.substr(0, 255);
    info.docs = json::uint_at(row, "docs.count").value_or(0);
    info.bytes = json::uint_at(row, "store.size").value_or(0);
    info.health = json::string_at(row, "health").substr(0, 16);
    out.push_back(std::move(info));
  }
  std::stable_sort(out.begin(), out.end(), [](const IndexInfo& a, const IndexInfo& b) {
    return a.bytes != b.bytes ? a.bytes > b.bytes : a.docs > b.docs;
  });
  return out;
}

IndexPlan plan_indices(const std::vector<IndexInfo>& indices, std::size_t max_indices) {
  IndexPlan plan;
  for (const auto& index : indices) {
    if (index.name.empty() || index.name.front() == '.') {
      ++plan.system_indices;
    } else if (index.docs == 0) {
      ++plan.empty_indices;
    } else {
      plan.data_names.push_back(index.name);
    }
  }
  plan.data_indices = plan.data_names.size();
  const SamplePlan chosen = plan_sample(std::span<const std::string>(plan.data_names), max_indices);
  for (const std::size_t i : chosen.order) plan.read.push_back(plan.data_names[i]);
  return plan;
}

std::uint32_t docs_per_index(std::uint32_t max_records, std::size_t planned) {
  const auto n = max_records / static_cast<std::uint32_t>(
                                   std::max<std::size_t>(1, std::min(planned, kMaxSampledIndices)));
  return std::clamp<std::uint32_t>(n, 1, kMaxDocsPerIndex);
}

std::string search_path(std::string_view index, std::uint32_t size) {
  const std::string n = std::to_string(size);
  return "/" + http::url_encode(index) + "/_search?size=" + n + "&q=*&terminate_after=" + n;
}

}  // namespace lw::probes::elasticsearch
