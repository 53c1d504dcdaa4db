// Integration: a real Exim (Debian exim4-daemon-light) started by this test on
// 127.0.3.127:2525 (relaying denied); the probe's greeting + EHLO dialogue over TCP.
#include <gtest/gtest.h>
#include <pwd.h>
#include <unistd.h>

#include "probes/common/integration_support.h"
#include "probes/smtp/smtp_probe.h"

namespace lw::probes {
namespace {

TEST(SmtpIntegration, EximIsIdentifiedNeverOpen) {
  auto s = integration::make_dir("lw-exim-");
  std::filesystem::create_directories(s.path("spool"));
  std::filesystem::create_directories(s.path("log"));
  // Exim writes its spool and logs as its own user (Debian: Debian-exim).
  if (const passwd* pw = ::getpwnam("Debian-exim")) {
    for (const auto& d : {s.path("spool"), s.path("log")})
      (void)::chown(d.c_str(), pw->pw_uid, pw->pw_gid);
  }
  const std::string conf = s.path("exim.conf");
  integration::write_file(conf,
                          "primary_hostname = mail.lab.invalid\ndaemon_smtp_ports = 2525\n"
                          "local_interfaces = 127.0.3.127\nspool_directory = " +
                              s.path("spool") + "\nlog_file_path = " + s.path("log") +
                              "/%slog\npid_file_path = " + s.path("exim.pid") +
                              "\nacl_smtp_rcpt = acl_check_rcpt\nbegin acl\nacl_check_rcpt:\n"
                              "  deny message = relay not permitted (test)\n");
  integration::start(s, {"exim4", "-C", conf, "-bdf"}, "127.0.3.127", 2525);
  ASSERT_TRUE(s.ready);
  SmtpProbe probe;
  const auto r = integration::run(probe, integration::options_for(2525), "127.0.3.127", 2525);
  EXPECT_EQ(r.verdict.kind, VerdictKind::unknown) << r.verdict.reason;
  EXPECT_EQ(r.verdict.evidence, EvidenceKind::identity);
  EXPECT_EQ(r.observation.product, "exim");
  EXPECT_FALSE(r.observation.version.empty());
  EXPECT_EQ(r.observation.metadata["host_name"], "mail.lab.invalid");
}

}  // namespace
}  // namespace lw::probes
