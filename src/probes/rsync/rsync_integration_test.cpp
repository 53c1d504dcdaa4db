// Integration: a real rsync daemon (Debian rsync) started by this test on 127.0.3.126:8873 with
// an open module and an auth-users module; the module list (RsyncProbe) and each module's
// dialogue (RsyncModuleProbe, its own connection) over TCP.
#include <gtest/gtest.h>

#include "probes/common/integration_support.h"
#include "probes/rsync/rsync_probe.h"

namespace lw::probes {
namespace {

integration::Server start_rsyncd(const std::string& ip) {
  auto s = integration::make_dir("lw-rsyncd-");
  integration::write_file(s.path("backups/README.txt"), "LAB FAKE DATA\n");
  integration::write_file(s.path("backups/sub/customers.csv"),
                          "name,ssn\nTest Person,078-05-1120\n");
  integration::write_file(s.path("private/secret.txt"), "LAB FAKE DATA\n");
  for (const auto& d : {s.path("backups"), s.path("backups/sub"), s.path("private")}) {
    ::chmod(d.c_str(), 0755);
  }
  integration::write_file(s.path("secrets"), "alice:lab-rsync-password-not-real\n", 0600);
  const std::string conf = s.path("rsyncd.conf");
  integration::write_file(
      conf, "address = " + ip +
                "\nport = 8873\nuse chroot = no\nuid = nobody\ngid = nogroup\n"
                "[backups]\n  path = " +
                s.path("backups") +
                "\n  read only = yes\n[private]\n  path = " + s.path("private") +
                "\n  auth users = alice\n  secrets file = " + s.path("secrets") + "\n");
  integration::start(s, {"rsync", "--daemon", "--no-detach", "--config=" + conf}, ip, 8873);
  return s;
}

TEST(RsyncIntegration, ModuleListThenEachModule) {
  auto server = start_rsyncd("127.0.3.126");
  ASSERT_TRUE(server.ready);
  const auto options = integration::options_for(8873);
  RsyncProbe list_probe;
  const auto list = integration::run(list_probe, options, "127.0.3.126", 8873);
  EXPECT_EQ(list.verdict.kind, VerdictKind::unknown);  // names only: identity
  EXPECT_EQ(list.observation.product, "rsync");
  ASSERT_EQ(list.observation.metadata["modules"].size(), 2u);

  RsyncModuleProbe open_module("backups");
  const auto open = integration::run(open_module, options, "127.0.3.126", 8873);
  EXPECT_EQ(open.verdict.kind, VerdictKind::open) << open.verdict.reason;
  EXPECT_EQ(open.observation.record_count, 2u);

  RsyncModuleProbe locked("private");
  const auto auth = integration::run(locked, options, "127.0.3.126", 8873);
  EXPECT_EQ(auth.verdict.kind, VerdictKind::auth_required) << auth.verdict.reason;
}

}  // namespace
}  // namespace lw::probes
