#pragma once

#include <string>
#include <vector>

#include "core/probe.h"

namespace lw::probes {

// Hadoop WebHDFS REST API on the NameNode (9870; 50070 before Hadoop 3): GETFILESTATUS of /,
// then a bounded breadth-first walk with LISTSTATUS in the shared sampler's order
// (probes/common/file_tree.h), then OPEN (first 16 KiB) of the sampler's choice of files. A file
// served directly is read; the documented 307 to a DataNode is followed by a follow-up dialogue
// only to a port of the service's own address (a host name counts as the service's own host:
// the single-node assumption). See README.md.
class WebhdfsProbe final : public Probe {
 public:
  const ProbeInfo& info() const noexcept override;
  std::optional<Exchange> next(const ProbeOptions&, const Transcript&) const override;
  Framing frame(const Exchange&, std::string_view reply) const override;
  Result<Observation> parse(const Transcript&) const override;
  Verdict judge(const Observation&) const override;
  // A DataNode on another port of the service's own address, for the files OPEN redirected
  // there (webhdfs_datanode.h); their bytes folded in as samples.
  std::vector<std::unique_ptr<Probe>> follow_ups(const Observation&,
                                                 const ProbeOptions&) const override;
  Observation fold(Observation main, std::span<const Result<Observation>>) const override;
};

namespace webhdfs {
struct Entry {
  std::string name;
  std::string type;  // FILE, DIRECTORY, SYMLINK
  std::uint64_t length = 0;
  std::string owner;
};
// The entries of a LISTSTATUS body; Error when it is not {"FileStatuses":{"FileStatus":[...]}}.
Result<std::vector<Entry>> parse_list(std::string_view body);
// "/user/etl" -> "/webhdfs/v1/user/etl" (each component percent-encoded; "/" for the root).
std::string encode_path(std::string_view path);
std::string list_path(std::string_view dir);   // ...?op=LISTSTATUS
std::string open_path(std::string_view file);  // ...?op=OPEN&length=16384
}  // namespace webhdfs

}  // namespace lw::probes
