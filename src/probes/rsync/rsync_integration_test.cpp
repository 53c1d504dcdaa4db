// Integration: a real rsync daemon (Debian rsync) started by this test on 127.0.3.126:8873 with
// an open module and an auth-users module; the module list (RsyncProbe) and each module's
// dialogue (RsyncModuleProbe, its own connection) over TCP.
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>

#include "probes/common/integration_support.h"
#include "probes/rsync/rsync_probe.h"

namespace lw::probes {
namespace {

// `deployed`: the module holds the lab's deployment-like tree (lab/services/data/
// deployed_files.py tree: 1,003 files in about 100 folders; SSNs in hr/personnel/2023/, cards in
// finance/archive/, SF-86 text in incoming/scan/old/).
integration::Server start_rsyncd(const std::string& ip, bool deployed = false) {
  auto s = integration::make_dir("lw-rsyncd-");
  integration::write_file(s.path("backups/README.txt"), "LAB FAKE DATA\n");
  if (deployed) {
    const std::string cmd = "python3 '" + std::string(LW_SOURCE_DIR) +
                            "/lab/services/data/deployed_files.py' tree '" + s.path("backups") +
                            "'";
    EXPECT_EQ(std::system(cmd.c_str()), 0);
  } else {
    integration::write_file(s.path("backups/sub/customers.csv"),
                            "name,ssn\nTest Person,078-05-1120\n");
  }
  integration::write_file(s.path("private/secret.txt"), "LAB FAKE DATA\n");
  for (const auto& e : std::filesystem::recursive_directory_iterator(s.path("backups"))) {
    if (e.is_directory()) ::chmod(e.path().c_str(), 0755);
  }
  for (const auto& d : {s.path("backups"), s.path("private")}) ::chmod(d.c_str(), 0755);
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

TEST(RsyncIntegration, DeploymentTreeModuleNamesItsSensitiveFiles) {
  auto server = start_rsyncd("127.0.3.125", true);
  ASSERT_TRUE(server.ready);
  RsyncModuleProbe module("backups");
  const auto r = integration::run(module, integration::options_for(8873), "127.0.3.125", 8873);
  EXPECT_EQ(r.verdict.kind, VerdictKind::open) << r.verdict.reason;
  EXPECT_EQ(r.verdict.evidence, EvidenceKind::access);  // the file list: names only
  const auto& md = r.observation.metadata;
  EXPECT_EQ(md["file_list_complete"], true);
  EXPECT_EQ(r.observation.record_count, 1004u);  // deployed_files.py's 1,003 and README.txt
  const std::string names = md["sensitive_names"].dump();
  EXPECT_NE(names.find("/hr/personnel/2023/staff_export.csv"), std::string::npos) << names;
  EXPECT_NE(names.find("/finance/archive/cards_q3.txt"), std::string::npos) << names;
  // The listing handed to the classifier puts the sensitive names first.
  ASSERT_FALSE(r.observation.samples.empty());
  const std::string& listing = r.observation.samples[0].data;
  EXPECT_LT(listing.find("staff_export.csv"), listing.find("/pub/releases/"));
  EXPECT_NE(md["sampling"].dump().find("backups: 0 of 1004 files sampled (names only"),
            std::string::npos)
      << md["sampling"].dump();
}

}  // namespace
}  // namespace lw::probes
