// Unit and hardening tests for the FTP probe on dialogues recorded from vsftpd 3.0.3 (Debian
// 12), anonymous on and off (testdata/*.lwt carry their provenance; re-record with
// build/tests/fakes/lw_record_dialogue ftp <ip> 2121 OUT "<provenance>" against the config of
// ftp_integration_test.cpp). The reads over data connections: ftp_read_test.cpp.
#include "probes/ftp/ftp_probe.h"

#include <gtest/gtest.h>

#include "probes/common/test_support.h"
#include "probes/ftp/ftp_reply.h"

namespace lw::probes {
namespace {

Transcript recorded(const std::string& name) {
  return testing::recorded("ftp/testdata/" + name);
}

TEST(FtpReply, ParsesMultiLineStat) {
  const auto t = recorded("vsftpd_anonymous_open.lwt");
  ASSERT_GE(t.size(), 5u);
  auto replies = ftp::parse(t[4].reply);
  ASSERT_TRUE(replies);
  ASSERT_EQ(replies->size(), 1u);
  EXPECT_EQ((*replies)[0].code, 213);
  const auto entries = ftp::parse_listing((*replies)[0].lines);
  ASSERT_EQ(entries.size(), 2u);
  EXPECT_EQ(entries[0].name, "README.txt");
  EXPECT_EQ(entries[0].size, 14u);
  EXPECT_TRUE(entries[1].directory);
}

TEST(FtpReply, Framing) {
  EXPECT_EQ(ftp::frame("220 (vsFTPd 3.0.3)\r\n"), Framing::complete);
  EXPECT_EQ(ftp::frame("220-Welcome\r\n"), Framing::need_more);
  EXPECT_EQ(ftp::frame("220-Welcome\r\nmore text\r\n220 ready\r\n"), Framing::complete);
  EXPECT_EQ(ftp::frame("22"), Framing::need_more);
  EXPECT_EQ(ftp::frame("SSH-2.0-OpenSSH_9.2\r\n"), Framing::invalid);
  EXPECT_EQ(ftp::frame("HTTP/1.1 400 Bad Request\r\n"), Framing::invalid);
  EXPECT_EQ(ftp::frame(std::string(4000, '2')), Framing::invalid);  // no line end within cap
}

TEST(FtpProbe, AnonymousVsftpdIsOpen) {
  FtpProbe probe;
  const Transcript t = testing::run_dialogue(
      probe, ProbeOptions{}, testing::replay_turns_by_label(recorded("vsftpd_anonymous_open.lwt")));
  // Login, SYST, three STAT listings, TYPE I, then EPSV + RETR for each of the three files.
  ASSERT_EQ(t.size(), 14u);
  EXPECT_EQ(t[2].exchange.request, "PASS leakwatch@example.invalid\r\n");
  EXPECT_EQ(t[6].exchange.label, "STAT /pub/reports");
  EXPECT_TRUE(probe.recognizes_banner(t[0].reply));
  auto obs = probe.parse(t);
  ASSERT_TRUE(obs) << obs.error().describe();
  EXPECT_EQ(obs->product, "vsftpd");
  EXPECT_EQ(obs->version, "3.0.3");
  EXPECT_EQ(obs->record_count, 3u);  // README.txt, pub/customers.csv, pub/reports/q3.txt
  EXPECT_EQ(obs->metadata["system"], "UNIX Type: L8");
  EXPECT_EQ(obs->metadata["directories_listed"], 3);
  // The listing first, then each file's bytes as vsftpd sent them on the data connection.
  ASSERT_EQ(obs->samples.size(), 4u);
  EXPECT_NE(obs->samples[0].data.find("/pub/customers.csv 33"), std::string::npos);
  bool customers = false;
  for (const auto& sample : obs->samples) {
    if (sample.source == "file /pub/customers.csv") {
      customers = true;
      EXPECT_EQ(sample.data, "name,ssn\nTest Person,078-05-1120\n");
      EXPECT_EQ(sample.content_type, "text");
    }
  }
  EXPECT_TRUE(customers);
  EXPECT_TRUE(obs->data_read);
  EXPECT_TRUE(obs->data_command_accepted);
  EXPECT_EQ(obs->metadata["files_read"].size(), 3u);
  ASSERT_TRUE(obs->metadata["sampling"].is_array());
  EXPECT_EQ(obs->metadata["sampling"][0].get<std::string>().rfind("3 of 3 files sampled (RETR", 0),
            0u)
      << obs->metadata["sampling"].dump();
  const Verdict v = probe.judge(*obs);
  EXPECT_EQ(v.kind, VerdictKind::open);
  EXPECT_EQ(v.evidence, EvidenceKind::read);
  EXPECT_EQ(v.proof, "RETR /README.txt");
}

TEST(FtpProbe, SendsExactlyTheRecordedRequests) {
  const FtpProbe probe;
  const Transcript t = testing::with_steps(probe, recorded("vsftpd_anonymous_open.lwt"));
  testing::expect_replays(probe, ProbeOptions{}, t, testing::ReplayCheck::requests_and_framing);
}

TEST(FtpProbe, RefusedAnonymousIsAuthRequired) {
  FtpProbe probe;
  const Transcript t = testing::run_dialogue(
      probe, ProbeOptions{}, testing::replay_by_label(recorded("vsftpd_anonymous_refused.lwt")));
  ASSERT_EQ(t.size(), 3u);
  auto obs = probe.parse(t);
  ASSERT_TRUE(obs);
  const Verdict v = probe.judge(*obs);
  EXPECT_EQ(v.kind, VerdictKind::auth_required);
  EXPECT_EQ(v.proof, "PASS <anonymous e-mail>");
}

TEST(FtpProbe, NoDefaultLoginsSendsNothing) {
  FtpProbe probe;
  ProbeOptions options;
  options.default_logins = false;
  const Transcript t = testing::run_dialogue(
      probe, options, testing::replay_by_label(recorded("vsftpd_anonymous_open.lwt")));
  ASSERT_EQ(t.size(), 1u);
  auto obs = probe.parse(t);
  ASSERT_TRUE(obs);
  EXPECT_EQ(probe.judge(*obs).kind, VerdictKind::unknown);
}

TEST(FtpHardening, SmtpServerIsNotFtp) {
  FtpProbe probe;
  Transcript t;
  t.push_back(testing::turn("banner", "220 mail.example.invalid ESMTP Exim 4.96\r\n"));
  t.push_back(testing::turn("USER anonymous", "500 unrecognized command\r\n"));
  EXPECT_FALSE(probe.recognizes_banner(t[0].reply));
  auto obs = probe.parse(t);
  ASSERT_TRUE(obs);
  EXPECT_EQ(probe.judge(*obs).kind, VerdictKind::not_this_protocol);
}

TEST(FtpHardening, AGarbageListingIsNamedInTheRecord) {
  FtpProbe probe;
  Transcript t = testing::run_dialogue(
      probe, ProbeOptions{}, testing::replay_by_label(recorded("vsftpd_anonymous_open.lwt")));
  ASSERT_GE(t.size(), 5u);
  t.resize(5);  // banner, USER, PASS, SYST, STAT /
  t[4].reply = "213-Status follows:\r\n\x01garbage\r\nnot a listing\r\n213 End of status\r\n";
  auto obs = probe.parse(t);
  ASSERT_TRUE(obs);
  const std::string sampling = obs->metadata["sampling"].dump();
  EXPECT_NE(sampling.find("listing failed: /: 2 lines, none an ls -l entry"), std::string::npos)
      << sampling;
  EXPECT_FALSE(obs->data_command_accepted);  // garbage is not a listing
  EXPECT_NE(probe.judge(*obs).kind, VerdictKind::open);
}

TEST(FtpHardening, TruncationAtEveryByteOfEveryTurn) {
  FtpProbe probe;
  const Transcript full = testing::with_steps(probe, recorded("vsftpd_anonymous_open.lwt"));
  ASSERT_EQ(full[9].exchange.label, "RETR /README.txt");
  // Up to the first RETR's "226 Transfer complete" no cut proves a read, its bytes notwithstanding.
  testing::expect_truncation_safe(probe, full, 10, ReplyEnd::closed);
}

TEST(FtpHardening, EndlessMultiLineAndHugeListingAreBounded) {
  std::string endless = "213-Status follows:\r\n";
  for (int i = 0; i < 6000; ++i) endless += "-rw-r--r-- 1 0 0 1 Nov 22 00:14 f\r\n";
  EXPECT_EQ(ftp::frame(endless), Framing::invalid);  // over 5000 lines
  auto r = ftp::parse(endless);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::too_large);
  const auto entries = ftp::parse_listing(
      {"-rw-r--r-- 1 0 0 99999999999999999999999 Nov 22 00:14 big", "drwxr-xr-x 2 0 0 4096 Nov",
       "-rw-r--r-- 1 0 0 1 Nov 22 00:14 bad\x01name", "lrwxrwxrwx 1 0 0 4 Nov 22 00:14 a -> b"});
  ASSERT_EQ(entries.size(), 1u);
  EXPECT_EQ(entries[0].name, "a");
  EXPECT_TRUE(entries[0].link);
}

}  // namespace
}  // namespace lw::probes
