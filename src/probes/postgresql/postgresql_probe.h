#pragma once

#include <memory>
#include <string>
#include <vector>

#include "core/probe.h"

namespace lw::probes {

// PostgreSQL: startup as the default superuser `postgres` with no password; AuthenticationOk
// (trust) then read-only catalog queries and a bounded row sample of the tables the sampler
// chose. The probe of the default database lists the others; each of them is read by a
// follow-up on its own connection (at most kMaxFollowUps), and fold() merges what they read.
// See README.md.
class PostgresqlProbe final : public Probe {
 public:
  PostgresqlProbe();
  explicit PostgresqlProbe(std::string database);
  const ProbeInfo& info() const noexcept override;
  std::optional<Exchange> next(const ProbeOptions&, const Transcript&) const override;
  Framing frame(const Exchange&, std::string_view reply) const override;
  Result<Observation> parse(const Transcript&) const override;
  Verdict judge(const Observation&) const override;
  std::vector<std::unique_ptr<Probe>> follow_ups(const Observation&,
                                                 const ProbeOptions&) const override;
  Observation fold(Observation main, std::span<const Result<Observation>>) const override;

 private:
  std::string database_;
};

}  // namespace lw::probes
