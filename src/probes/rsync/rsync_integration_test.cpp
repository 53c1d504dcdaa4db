// Integration: a real rsync daemon (Debian rsync) started by this test on 127.0.3.126:8873 (and
// 127.0.3.125:8873) with an open module and an auth-users module; the module list (RsyncProbe)
// and each module's dialogue (RsyncModuleProbe, its own connection: file list, then the chosen
// files read whole through the transfer protocol) over TCP.
#include <gtest/gtest.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <sstream>

#include "probes/common/integration_support.h"
#include "probes/common/test_support.h"
#include "probes/rsync/rsync_probe.h"
#include "probes/rsync/rsync_protocol.h"
#include "probes/rsync/rsync_transfer.h"

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
    // A folder the daemon (uid nobody) cannot read: it names the error and the list goes on.
    integration::write_file(s.path("backups/locked/inside.txt"), "LAB FAKE DATA\n");
  }
  integration::write_file(s.path("private/secret.txt"), "LAB FAKE DATA\n");
  for (const auto& e : std::filesystem::recursive_directory_iterator(s.path("backups"))) {
    if (e.is_directory()) ::chmod(e.path().c_str(), 0755);
  }
  for (const auto& d : {s.path("backups"), s.path("private")}) ::chmod(d.c_str(), 0755);
  if (!deployed) ::chmod(s.path("backups/locked").c_str(), 0700);
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

std::string sample_named(const Observation& obs, std::string_view source) {
  for (const auto& s : obs.samples) {
    if (s.source == source) return s.data;
  }
  return "(no sample " + std::string(source) + ")";
}

// The names of a module as the real rsync client lists them (`--list-only`, protocol 29: the
// sorted file list, whose positions are the indices a receiver asks for). Bounded output.
std::vector<std::string> rsync_client_order(const std::string& url) {
  std::vector<std::string> names;
  const std::string cmd = "rsync --protocol=29 -r --list-only '" + url + "' 2>/dev/null";
  FILE* p = ::popen(cmd.c_str(), "r");
  if (p == nullptr) return names;
  char line[8192];
  while (names.size() < 20'000 && std::fgets(line, sizeof line, p) != nullptr) {
    std::istringstream in(line);
    std::string perms, size, date, time, name;
    if (in >> perms >> size >> date >> time >> name) names.push_back(name);
  }
  ::pclose(p);
  return names;
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
  EXPECT_EQ(open.verdict.evidence, EvidenceKind::read);
  EXPECT_EQ(open.verdict.proof, "file data (module backups: /README.txt)");
  EXPECT_EQ(open.observation.record_count, 2u);  // the locked folder's file is not listed
  EXPECT_NE(open.observation.metadata.value("server_errors", "").find("opendir"), std::string::npos)
      << open.observation.metadata.dump();
  EXPECT_EQ(sample_named(open.observation, "rsync backups:/sub/customers.csv"),
            "name,ssn\nTest Person,078-05-1120\n");
  EXPECT_EQ(sample_named(open.observation, "rsync backups:/README.txt"), "LAB FAKE DATA\n");
  // The transfer ended cleanly: the sender's three phase ends and statistics were read.
  ASSERT_EQ(open.transcript.size(), 5u);
  EXPECT_EQ(open.transcript[4].end, ReplyEnd::complete);

  RsyncModuleProbe locked("private");
  const auto auth = integration::run(locked, options, "127.0.3.126", 8873);
  EXPECT_EQ(auth.verdict.kind, VerdictKind::auth_required) << auth.verdict.reason;
  EXPECT_EQ(auth.transcript.size(), 2u);  // nothing past the refused module
}

TEST(RsyncIntegration, DeploymentTreeModuleReadsItsSensitiveFiles) {
  auto server = start_rsyncd("127.0.3.125", true);
  ASSERT_TRUE(server.ready);
  RsyncModuleProbe module("backups");
  const auto r = integration::run(module, integration::options_for(8873), "127.0.3.125", 8873);
  EXPECT_EQ(r.verdict.kind, VerdictKind::open) << r.verdict.reason;
  EXPECT_EQ(r.verdict.evidence, EvidenceKind::read);
  const auto& md = r.observation.metadata;
  EXPECT_EQ(md["file_list_complete"], true);
  EXPECT_EQ(r.observation.record_count, 1004u);  // deployed_files.py's 1,003 and README.txt
  const std::string names = md["sensitive_names"].dump();
  EXPECT_NE(names.find("/hr/personnel/2023/staff_export.csv"), std::string::npos) << names;
  // The planted files, among 1,004, are read whole: byte for byte what the daemon serves.
  for (const char* path : {"/hr/personnel/2023/staff_export.csv", "/finance/archive/cards_q3.txt",
                           "/incoming/scan/old/doc_0419.txt"}) {
    EXPECT_EQ(sample_named(r.observation, std::string("rsync backups:") + path),
              testing::read_file(server.path(std::string("backups") + path)))
        << path;
  }
  // The SF-86 text sits in the 53rd folder of the sampler's plan: within the module's 64 reads.
  EXPECT_NE(md["sampling"].dump().find("backups: 64 of 1004 files sampled"), std::string::npos)
      << md["sampling"].dump();
  EXPECT_EQ(r.verdict.proof, "file data (module backups: /hr/personnel/2023/staff_export.csv)");
  // The sorted order that gives each file its index is the real client's.
  const Turn* list = nullptr;
  for (const auto& turn : r.transcript) {
    if (turn.exchange.label == "file list") list = &turn;
  }
  ASSERT_NE(list, nullptr);
  auto d = rsync::demux(list->reply);
  ASSERT_TRUE(d);
  auto fl = rsync::parse_file_list(d->data);
  ASSERT_TRUE(fl);
  std::vector<std::string> ours;
  for (const std::size_t i : rsync::wire_order(fl->entries)) ours.push_back(fl->entries[i].name);
  EXPECT_EQ(ours, rsync_client_order("rsync://127.0.3.125:8873/backups/"));
}

}  // namespace
}  // namespace lw::probes
