// Unit and hardening tests for the POP3 probe on dialogues recorded from dovecot 2.3.19.1
// (Debian 12): SASL ANONYMOUS on (the INBOX of the lab's deployment-like mailbox,
// lab/services/data/deployed_mail.py --small: 15 messages, a card list sent to 14 recipients
// among them), and the login-required twin (testdata/*.lwt provenance).
#include "probes/pop3/pop3_probe.h"

#include <gtest/gtest.h>

#include "probes/common/test_support.h"
#include "probes/pop3/pop3_response.h"

namespace lw::probes {
namespace {

Transcript recorded(const std::string& name) {
  return testing::with_steps(Pop3Probe{}, testing::recorded("pop3/testdata/" + name));
}

TEST(Pop3Response, MultiLineAndDotStuffing) {
  auto capa = pop3::parse("CAPA\r\n", "+OK\r\nCAPA\r\nTOP\r\nSASL ANONYMOUS PLAIN\r\n.\r\n");
  ASSERT_TRUE(capa);
  EXPECT_EQ(capa->lines.size(), 3u);
  auto top = pop3::parse("TOP 1 5\r\n", "+OK\r\nSubject: x\r\n\r\n..leading dot\r\n.\r\n");
  ASSERT_TRUE(top);
  ASSERT_EQ(top->lines.size(), 3u);
  EXPECT_EQ(top->lines[2], ".leading dot");
  EXPECT_EQ(pop3::frame("LIST\r\n", "+OK 3 messages:\r\n1 290\r\n"), Framing::need_more);
  EXPECT_EQ(pop3::frame("LIST 1\r\n", "+OK 1 290\r\n"), Framing::complete);
  EXPECT_EQ(pop3::frame("CAPA\r\n", "-ERR no\r\n"), Framing::complete);
  EXPECT_EQ(pop3::frame("", "+O"), Framing::need_more);
  EXPECT_EQ(pop3::frame("", "* OK IMAP\r\n"), Framing::invalid);
}

TEST(Pop3Probe, AnonymousDovecotIsOpen) {
  Pop3Probe probe;
  const Transcript rec = recorded("dovecot_anonymous_open.lwt");
  testing::expect_replays(probe, ProbeOptions{}, rec, testing::ReplayCheck::requests_and_framing);
  const Transcript t = testing::run_dialogue(probe, ProbeOptions{}, testing::replay_by_label(rec));
  ASSERT_EQ(t.size(), 19u);
  EXPECT_EQ(t[2].exchange.request, "AUTH ANONYMOUS bGVha3dhdGNoQGV4YW1wbGUuaW52YWxpZA==\r\n");
  // Dovecot offers PIPELINING: the headers of all 15 messages in one exchange (TOP n 0).
  EXPECT_EQ(t[6].exchange.label, "TOP 1..15 0 (pipelined)");
  EXPECT_TRUE(t[6].exchange.request.starts_with("TOP 1 0\r\nTOP 2 0\r\n"));
  EXPECT_TRUE(t[6].exchange.request.ends_with("TOP 15 0\r\n"));
  // The message sent to 14 recipients is the first body read.
  EXPECT_EQ(t[7].exchange.request, "RETR 8\r\n");
  for (const auto& turn : t) {
    EXPECT_EQ(turn.exchange.request.find("DELE"), std::string::npos);
    EXPECT_EQ(turn.exchange.request.find("QUIT"), std::string::npos);
  }
  auto obs = probe.parse(t);
  ASSERT_TRUE(obs) << obs.error().describe();
  EXPECT_EQ(obs->product, "dovecot");
  EXPECT_EQ(obs->record_count, 15u);
  EXPECT_EQ(obs->data_bytes, 6186u);
  EXPECT_EQ(obs->metadata["messages_headers_read"], 15u);
  EXPECT_EQ(obs->metadata["messages_flagged"], 1u);
  EXPECT_EQ(obs->metadata["sampling"], "15 of 15 message headers sampled, bodies of 12");
  ASSERT_EQ(obs->samples.size(), 12u);
  EXPECT_EQ(obs->samples[0].source, "message INBOX/8");
  EXPECT_NE(obs->samples[0].data.find("Subject: Corporate cards for the offsite"),
            std::string::npos);
  const Verdict v = probe.judge(*obs);
  EXPECT_EQ(v.kind, VerdictKind::open);
  EXPECT_EQ(v.evidence, EvidenceKind::read);
  EXPECT_EQ(v.proof, "RETR 8");
}

TEST(Pop3Probe, LoginRequiredTwinIsAuthRequired) {
  Pop3Probe probe;
  const Transcript t = testing::run_dialogue(
      probe, ProbeOptions{}, testing::replay_by_label(recorded("dovecot_login_required.lwt")));
  ASSERT_EQ(t.size(), 2u);
  auto obs = probe.parse(t);
  ASSERT_TRUE(obs);
  EXPECT_EQ(probe.judge(*obs).kind, VerdictKind::auth_required);
}

TEST(Pop3Probe, NoDefaultLoginsSendsNoAuth) {
  Pop3Probe probe;
  ProbeOptions options;
  options.default_logins = false;
  const Transcript t = testing::run_dialogue(
      probe, options, testing::replay_by_label(recorded("dovecot_anonymous_open.lwt")));
  ASSERT_EQ(t.size(), 2u);
  auto obs = probe.parse(t);
  ASSERT_TRUE(obs);
  EXPECT_EQ(probe.judge(*obs).kind, VerdictKind::unknown);
}

TEST(Pop3Probe, RefusedAnonymousIsAuthRequired) {
  Pop3Probe probe;
  Transcript t = testing::with_steps(probe, recorded("dovecot_anonymous_open.lwt"));
  t.resize(3);
  t[2].reply = "-ERR [AUTH] Authentication failed.\r\n";
  auto obs = probe.parse(t);
  ASSERT_TRUE(obs);
  const Verdict v = probe.judge(*obs);
  EXPECT_EQ(v.kind, VerdictKind::auth_required);
  EXPECT_EQ(v.proof, "AUTH ANONYMOUS");
}

TEST(Pop3Hardening, WrongProtocol) {
  Pop3Probe probe;
  for (const std::string banner : {"* OK IMAP ready\r\n", "220 ftp\r\n", "+OK\r\n"}) {
    Transcript t;
    t.push_back(testing::turn("banner", banner));
    t.back().exchange.request = "";
    t.push_back(testing::turn("CAPA", "HTTP/1.1 400 Bad Request\r\n"));
    t.back().exchange.request = "CAPA\r\n";
    auto obs = probe.parse(t);
    ASSERT_TRUE(obs);
    EXPECT_NE(probe.judge(*obs).kind, VerdictKind::open) << banner;
    EXPECT_NE(probe.judge(*obs).kind, VerdictKind::auth_required) << banner;
  }
}

TEST(Pop3Hardening, TruncationAtEveryByteOfEveryTurn) {
  Pop3Probe probe;
  const Transcript full = recorded("dovecot_anonymous_open.lwt");
  testing::expect_truncation_safe(probe, full, 5, ReplyEnd::closed);
}

TEST(Pop3Hardening, HugeRepliesAreBounded) {
  std::string endless = "+OK\r\n";
  for (int i = 0; i < 21000; ++i) endless += "x\r\n";
  endless += ".\r\n";
  auto r = pop3::parse("RETR 1\r\n", endless);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::too_large);
  EXPECT_EQ(pop3::frame("RETR 1\r\n", "+OK\r\n" + std::string(9000, 'a')), Framing::invalid);
}

}  // namespace
}  // namespace lw::probes
