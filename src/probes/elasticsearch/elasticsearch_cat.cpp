#include <algorithm>

#include "probes/common/http_dialogue.h"
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

std::vector<std::string> indices_to_sample(const std::vector<IndexInfo>& indices,
                                           std::size_t max_indices) {
  std::vector<std::string> out;
  for (const auto& index : indices) {
    if (out.size() >= max_indices) break;
    if (index.docs == 0 || index.name.empty() || index.name.front() == '.') continue;
    out.push_back(index.name);
  }
  return out;
}

std::string search_path(std::string_view index, std::uint32_t size) {
  const std::string n = std::to_string(size);
  return "/" + http::url_encode(index) + "/_search?size=" + n + "&q=*&terminate_after=" + n;
}

}  // namespace lw::probes::elasticsearch
