// Unit and hardening tests for the rsync probes on dialogues recorded from the rsync 3.5.0
// daemon of Debian (protocol 32; we speak 29) by testdata/record.sh (testdata/*.lwt carry
// provenance): module list, an open module read whole (backups), an open module whose big file
// is cut at the cap (archive), a module with auth users (private).
#include "probes/rsync/rsync_probe.h"

#include <gtest/gtest.h>

#include "probes/common/test_support.h"
#include "probes/rsync/rsync_protocol.h"
#include "probes/rsync/rsync_transfer.h"

namespace lw::probes {
namespace {

Transcript recorded(const std::string& name) {
  return testing::recorded("rsync/testdata/" + name);
}

Transcript replayed(const Probe& probe, const std::string& name) {
  return testing::run_dialogue(probe, ProbeOptions{}, testing::replay_by_label(recorded(name)));
}

std::string sample_named(const Observation& obs, std::string_view source) {
  for (const auto& s : obs.samples) {
    if (s.source == source) return s.data;
  }
  return "(no sample " + std::string(source) + ")";
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
  ASSERT_EQ(ml.modules.size(), 3u);
  EXPECT_EQ(ml.modules[0].name, "backups");
  EXPECT_EQ(ml.modules[1].name, "archive");
  EXPECT_EQ(ml.modules[2].name, "private");
}

TEST(RsyncProtocol, RecordedFileListAndItsWireOrder) {
  const auto t = recorded("rsyncd_open_module.lwt");
  ASSERT_EQ(t.size(), 5u);
  auto d = rsync::demux(t[3].reply);
  ASSERT_TRUE(d);
  auto fl = rsync::parse_file_list(d->data);
  ASSERT_TRUE(fl) << fl.error().describe();
  EXPECT_TRUE(fl->complete);
  EXPECT_EQ(d->data.size(), fl->end_offset + 4);  // the io_error word follows the list
  std::vector<std::string> sent;
  for (const auto& e : fl->entries) sent.push_back(e.name);
  // The daemon sends its traversal order; both sides then sort (flist.c).
  EXPECT_EQ(sent, (std::vector<std::string>{".", "hr", "README.txt", "sub", "hr/personnel",
                                            "hr/personnel/staff.csv", "sub/customers.csv"}));
  std::vector<std::string> sorted;
  for (const std::size_t i : rsync::wire_order(fl->entries)) sorted.push_back(fl->entries[i].name);
  EXPECT_EQ(sorted,
            (std::vector<std::string>{".", "README.txt", "hr", "hr/personnel",
                                      "hr/personnel/staff.csv", "sub", "sub/customers.csv"}));
}

TEST(RsyncProbe, ModuleListIsIdentityOnly) {
  RsyncProbe probe;
  const Transcript t = replayed(probe, "rsyncd_module_list.lwt");
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
  auto listed = probe.parse(replayed(probe, "rsyncd_module_list.lwt"));
  EXPECT_TRUE(listed);
  const auto follow_ups = probe.follow_ups(*listed, ProbeOptions{});
  EXPECT_EQ(follow_ups.size(), 3u);  // backups, archive, private
  const std::string listed_names[] = {"backups", "archive", "private"};
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

TEST(RsyncProbe, ReadModulesMakeTheDaemonOpenWithReadEvidence) {
  const Observation obs = listed_and_folded(
      {"rsyncd_open_module.lwt", "rsyncd_cut_module.lwt", "rsyncd_auth_module.lwt"});
  const Verdict v = RsyncProbe().judge(obs);
  EXPECT_EQ(v.kind, VerdictKind::open);
  EXPECT_EQ(v.evidence, EvidenceKind::read);
  // The sampler's first choice, a sensitive-looking name; a path, never file data.
  EXPECT_EQ(v.proof, "file data (module backups: /hr/personnel/staff.csv)");
  EXPECT_TRUE(obs.data_read);
  EXPECT_TRUE(obs.capabilities.read);
  EXPECT_EQ(obs.record_count, 3u + 2u);
  EXPECT_EQ(obs.data_bytes, 14u + 57u + 33u + 21u + 150'012u);
  ASSERT_EQ(obs.metadata["module_results"].size(), 3u);
  EXPECT_EQ(obs.metadata["module_results"][0]["verdict"], "open");
  EXPECT_EQ(obs.metadata["module_results"][1]["verdict"], "open");
  EXPECT_EQ(obs.metadata["module_results"][2]["verdict"], "auth_required");
  // Files of both open modules, each module's listing after its files.
  ASSERT_EQ(obs.samples.size(), 3u + 1u + 2u + 1u);
  EXPECT_EQ(obs.samples[0].source, "rsync backups:/hr/personnel/staff.csv");
  EXPECT_EQ(obs.samples[3].source, "listing backups");
  EXPECT_EQ(obs.samples[6].source, "listing archive");
}

TEST(RsyncProbe, EveryModuleLockedIsAuthRequired) {
  const Observation obs = listed_and_folded(
      {"rsyncd_auth_module.lwt", "rsyncd_auth_module.lwt", "rsyncd_auth_module.lwt"});
  EXPECT_EQ(RsyncProbe().judge(obs).kind, VerdictKind::auth_required);
  EXPECT_FALSE(obs.data_read);
}

TEST(RsyncProbe, AModuleThatCouldNotBeExaminedLeavesItUnknown) {
  RsyncProbe probe;
  auto listed = probe.parse(replayed(probe, "rsyncd_module_list.lwt"));
  ASSERT_TRUE(listed);
  RsyncModuleProbe locked("private");
  std::vector<Result<Observation>> results;
  results.push_back(tl::unexpected(Error{ErrorCode::io_error, "connection refused", ""}));
  results.push_back(locked.parse(replayed(locked, "rsyncd_auth_module.lwt")));
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

TEST(RsyncModuleProbe, SendsTheRecordedRequestsAndFramesTheReplies) {
  testing::expect_replays(
      RsyncModuleProbe("backups"), ProbeOptions{},
      testing::with_steps(RsyncModuleProbe("backups"), recorded("rsyncd_open_module.lwt")),
      testing::ReplayCheck::requests_and_framing);
  // A cut file's reply runs past the cap by what the last read brought: the requests only.
  testing::expect_replays(
      RsyncModuleProbe("archive"), ProbeOptions{},
      testing::with_steps(RsyncModuleProbe("archive"), recorded("rsyncd_cut_module.lwt")),
      testing::ReplayCheck::requests);
}

TEST(RsyncModuleProbe, OpenModuleFilesAreReadWhole) {
  RsyncModuleProbe probe("backups");
  const Transcript t = replayed(probe, "rsyncd_open_module.lwt");
  ASSERT_EQ(t.size(), 5u);
  auto obs = probe.parse(t);
  ASSERT_TRUE(obs) << obs.error().describe();
  EXPECT_EQ(obs->record_count, 3u);
  EXPECT_EQ(obs->data_bytes, 14u + 57u + 33u);
  EXPECT_TRUE(obs->data_read);
  EXPECT_EQ(sample_named(*obs, "rsync backups:/hr/personnel/staff.csv"),
            "name,ssn,title\nTest Person,078-05-1120,Synthetic Analyst\n");
  EXPECT_EQ(sample_named(*obs, "rsync backups:/README.txt"), "LAB FAKE DATA\n");
  EXPECT_EQ(sample_named(*obs, "rsync backups:/sub/customers.csv"),
            "name,ssn\nTest Person,078-05-1120\n");
  const auto& sampling = obs->metadata["sampling"];
  EXPECT_EQ(sampling[0], "backups: 3 of 3 files sampled") << sampling.dump();
  EXPECT_EQ(sampling.size(), 2u) << sampling.dump();  // nothing cut, nothing missing
  const Verdict v = probe.judge(*obs);
  EXPECT_EQ(v.kind, VerdictKind::open);
  EXPECT_EQ(v.evidence, EvidenceKind::read);
  EXPECT_EQ(v.proof, "file data (module backups: /hr/personnel/staff.csv)");
  EXPECT_EQ(v.proof.find("078-05"), std::string::npos);
}

TEST(RsyncModuleProbe, ABigFileIsCutAtItsCapAndSaidSo) {
  RsyncModuleProbe probe("archive");
  const Transcript t = replayed(probe, "rsyncd_cut_module.lwt");
  ASSERT_EQ(t.size(), 5u);
  auto obs = probe.parse(t);
  ASSERT_TRUE(obs) << obs.error().describe();
  EXPECT_EQ(sample_named(*obs, "rsync archive:/notes.txt"), "LAB FAKE DATA: notes\n");
  const std::string log = sample_named(*obs, "rsync archive:/logs/app.log");
  EXPECT_EQ(log.size(), rsync::kMaxFileBytes);
  EXPECT_TRUE(log.starts_with("2026-11-22T10:00:00 GET /catalog/")) << log.substr(0, 64);
  const std::string sampling = obs->metadata["sampling"].dump();
  EXPECT_NE(sampling.find("archive: /logs/app.log: first 65536 of 150012 bytes read (cap 64 KiB "
                          "per file)"),
            std::string::npos)
      << sampling;
  EXPECT_EQ(probe.judge(*obs).evidence, EvidenceKind::read);
}

TEST(RsyncModuleProbe, AScanBudgetOfOneRecordAsksForOneFile) {
  RsyncModuleProbe probe("backups");
  ProbeOptions options;
  options.max_sample_records = 1;
  const Transcript t = testing::run_dialogue(
      probe, options, testing::replay_by_label(recorded("rsyncd_open_module.lwt")));
  ASSERT_EQ(t.size(), 5u);
  auto requested = rsync::decode_requests(t[4].exchange.request);
  ASSERT_TRUE(requested);
  EXPECT_EQ(*requested, (std::vector<std::int32_t>{4}));  // hr/personnel/staff.csv
}

TEST(RsyncModuleProbe, NoBudgetLeavesTheListAsAccess) {
  RsyncModuleProbe probe("backups");
  ProbeOptions options;
  options.max_sample_records = 0;
  const Transcript t = testing::run_dialogue(
      probe, options, testing::replay_by_label(recorded("rsyncd_open_module.lwt")));
  ASSERT_EQ(t.size(), 4u);  // no file asked for
  auto obs = probe.parse(t);
  ASSERT_TRUE(obs);
  EXPECT_FALSE(obs->data_read);
  EXPECT_EQ(obs->metadata["sampling"][0],
            "backups: 0 of 3 files sampled (names only: no file data was read)");
  const Verdict v = probe.judge(*obs);
  EXPECT_EQ(v.kind, VerdictKind::open);
  EXPECT_EQ(v.evidence, EvidenceKind::access);
  EXPECT_EQ(v.proof, "file list");
}

TEST(RsyncModuleProbe, AuthModuleIsAuthRequiredAndNothingIsAnswered) {
  RsyncModuleProbe probe("private");
  const Transcript t = replayed(probe, "rsyncd_auth_module.lwt");
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
  for (const auto* name : {"rsyncd_open_module.lwt", "rsyncd_cut_module.lwt"}) {
    SCOPED_TRACE(name);
    const std::string module =
        std::string(name) == "rsyncd_open_module.lwt" ? "backups" : "archive";
    RsyncModuleProbe probe(module);
    // No read evidence before the file data turn; cut anywhere, nothing crashes.
    testing::expect_truncation_safe(probe, testing::with_steps(probe, recorded(name)), 4,
                                    ReplyEnd::closed);
  }
}

TEST(RsyncHardening, AHostileTransferKeepsTheListsVerdictAndSaysWhy) {
  RsyncModuleProbe probe("backups");
  Transcript t = testing::with_steps(probe, recorded("rsyncd_open_module.lwt"));
  ASSERT_EQ(t.size(), 5u);
  // A frame with message code 50 (no such message), then a file of the wrong index.
  t[4].reply = std::string("\x03\x00\x00\x39xyz", 7);
  auto obs = probe.parse(t);
  ASSERT_TRUE(obs);
  EXPECT_FALSE(obs->data_read);
  EXPECT_NE(obs->metadata["sampling"].dump().find(
                "file data not read: unknown rsync multiplex message 50"),
            std::string::npos)
      << obs->metadata["sampling"].dump();
  EXPECT_EQ(probe.judge(*obs).evidence, EvidenceKind::access);
  std::string wrong("\x16\x00\x00\x07\x63\x00\x00\x00\x00\x80", 10);
  wrong += std::string(16, '\0');
  t[4].reply = wrong;
  obs = probe.parse(t);
  ASSERT_TRUE(obs);
  EXPECT_NE(obs->metadata["sampling"].dump().find("index 99, which was not asked for"),
            std::string::npos)
      << obs->metadata["sampling"].dump();
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
