#pragma once

#include <string>
#include <utility>
#include <vector>

#include "core/probe.h"

namespace lw::probes {

// Chroma vector database REST API v1 (8000): GET /api/v1/heartbeat and /api/v1/version
// (identity), GET /api/v1/collections, then POST /api/v1/collections/<id>/get with a limit
// (documents and metadatas, no embeddings) on a few collections (get is Chroma's read call).
class ChromaProbe final : public Probe {
 public:
  const ProbeInfo& info() const noexcept override;
  std::optional<Exchange> next(const ProbeOptions&, const Transcript&) const override;
  Framing frame(const Exchange&, std::string_view reply) const override;
  Result<Observation> parse(const Transcript&) const override;
  Verdict judge(const Observation&) const override;
};

namespace chroma {
constexpr std::string_view kHeartbeatLabel = "GET /api/v1/heartbeat";
constexpr std::string_view kVersionLabel = "GET /api/v1/version";
constexpr std::string_view kCollectionsLabel = "GET /api/v1/collections";
constexpr std::size_t kMaxCollections = 3;
std::string get_label(std::string_view collection_name);
std::string get_body(std::uint32_t limit);
}  // namespace chroma

}  // namespace lw::probes
