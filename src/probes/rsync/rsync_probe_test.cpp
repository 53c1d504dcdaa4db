// Unit and hardening tests for the rsync probes on dialogues recorded from the rsync 3.5.0
// daemon of Debian 12 (protocol 32), lab configuration (testdata/*.lwt carry provenance).
#include "probes/rsync/rsync_probe.h"

#include <gtest/gtest.h>

#include "probes/common/test_support.h"
#include "probes/rsync/rsync_protocol.h"

namespace lw::probes {
namespace {

Transcript recorded(const std::string& name) {
  return testing::recorded("rsync/testdata/" + name);
}

TEST(RsyncProtocol, GreetingAndModules) {
  const auto t = recorded("rsyncd_module_list.lwt");
  ASSERT_EQ(t.size(), 2u);
  auto g = rsync::parse_greeting(t[0].reply);
  ASSERT_TRUE(g);
  EXPECT_EQ(g->major, 32);
  EXPECT_EQ(g->digests, "sha512 sha256 sha1 md5 md4");
  const auto ml = rsync::parse_module_list(t[1].reply);
  EXPECT_TRUE(ml.ended);
  ASSERT_EQ(ml.modules.size(), 2u);
  EXPECT_EQ(ml.modules[0].name, "backups");
  EXPECT_EQ(ml.modules[1].name, "private");
}

TEST(RsyncProtocol, RecordedFileList) {
  const auto t = recorded("rsyncd_open_module.lwt");
  ASSERT_EQ(t.size(), 4u);
  auto d = rsync::demux(t[3].reply);
  ASSERT_TRUE(d);
  auto fl = rsync::parse_file_list(d->data);
  ASSERT_TRUE(fl) << fl.error().describe();
  EXPECT_TRUE(fl->complete);
  ASSERT_EQ(fl->entries.size(), 4u);
  EXPECT_EQ(fl->entries[1].name, "README.txt");
  EXPECT_EQ(fl->entries[1].size, 14u);
  EXPECT_TRUE(fl->entries[2].directory);
  EXPECT_EQ(fl->entries[3].name, "sub/customers.csv");  // shared-prefix name compression
}

TEST(RsyncProbe, ModuleListIsIdentityOnly) {
  RsyncProbe probe;
  const Transcript t = testing::run_dialogue(
      probe, ProbeOptions{}, testing::replay_by_label(recorded("rsyncd_module_list.lwt")));
  ASSERT_EQ(t.size(), 2u);
  auto obs = probe.parse(t);
  ASSERT_TRUE(obs);
  EXPECT_EQ(obs->product, "rsync");
  EXPECT_EQ(obs->metadata["modules"][0]["name"], "backups");
  const Verdict v = probe.judge(*obs);
  EXPECT_EQ(v.kind, VerdictKind::unknown);  // names a secured daemon shows to anyone
  EXPECT_EQ(v.evidence, EvidenceKind::identity);
}

// The engine's part, done by hand: one follow-up per listed module, then fold().
Observation listed_and_folded(const std::vector<std::string>& module_recordings) {
  RsyncProbe probe;
  auto listed = probe.parse(testing::run_dialogue(
      probe, ProbeOptions{}, testing::replay_by_label(recorded("rsyncd_module_list.lwt"))));
  EXPECT_TRUE(listed);
  const auto follow_ups = probe.follow_ups(*listed, ProbeOptions{});
  EXPECT_EQ(follow_ups.size(), 2u);  // backups, private
  const std::string listed_names[] = {"backups", "private"};
  std::vector<Result<Observation>> results;
  for (std::size_t i = 0; i < follow_ups.size() && i < module_recordings.size(); ++i) {
    // The daemon's AUTHREQD answer does not name the module: a refusal recorded for one module
    // stands for another once its exchange carries that module's label.
    Transcript replies = recorded(module_recordings[i]);
    for (auto& turn : replies) {
      if (turn.exchange.label.starts_with("module ")) {
        turn.exchange.label = "module " + listed_names[i];
      }
    }
    results.push_back(follow_ups[i]->parse(testing::run_dialogue(
        *follow_ups[i], ProbeOptions{}, testing::replay_by_label(std::move(replies)))));
  }
  return probe.fold(*listed, results);
}

TEST(RsyncProbe, OneReadableModuleMakesTheDaemonOpen) {
  const Observation obs = listed_and_folded({"rsyncd_open_module.lwt", "rsyncd_auth_module.lwt"});
  const Verdict v = RsyncProbe().judge(obs);
  EXPECT_EQ(v.kind, VerdictKind::open);
  EXPECT_EQ(v.evidence, EvidenceKind::access);  // names only: a file list, no file read
  EXPECT_EQ(v.proof, "file list (module backups)");
  EXPECT_EQ(obs.record_count, 2u);
  EXPECT_EQ(obs.data_bytes, 14u + 26u);
  ASSERT_EQ(obs.metadata["module_results"].size(), 2u);
  EXPECT_EQ(obs.metadata["module_results"][0]["verdict"], "open");
  EXPECT_EQ(obs.metadata["module_results"][1]["verdict"], "auth_required");
  EXPECT_FALSE(obs.samples.empty());
}

TEST(RsyncProbe, EveryModuleLockedIsAuthRequired) {
  const Observation obs = listed_and_folded({"rsyncd_auth_module.lwt", "rsyncd_auth_module.lwt"});
  EXPECT_EQ(RsyncProbe().judge(obs).kind, VerdictKind::auth_required);
  EXPECT_FALSE(obs.data_read);
}

TEST(RsyncProbe, AModuleThatCouldNotBeExaminedLeavesItUnknown) {
  RsyncProbe probe;
  auto listed = probe.parse(testing::run_dialogue(
      probe, ProbeOptions{}, testing::replay_by_label(recorded("rsyncd_module_list.lwt"))));
  ASSERT_TRUE(listed);
  RsyncModuleProbe locked("private");
  std::vector<Result<Observation>> results;
  results.push_back(tl::unexpected(Error{ErrorCode::io_error, "connection refused", ""}));
  results.push_back(locked.parse(testing::run_dialogue(
      locked, ProbeOptions{}, testing::replay_by_label(recorded("rsyncd_auth_module.lwt")))));
  const Observation obs = probe.fold(*listed, results);
  EXPECT_EQ(probe.judge(obs).kind, VerdictKind::unknown);
  EXPECT_TRUE(obs.metadata["module_results"][0].contains("error"));
}

TEST(RsyncProbe, FollowUpsAreCapped) {
  Observation obs;
  obs.identified = true;
  obs.metadata["modules"] = nlohmann::json::array();
  for (int i = 0; i < 50; ++i)
    obs.metadata["modules"].push_back({{"name", "m" + std::to_string(i)}});
  EXPECT_EQ(RsyncProbe().follow_ups(obs, ProbeOptions{}).size(), kMaxFollowUps);
  obs.identified = false;
  EXPECT_TRUE(RsyncProbe().follow_ups(obs, ProbeOptions{}).empty());
}

TEST(RsyncModuleProbe, OpenModuleIsOpen) {
  RsyncModuleProbe probe("backups");
  const Transcript t = testing::run_dialogue(
      probe, ProbeOptions{}, testing::replay_by_label(recorded("rsyncd_open_module.lwt")));
  ASSERT_EQ(t.size(), 4u);
  auto obs = probe.parse(t);
  ASSERT_TRUE(obs) << obs.error().describe();
  EXPECT_EQ(obs->record_count, 2u);
  EXPECT_EQ(obs->data_bytes, 14u + 26u);
  EXPECT_FALSE(obs->data_read);
  EXPECT_EQ(obs->metadata["sampling"][0].get<std::string>().rfind("backups: 0 of 2 files", 0), 0u)
      << obs->metadata["sampling"].dump();
  const Verdict v = probe.judge(*obs);
  EXPECT_EQ(v.kind, VerdictKind::open);
  EXPECT_EQ(v.evidence, EvidenceKind::access);  // names only: a file list, no file read
  EXPECT_EQ(v.proof, "file list");
}

TEST(RsyncModuleProbe, AuthModuleIsAuthRequiredAndNothingIsAnswered) {
  RsyncModuleProbe probe("private");
  const Transcript t = testing::run_dialogue(
      probe, ProbeOptions{}, testing::replay_by_label(recorded("rsyncd_auth_module.lwt")));
  ASSERT_EQ(t.size(), 2u);  // the challenge is never answered
  auto obs = probe.parse(t);
  ASSERT_TRUE(obs);
  EXPECT_EQ(probe.judge(*obs).kind, VerdictKind::auth_required);
}

TEST(RsyncModuleProbe, HostileModuleNamesAreNeverSent) {
  for (const std::string& bad :
       std::vector<std::string>{"a\nb", "../etc", "", std::string(300, 'a'), "x y"}) {
    RsyncModuleProbe probe(bad);
    Transcript t;
    t.push_back(testing::turn("banner", "@RSYNCD: 32.0\n"));
    EXPECT_FALSE(probe.next(ProbeOptions{}, t)) << bad;
  }
}

TEST(RsyncHardening, TruncationAtEveryByte) {
  RsyncModuleProbe probe("backups");
  const Transcript full = recorded("rsyncd_open_module.lwt");
  testing::expect_truncation_safe(probe, full, 3, ReplyEnd::closed);
}

TEST(RsyncHardening, LyingLengthsAndWrongProtocol) {
  // A frame that announces 16 MiB and brings 3 bytes; a name longer than the cap.
  auto d =
      rsync::demux(std::string("\xff\xff\xff\x07"
                               "abc",
                               7));
  ASSERT_TRUE(d);
  EXPECT_TRUE(d->partial);
  auto fl = rsync::parse_file_list(std::string("\x40\xff\xff\x00\x00", 5));
  ASSERT_FALSE(fl);
  EXPECT_FALSE(rsync::parse_greeting("SSH-2.0-OpenSSH_9.2\r\n"));
  EXPECT_FALSE(rsync::parse_greeting("@RSYNCD: x\n"));
  EXPECT_FALSE(rsync::demux(std::string("\x01\x00\x00\x00", 4)));  // not multiplexed
  RsyncProbe probe;
  Transcript t;
  t.push_back(testing::turn("banner", "220 ftp ready\r\n"));
  auto obs = probe.parse(t);
  ASSERT_TRUE(obs);
  EXPECT_EQ(probe.judge(*obs).kind, VerdictKind::not_this_protocol);
}

}  // namespace
}  // namespace lw::probes
