#pragma once

#include <string>
#include <string_view>

#include "core/probe.h"

namespace lw::probes {

// rsync daemon (port 873): the greeting and the module list ("#list"). Module names are shown
// to anyone, so this is identity evidence only. The daemon closes the connection after the
// list, so reading a module takes a second connection: RsyncModuleProbe. See README.md.
class RsyncProbe final : public Probe {
 public:
  const ProbeInfo& info() const noexcept override;
  std::optional<Exchange> next(const ProbeOptions&, const Transcript&) const override;
  Framing frame(const Exchange&, std::string_view reply) const override;
  bool recognizes_banner(std::string_view banner) const override;
  Result<Observation> parse(const Transcript&) const override;
  Verdict judge(const Observation&) const override;
  // One RsyncModuleProbe per listed module (at most kMaxFollowUps), each on its own connection.
  std::vector<std::unique_ptr<Probe>> follow_ups(const Observation&,
                                                 const ProbeOptions&) const override;
  // open if any module's files were listed; auth_required if every module examined demanded
  // credentials; per-module results in metadata "module_results".
  Observation fold(Observation main, std::span<const Result<Observation>>) const override;
};

// One module of an rsync daemon, on its own connection: selects the module (no credentials
// are ever sent: an AUTHREQD challenge is left unanswered = auth_required), asks for the
// recursive file list as a sender (protocol 29), then reads the files the shared sampler
// chooses, whole, as a receiver without basis files (rsync_transfer.h). `open` = "@RSYNCD: OK"
// and a well-formed file list; `read` once file data came back. Not in the registry: the
// engine runs one per module the RsyncProbe listed (bounded), see README.md. `sharing`: how
// many modules share the scan's sample budget (each reads at most its share).
class RsyncModuleProbe final : public Probe {
 public:
  explicit RsyncModuleProbe(std::string module, std::size_t sharing = 1);
  const ProbeInfo& info() const noexcept override;
  std::optional<Exchange> next(const ProbeOptions&, const Transcript&) const override;
  Framing frame(const Exchange&, std::string_view reply) const override;
  bool recognizes_banner(std::string_view banner) const override;
  Result<Observation> parse(const Transcript&) const override;
  Verdict judge(const Observation&) const override;

 private:
  std::string module_;
  std::size_t sharing_ = 1;
};

}  // namespace lw::probes
