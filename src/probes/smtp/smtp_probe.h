#pragma once

#include <string>
#include <string_view>

#include "core/probe.h"

namespace lw::probes {

// SMTP: the greeting and EHLO. Identity only: product, version, host name and extensions
// (STARTTLS, AUTH mechanisms, SIZE). No mail is sent or read; the verdict is never `open`.
// See README.md.
class SmtpProbe final : public Probe {
 public:
  const ProbeInfo& info() const noexcept override;
  std::optional<Exchange> next(const ProbeOptions&, const Transcript&) const override;
  Framing frame(const Exchange&, std::string_view reply) const override;
  bool recognizes_banner(std::string_view banner) const override;
  Result<Observation> parse(const Transcript&) const override;
  Verdict judge(const Observation&) const override;
};

namespace smtp {
struct ProductVersion {
  std::string product;
  std::string version;
};
// "mail.example ESMTP Exim 4.96 ..." -> exim 4.96; Postfix, Sendmail, OpenSMTPD, Exchange.
ProductVersion product_from_greeting(std::string_view greeting);
}  // namespace smtp

}  // namespace lw::probes
