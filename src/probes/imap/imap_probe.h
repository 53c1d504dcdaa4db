#pragma once

#include <string_view>

#include "core/probe.h"

namespace lw::probes {

// IMAP: greeting and CAPABILITY; a PREAUTH greeting, or (with default logins) an accepted
// AUTHENTICATE ANONYMOUS, then LIST, EXAMINE INBOX (read-only) and a bounded FETCH with
// BODY.PEEK of the first few messages. LOGINDISABLED / no ANONYMOUS = auth_required.
// See README.md.
class ImapProbe final : public Probe {
 public:
  const ProbeInfo& info() const noexcept override;
  std::optional<Exchange> next(const ProbeOptions&, const Transcript&) const override;
  Framing frame(const Exchange&, std::string_view reply) const override;
  bool recognizes_banner(std::string_view banner) const override;
  Result<Observation> parse(const Transcript&) const override;
  Verdict judge(const Observation&) const override;
};

}  // namespace lw::probes
