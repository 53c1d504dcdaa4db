#pragma once

#include <string>
#include <vector>

#include "core/probe.h"

namespace lw::probes {

// Hadoop WebHDFS REST API on the NameNode (9870; 50070 before Hadoop 3): GETFILESTATUS of /,
// LISTSTATUS of /, then LISTSTATUS of up to two sub-directories. Reading file content (op=OPEN)
// redirects to a DataNode on another host and port, so the probe lists, it does not open.
class WebhdfsProbe final : public Probe {
 public:
  const ProbeInfo& info() const noexcept override;
  std::optional<Exchange> next(const ProbeOptions&, const Transcript&) const override;
  Framing frame(const Exchange&, std::string_view reply) const override;
  Result<Observation> parse(const Transcript&) const override;
  Verdict judge(const Observation&) const override;
};

namespace webhdfs {
constexpr std::string_view kRootStatusLabel = "GET /webhdfs/v1/?op=GETFILESTATUS";
constexpr std::string_view kRootListLabel = "GET /webhdfs/v1/?op=LISTSTATUS";
constexpr std::size_t kMaxSubdirs = 2;
struct Entry {
  std::string name;
  std::string type;  // FILE, DIRECTORY, SYMLINK
  std::uint64_t length = 0;
  std::string owner;
};
// The entries of a LISTSTATUS body; Error when it is not {"FileStatuses":{"FileStatus":[...]}}.
Result<std::vector<Entry>> parse_list(std::string_view body);
std::string list_path(std::string_view dir);
}  // namespace webhdfs

}  // namespace lw::probes
