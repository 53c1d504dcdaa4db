// The FTP probe's reads: RETR over passive data connections (core/probe.h DataChannel) after the
// walk, on dialogues recorded from vsftpd 3.0.3 (testdata/*.lwt, provenance inside) and on
// hand-made variants of them: EPSV refused, a PASV naming another address, a data connection
// that fails, a file over the cap, a smaller budget; and the passive-reply parsers.
#include <gtest/gtest.h>

#include <algorithm>

#include "probes/common/test_support.h"
#include "probes/ftp/ftp_probe.h"
#include "probes/ftp/ftp_reply.h"

namespace lw::probes {
namespace {

Transcript recorded(const std::string& name) {
  return testing::recorded("ftp/testdata/" + name);
}

ftp::Reply reply(int code, std::string line) {
  return ftp::Reply{code, {std::move(line)}};
}

std::vector<std::string> retrieved(const Transcript& t) {
  std::vector<std::string> out;
  for (const auto& turn : t) {
    if (turn.exchange.label.starts_with("RETR ")) out.push_back(turn.exchange.subject);
  }
  return out;
}

TEST(FtpPassive, EpsvNamesOnlyAPort) {
  EXPECT_EQ(ftp::epsv_port(reply(229, "Entering Extended Passive Mode (|||40123|)")), 40123);
  EXPECT_EQ(ftp::epsv_port(reply(229, "Entering Extended Passive Mode (!!!21!)")), 21);
  EXPECT_EQ(ftp::epsv_port(reply(229, "(|||0|)")), 0);
  EXPECT_EQ(ftp::epsv_port(reply(229, "(|||65536|)")), 0);
  EXPECT_EQ(ftp::epsv_port(reply(229, "(|||9999999999|)")), 0);
  EXPECT_EQ(ftp::epsv_port(reply(229, "(|||40123)")), 0);
  EXPECT_EQ(ftp::epsv_port(reply(229, "(||40123|)")), 0);
  EXPECT_EQ(ftp::epsv_port(reply(229, "(|1|10.0.0.1|40123|)")), 0);  // an address: refused
  EXPECT_EQ(ftp::epsv_port(reply(229, "(")), 0);
  EXPECT_EQ(ftp::epsv_port(reply(500, "(|||40123|)")), 0);
  EXPECT_EQ(ftp::epsv_port(ftp::Reply{229, {}}), 0);
}

TEST(FtpPassive, PasvGivesItsPortAndTheAddressIsIgnored) {
  EXPECT_EQ(ftp::pasv_port(reply(227, "Entering Passive Mode (127,0,3,16,156,64).")), 40000);
  // The address a PASV reply names is never used: only p1 * 256 + p2.
  EXPECT_EQ(ftp::pasv_port(reply(227, "Entering Passive Mode (10,9,8,7,0,21)")), 21);
  EXPECT_EQ(ftp::pasv_port(reply(227, "Entering Passive Mode 10,9,8,7,4,1")), 1025);
  EXPECT_EQ(ftp::pasv_port(reply(227, "Entering Passive Mode (1,2,3,4,256,1)")), 0);
  EXPECT_EQ(ftp::pasv_port(reply(227, "Entering Passive Mode (1,2,3,4,0,0)")), 0);
  EXPECT_EQ(ftp::pasv_port(reply(227, "Entering Passive Mode (1,2,3,4,5)")), 0);
  EXPECT_EQ(ftp::pasv_port(reply(227, "Entering Passive Mode")), 0);
  EXPECT_EQ(ftp::pasv_port(reply(200, "(1,2,3,4,5,6)")), 0);
}

TEST(FtpPassive, ATransferReplyIsFinalPastItsPreliminaryLine) {
  EXPECT_EQ(ftp::frame_transfer("150 Opening BINARY mode data connection.\r\n"),
            Framing::need_more);
  EXPECT_EQ(ftp::frame_transfer("150 Opening.\r\n226 Transfer complete.\r\n"), Framing::complete);
  EXPECT_EQ(ftp::frame_transfer("550 Failed to open file.\r\n"), Framing::complete);
  EXPECT_EQ(ftp::frame_transfer("150 Opening.\r\n22"), Framing::need_more);
  EXPECT_EQ(ftp::frame_transfer("HTTP/1.1 200 OK\r\n"), Framing::invalid);
}

TEST(FtpRead, TheDeployedTreeGetsItsPlantedFilesRead) {
  // The lab's tree (deployed_files.py: 1,003 files, three planted, one under an ordinary name in
  // a folder of its own), recorded: 40 listings, then 8 files chosen by the shared sampler.
  const FtpProbe probe;
  const Transcript t = testing::run_dialogue(
      probe, ProbeOptions{}, testing::replay_turns_by_label(recorded("vsftpd_deployed_tree.lwt")));
  ASSERT_EQ(t.size(), 61u);  // 4 + 40 + TYPE I + 8 x (EPSV, RETR)
  const auto files = retrieved(t);
  ASSERT_EQ(files.size(), 8u);
  EXPECT_EQ(files[0], "/hr/personnel/2023/staff_export.csv");  // sensitive names first
  EXPECT_EQ(files[1], "/finance/archive/cards_q3.txt");
  EXPECT_NE(std::find(files.begin(), files.end(), "/incoming/scan/old/doc_0419.txt"), files.end());
  auto obs = probe.parse(t);
  ASSERT_TRUE(obs) << obs.error().describe();
  EXPECT_EQ(obs->samples.size(), 9u);  // the listing and the 8 files
  const std::string sampling = obs->metadata["sampling"].dump();
  EXPECT_NE(sampling.find("8 of 254 files sampled (RETR over a passive data connection"),
            std::string::npos)
      << sampling;
  const Verdict v = probe.judge(*obs);
  EXPECT_EQ(v.kind, VerdictKind::open);
  EXPECT_EQ(v.evidence, EvidenceKind::read);
  EXPECT_EQ(v.proof, "RETR /hr/personnel/2023/staff_export.csv");
}

TEST(FtpRead, ASmallerBudgetReadsTheSensitiveNamesFirst) {
  const FtpProbe probe;
  ProbeOptions options;
  options.max_sample_records = 2;
  const Transcript t = testing::run_dialogue(
      probe, options, testing::replay_turns_by_label(recorded("vsftpd_deployed_tree.lwt")));
  EXPECT_EQ(retrieved(t), (std::vector<std::string>{"/hr/personnel/2023/staff_export.csv",
                                                    "/finance/archive/cards_q3.txt"}));
}

TEST(FtpRead, RefusedEpsvFallsBackToThePortOfPasvOnly) {
  const FtpProbe probe;
  const auto replay = testing::replay_turns_by_label(recorded("vsftpd_anonymous_open.lwt"));
  const Transcript t = testing::run_dialogue(probe, ProbeOptions{}, [&](const Exchange& e) {
    Turn answer = replay(e);
    if (e.label == "EPSV") answer.reply = "500 Unknown command.\r\n";
    if (e.label == "PASV") answer.reply = "227 Entering Passive Mode (10,9,8,7,156,64).\r\n";
    return answer;
  });
  std::size_t epsv = 0;
  std::size_t pasv = 0;
  for (const auto& turn : t) {
    epsv += turn.exchange.label == "EPSV" ? 1u : 0u;
    pasv += turn.exchange.label == "PASV" ? 1u : 0u;
    if (turn.exchange.data_channel) {
      // A port and nothing else: the data connection goes to the service's own address.
      EXPECT_EQ(turn.exchange.data_channel->port, 40000);
    }
  }
  EXPECT_EQ(epsv, 1u) << "EPSV refused once is not asked again";
  EXPECT_EQ(pasv, 3u);
  EXPECT_EQ(retrieved(t).size(), 3u);
  auto obs = probe.parse(t);
  ASSERT_TRUE(obs);
  EXPECT_EQ(probe.judge(*obs).evidence, EvidenceKind::read);
}

TEST(FtpRead, NoPassiveModeMeansNoReads) {
  const FtpProbe probe;
  const auto replay = testing::replay_turns_by_label(recorded("vsftpd_anonymous_open.lwt"));
  const Transcript t = testing::run_dialogue(probe, ProbeOptions{}, [&](const Exchange& e) {
    Turn answer = replay(e);
    if (e.label == "EPSV" || e.label == "PASV") answer.reply = "502 Not implemented.\r\n";
    return answer;
  });
  EXPECT_TRUE(retrieved(t).empty());
  auto obs = probe.parse(t);
  ASSERT_TRUE(obs);
  const Verdict v = probe.judge(*obs);
  EXPECT_EQ(v.kind, VerdictKind::open);
  EXPECT_EQ(v.evidence, EvidenceKind::access);  // the listing still answered anonymously
  EXPECT_NE(obs->metadata["sampling"].dump().find("neither EPSV nor PASV named a data port"),
            std::string::npos)
      << obs->metadata["sampling"].dump();
}

TEST(FtpRead, AFailedDataConnectionStopsTheReads) {
  const FtpProbe probe;
  const auto replay = testing::replay_turns_by_label(recorded("vsftpd_anonymous_open.lwt"));
  const Transcript t = testing::run_dialogue(probe, ProbeOptions{}, [&](const Exchange& e) {
    Turn answer = replay(e);
    if (e.data_channel) {  // the engine could not connect: nothing was sent, nothing read
      answer.reply.clear();
      answer.data.clear();
      answer.data_end = DataEnd::not_connected;
    }
    return answer;
  });
  EXPECT_EQ(retrieved(t).size(), 1u) << "one failure, then no further data connection";
  auto obs = probe.parse(t);
  ASSERT_TRUE(obs);
  EXPECT_EQ(probe.judge(*obs).evidence, EvidenceKind::access);
  EXPECT_NE(obs->metadata["sampling"].dump().find("a data connection failed"), std::string::npos);
}

TEST(FtpRead, BytesWithoutAFinishedTransferAreNotARead) {
  const FtpProbe probe;
  const auto replay = testing::replay_turns_by_label(recorded("vsftpd_anonymous_open.lwt"));
  const Transcript t = testing::run_dialogue(probe, ProbeOptions{}, [&](const Exchange& e) {
    Turn answer = replay(e);
    if (e.data_channel) answer.reply = "150 Opening BINARY mode data connection.\r\n";
    return answer;
  });
  auto obs = probe.parse(t);
  ASSERT_TRUE(obs);
  EXPECT_FALSE(obs->data_read);
  EXPECT_NE(probe.judge(*obs).evidence, EvidenceKind::read);
}

TEST(FtpRead, AFileOverTheCapIsCutAndStillRead) {
  const FtpProbe probe;
  const auto replay = testing::replay_turns_by_label(recorded("vsftpd_anonymous_open.lwt"));
  const Transcript t = testing::run_dialogue(probe, ProbeOptions{}, [&](const Exchange& e) {
    Turn answer = replay(e);
    if (e.subject == "/pub/customers.csv" && e.data_channel) {
      answer.data = std::string(1 << 20, 'x');  // the engine stops at the exchange's cap
      answer.data_end = DataEnd::closed;
      answer.reply = "150 Opening.\r\n426 Failure writing network stream.\r\n";
    }
    return answer;
  });
  auto obs = probe.parse(t);
  ASSERT_TRUE(obs);
  bool cut = false;
  for (const auto& s : obs->samples) {
    if (s.source == "file /pub/customers.csv") cut = s.data.size() == 64u * 1024u;
  }
  EXPECT_TRUE(cut) << "the first 64 KiB are kept";
  EXPECT_NE(obs->metadata["sampling"].dump().find("1 cut at that cap"), std::string::npos)
      << obs->metadata["sampling"].dump();
}

}  // namespace
}  // namespace lw::probes
