// Integration: real vsftpd (Debian package) processes started by this test on 127.0.3.116/117,
// anonymous on and off, the probe's whole dialogue over TCP (tests/fakes dialogue driver).
#include <gtest/gtest.h>

#include "probes/common/integration_support.h"
#include "probes/ftp/ftp_probe.h"

namespace lw::probes {
namespace {

using integration::Server;

Server start_vsftpd(const std::string& ip, bool anonymous) {
  Server s = integration::make_dir("lw-vsftpd-");
  const std::string root = s.path("root");
  integration::write_file(root + "/README.txt", "LAB FAKE DATA\n");
  integration::write_file(root + "/pub/customers.csv", "name,ssn\nTest Person,078-05-1120\n");
  integration::write_file(root + "/pub/reports/q3.txt", "fake report\n");
  std::filesystem::create_directories(s.path("empty"));
  for (const auto& d : {root, root + "/pub", root + "/pub/reports"}) ::chmod(d.c_str(), 0755);
  const std::string conf = s.path("vsftpd.conf");
  integration::write_file(conf,
                          "listen=YES\nlisten_ipv6=NO\nlisten_address=" + ip +
                              "\nlisten_port=2121\nbackground=NO\nanonymous_enable=" +
                              (anonymous ? "YES" : "NO") + "\nanon_root=" + root +
                              "\nno_anon_password=NO\nlocal_enable=" + (anonymous ? "NO" : "YES") +
                              "\nwrite_enable=NO\nsecure_chroot_dir=" + s.path("empty") +
                              "\nxferlog_enable=NO\ndirlist_enable=YES\nseccomp_sandbox=NO\n",
                          0600);
  integration::start(s, {"vsftpd", conf}, ip, 2121);
  return s;
}

TEST(FtpIntegration, AnonymousVsftpdIsOpen) {
  auto server = start_vsftpd("127.0.3.116", true);
  ASSERT_TRUE(server.ready);
  FtpProbe probe;
  const auto r = integration::run(probe, integration::options_for(2121), "127.0.3.116", 2121);
  EXPECT_EQ(r.verdict.kind, VerdictKind::open) << r.verdict.reason;
  EXPECT_EQ(r.observation.product, "vsftpd");
  EXPECT_FALSE(r.observation.version.empty());
  EXPECT_EQ(r.observation.record_count, 3u);
}

TEST(FtpIntegration, AnonymousOffIsAuthRequired) {
  auto server = start_vsftpd("127.0.3.117", false);
  ASSERT_TRUE(server.ready);
  FtpProbe probe;
  const auto r = integration::run(probe, integration::options_for(2121), "127.0.3.117", 2121);
  EXPECT_EQ(r.verdict.kind, VerdictKind::auth_required) << r.verdict.reason;
}

TEST(FtpIntegration, NoDefaultLoginsNeverLogsIn) {
  auto server = start_vsftpd("127.0.3.118", true);
  ASSERT_TRUE(server.ready);
  FtpProbe probe;
  auto options = integration::options_for(2121);
  options.default_logins = false;
  const auto r = integration::run(probe, options, "127.0.3.118", 2121);
  EXPECT_EQ(r.transcript.size(), 1u);
  EXPECT_NE(r.verdict.kind, VerdictKind::open);
}

}  // namespace
}  // namespace lw::probes
