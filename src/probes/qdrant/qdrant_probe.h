#pragma once

#include <string>
#include <vector>

#include "core/probe.h"

namespace lw::probes {

// Qdrant vector database REST API (6333): GET / (title, version), GET /collections, then
// POST /collections/<name>/points/scroll with a limit, payloads and no vectors, on a few
// collections (scroll is Qdrant's read-only paging call).
class QdrantProbe final : public Probe {
 public:
  const ProbeInfo& info() const noexcept override;
  std::optional<Exchange> next(const ProbeOptions&, const Transcript&) const override;
  Framing frame(const Exchange&, std::string_view reply) const override;
  Result<Observation> parse(const Transcript&) const override;
  Verdict judge(const Observation&) const override;
};

namespace qdrant {
constexpr std::string_view kRootLabel = "GET /";
constexpr std::string_view kCollectionsLabel = "GET /collections";
constexpr std::size_t kMaxCollections = 3;
std::string scroll_label(std::string_view collection);
std::string scroll_body(std::uint32_t limit);
}  // namespace qdrant

}  // namespace lw::probes
