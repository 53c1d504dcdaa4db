#pragma once

#include "core/probe.h"

namespace lw::probes {

// MySQL and MariaDB: the server's greeting, then a login as `root` with an empty password (only
// when default logins are on), SHOW DATABASES, table sizes from information_schema and a
// bounded row sample. See README.md.
class MysqlProbe final : public Probe {
 public:
  const ProbeInfo& info() const noexcept override;
  std::optional<Exchange> next(const ProbeOptions&, const Transcript&) const override;
  Framing frame(const Exchange&, std::string_view reply) const override;
  bool recognizes_banner(std::string_view banner) const override;
  Result<Observation> parse(const Transcript&) const override;
  Verdict judge(const Observation&) const override;
};

}  // namespace lw::probes
