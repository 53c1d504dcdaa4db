#pragma once

#include <string_view>

#include "core/probe.h"

namespace lw::probes {

// Anonymous FTP: banner, USER anonymous / PASS <e-mail> (only with default logins), then the
// tree listed over the control connection with STAT <dir> (bounded breadth and depth). File
// contents are not read: that needs a second (data) connection, which a sans-I/O probe cannot
// open. See README.md.
class FtpProbe final : public Probe {
 public:
  const ProbeInfo& info() const noexcept override;
  std::optional<Exchange> next(const ProbeOptions&, const Transcript&) const override;
  Framing frame(const Exchange&, std::string_view reply) const override;
  bool recognizes_banner(std::string_view banner) const override;
  Result<Observation> parse(const Transcript&) const override;
  Verdict judge(const Observation&) const override;
};

namespace ftp {
struct ProductVersion {
  std::string product;
  std::string version;
};
// "220 (vsFTPd 3.0.3)" -> vsftpd 3.0.3; ProFTPD, Pure-FTPd, FileZilla, Microsoft FTP Service.
ProductVersion product_from_banner(std::string_view banner_text);
}  // namespace ftp

}  // namespace lw::probes
