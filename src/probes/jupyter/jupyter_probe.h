#pragma once

#include <string>
#include <vector>

#include "core/probe.h"

namespace lw::probes {

// Jupyter Notebook / Jupyter Server REST API (8888): GET /api (version), GET /api/contents (the
// notebook folder, without a token), then GET /api/contents/<file> for a few small files.
class JupyterProbe final : public Probe {
 public:
  const ProbeInfo& info() const noexcept override;
  std::optional<Exchange> next(const ProbeOptions&, const Transcript&) const override;
  Framing frame(const Exchange&, std::string_view reply) const override;
  Result<Observation> parse(const Transcript&) const override;
  Verdict judge(const Observation&) const override;
};

namespace jupyter {
constexpr std::string_view kApiLabel = "GET /api";
constexpr std::string_view kContentsLabel = "GET /api/contents";
constexpr std::size_t kMaxFiles = 3;
constexpr std::uint64_t kMaxFileSize = 256 * 1024;
struct Entry {
  std::string path;
  std::string type;  // file, notebook, directory
  std::uint64_t size = 0;
};
// The entries of a directory model ({"type":"directory","content":[...]}); Error otherwise.
Result<std::vector<Entry>> parse_listing(std::string_view body);
std::vector<Entry> files_to_read(const std::vector<Entry>& entries, std::size_t max);
std::string contents_path(std::string_view path);
}  // namespace jupyter

}  // namespace lw::probes
