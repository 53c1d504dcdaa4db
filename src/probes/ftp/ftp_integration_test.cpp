// Integration: real vsftpd (Debian package) processes started by this test on 127.0.3.116/117,
// anonymous on and off, the probe's whole dialogue over TCP (tests/fakes dialogue driver).
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>

#include "probes/common/integration_support.h"
#include "probes/ftp/ftp_probe.h"

namespace lw::probes {
namespace {

using integration::Server;

// The lab's deployment-like tree (lab/services/data/deployed_files.py tree): 1,003 files in
// about 100 folders two to four levels down; SSNs in hr/personnel/2023/staff_export.csv, cards in
// finance/archive/cards_q3.txt, SF-86 text in incoming/scan/old/doc_0419.txt.
bool write_deployed_tree(const std::string& root) {
  const std::string cmd = "python3 '" + std::string(LW_SOURCE_DIR) +
                          "/lab/services/data/deployed_files.py' tree '" + root + "'";
  return std::system(cmd.c_str()) == 0;
}

Server start_vsftpd(const std::string& ip, bool anonymous, bool deployed = false) {
  Server s = integration::make_dir("lw-vsftpd-");
  const std::string root = s.path("root");
  integration::write_file(root + "/README.txt", "LAB FAKE DATA\n");
  if (deployed) {
    EXPECT_TRUE(write_deployed_tree(root));
  } else {
    integration::write_file(root + "/pub/customers.csv", "name,ssn\nTest Person,078-05-1120\n");
    integration::write_file(root + "/pub/reports/q3.txt", "fake report\n");
  }
  std::filesystem::create_directories(s.path("empty"));
  for (const auto& e : std::filesystem::recursive_directory_iterator(root)) {
    if (e.is_directory()) ::chmod(e.path().c_str(), 0755);
  }
  ::chmod(root.c_str(), 0755);
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

TEST(FtpIntegration, DeploymentTreeIsWalkedWithinItsCaps) {
  auto server = start_vsftpd("127.0.3.119", true, true);
  ASSERT_TRUE(server.ready);
  FtpProbe probe;
  const auto r = integration::run(probe, integration::options_for(2121), "127.0.3.119", 2121);
  EXPECT_EQ(r.verdict.kind, VerdictKind::open) << r.verdict.reason;
  // Files read over passive data connections (RETR): evidence read, proof the first RETR.
  EXPECT_EQ(r.verdict.evidence, EvidenceKind::read) << r.verdict.reason;
  EXPECT_EQ(r.verdict.proof.rfind("RETR /", 0), 0u) << r.verdict.proof;
  const auto& md = r.observation.metadata;
  // One control connection; 40 STAT listings (the cap) of the ~100 folders, the planted folders
  // among them although they are a minority: the sensitive-looking ones first, then by folder.
  EXPECT_EQ(md["directories_listed"], 40);
  std::vector<std::string> listed;
  for (const auto& turn : r.transcript) {
    if (!turn.exchange.subject.empty()) listed.push_back(turn.exchange.subject);
  }
  for (const char* dir : {"/hr/personnel/2023", "/finance/archive", "/incoming/scan/old"}) {
    EXPECT_NE(std::find(listed.begin(), listed.end(), dir), listed.end()) << dir;
  }
  const std::string names = md["sensitive_names"].dump();
  EXPECT_NE(names.find("/hr/personnel/2023/staff_export.csv"), std::string::npos) << names;
  EXPECT_NE(names.find("/finance/archive/cards_q3.txt"), std::string::npos) << names;
  const std::string sampling = md["sampling"].dump();
  EXPECT_NE(sampling.find("directories not listed: cap 40"), std::string::npos) << sampling;
  EXPECT_EQ(sampling.find("8 of "), 2u) << sampling;
  // The planted files are among the 8 read, although one of them has an ordinary name in a
  // folder of its own: the sensitive names first, then one file of each folder.
  const std::string read = md["files_read"].dump();
  EXPECT_EQ(md["files_read"].size(), 8u) << read;
  for (const char* file : {"/hr/personnel/2023/staff_export.csv", "/finance/archive/cards_q3.txt",
                           "/incoming/scan/old/doc_0419.txt"}) {
    EXPECT_NE(read.find(file), std::string::npos) << file << " not in " << read;
  }
  bool ssn_sample = false;
  for (const auto& sample : r.observation.samples) {
    if (sample.source == "file /hr/personnel/2023/staff_export.csv") {
      ssn_sample = sample.data.starts_with("name,ssn,title\n");
    }
  }
  EXPECT_TRUE(ssn_sample) << "the file's bytes are a sample";
  EXPECT_GT(r.observation.record_count.value_or(0), 100u);
  EXPECT_LT(r.observation.record_count.value_or(0), 1004u);
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
