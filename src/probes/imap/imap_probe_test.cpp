// Unit and hardening tests for the IMAP probe on dialogues recorded from dovecot 2.3.19.1
// (Debian 12): ANONYMOUS login, a PREAUTH (inetd-style) session and the login-required twin
// (testdata/*.lwt carry their provenance).
#include "probes/imap/imap_probe.h"

#include <gtest/gtest.h>

#include "probes/common/test_support.h"
#include "probes/imap/imap_response.h"

namespace lw::probes {
namespace {

Transcript recorded(const std::string& name) {
  return testing::recorded("imap/testdata/" + name);
}

TEST(ImapResponse, LiteralsAreCutOut) {
  const auto t = recorded("dovecot_anonymous_open.lwt");
  ASSERT_EQ(t.size(), 6u);
  auto p = imap::parse(t[5].reply);
  ASSERT_TRUE(p);
  ASSERT_EQ(p->responses.size(), 4u);  // 3 FETCH + tagged OK
  EXPECT_EQ(p->responses[0].literals.size(), 1u);
  EXPECT_TRUE(p->responses[0].literals[0].starts_with("From: Jane Testperson"));
  EXPECT_EQ(p->responses[3].kind, imap::Response::Kind::tagged);
  EXPECT_EQ(p->responses[3].tag, "a5");
}

TEST(ImapResponse, Framing) {
  EXPECT_EQ(imap::frame("", "* OK ready\r\n"), Framing::complete);
  EXPECT_EQ(imap::frame("", "* OK rea"), Framing::need_more);
  EXPECT_EQ(imap::frame("a1 CAPABILITY\r\n", "* CAPABILITY IMAP4rev1\r\n"), Framing::need_more);
  EXPECT_EQ(imap::frame("a1 CAPABILITY\r\n", "* CAPABILITY IMAP4rev1\r\na1 OK done\r\n"),
            Framing::complete);
  EXPECT_EQ(imap::frame("a2 AUTHENTICATE ANONYMOUS\r\n", "+ \r\n"), Framing::complete);
  EXPECT_EQ(imap::frame("a5 FETCH 1 BODY[]\r\n", "* 1 FETCH (BODY[] {10}\r\nabc"),
            Framing::need_more);  // inside a literal
  EXPECT_EQ(imap::frame("a1 X\r\n", "HTTP/1.1 400 Bad Request\r\n"), Framing::invalid);
}

TEST(ImapProbe, AnonymousDovecotIsOpen) {
  ImapProbe probe;
  const Transcript t = testing::run_dialogue(
      probe, ProbeOptions{}, testing::replay_by_label(recorded("dovecot_anonymous_open.lwt")));
  ASSERT_EQ(t.size(), 6u);
  EXPECT_EQ(t[2].exchange.request,
            "a2 AUTHENTICATE ANONYMOUS bGVha3dhdGNoQGV4YW1wbGUuaW52YWxpZA==\r\n");
  EXPECT_EQ(t[4].exchange.request, "a4 EXAMINE INBOX\r\n");  // read-only select
  auto obs = probe.parse(t);
  ASSERT_TRUE(obs) << obs.error().describe();
  EXPECT_EQ(obs->product, "dovecot");
  EXPECT_EQ(obs->record_count, 3u);
  EXPECT_EQ(obs->metadata["mailboxes"].size(), 2u);
  EXPECT_EQ(obs->metadata["anonymous_login"], true);
  ASSERT_EQ(obs->samples.size(), 3u);
  EXPECT_EQ(obs->samples[0].content_type, "email");
  const Verdict v = probe.judge(*obs);
  EXPECT_EQ(v.kind, VerdictKind::open);
  EXPECT_EQ(v.evidence, EvidenceKind::read);
  EXPECT_EQ(v.proof, "FETCH 1:3 (RFC822.SIZE BODY.PEEK[]<0.4096>)");
}

TEST(ImapProbe, PreauthIsOpenWithoutSendingAnyLogin) {
  ImapProbe probe;
  ProbeOptions options;
  options.default_logins = false;  // PREAUTH needs no login at all
  const Transcript t = testing::run_dialogue(
      probe, options, testing::replay_by_label(recorded("dovecot_preauth_open.lwt")));
  ASSERT_EQ(t.size(), 5u);
  for (const auto& turn : t) {
    EXPECT_EQ(turn.exchange.request.find("AUTHENTICATE"), std::string::npos);
  }
  auto obs = probe.parse(t);
  ASSERT_TRUE(obs);
  EXPECT_EQ(obs->metadata["preauth"], true);
  EXPECT_EQ(probe.judge(*obs).kind, VerdictKind::open);
}

TEST(ImapProbe, LoginRequiredTwinIsAuthRequired) {
  ImapProbe probe;
  const Transcript t = testing::run_dialogue(
      probe, ProbeOptions{}, testing::replay_by_label(recorded("dovecot_login_required.lwt")));
  ASSERT_EQ(t.size(), 2u);
  auto obs = probe.parse(t);
  ASSERT_TRUE(obs);
  const Verdict v = probe.judge(*obs);
  EXPECT_EQ(v.kind, VerdictKind::auth_required);
  EXPECT_EQ(v.proof, "CAPABILITY");
}

TEST(ImapProbe, NoDefaultLoginsLeavesAnonymousUntried) {
  ImapProbe probe;
  ProbeOptions options;
  options.default_logins = false;
  const Transcript t = testing::run_dialogue(
      probe, options, testing::replay_by_label(recorded("dovecot_anonymous_open.lwt")));
  ASSERT_EQ(t.size(), 2u);
  auto obs = probe.parse(t);
  ASSERT_TRUE(obs);
  EXPECT_EQ(probe.judge(*obs).kind, VerdictKind::unknown);
}

TEST(ImapProbe, ContinuationStyleAnonymous) {
  // RFC 4505 section 4's exchange shape (AUTHENTICATE ANONYMOUS, "+", the trace, OK) on a
  // server without SASL-IR; the greeting and CAPABILITY follow RFC 9051's syntax.
  ImapProbe probe;
  Transcript t;
  t.push_back(testing::turn("banner", "* OK IMAP4rev1 Server Ready\r\n"));
  auto ex = probe.next(ProbeOptions{}, t);
  ASSERT_TRUE(ex);
  t.push_back(testing::turn(ex->label, "* CAPABILITY IMAP4rev1 AUTH=ANONYMOUS\r\na1 OK done\r\n"));
  ex = probe.next(ProbeOptions{}, t);
  ASSERT_TRUE(ex);
  EXPECT_EQ(ex->request, "a2 AUTHENTICATE ANONYMOUS\r\n");
  t.push_back(testing::turn(ex->label, "+ \r\n"));
  ex = probe.next(ProbeOptions{}, t);
  ASSERT_TRUE(ex);
  EXPECT_EQ(ex->request, "bGVha3dhdGNoQGV4YW1wbGUuaW52YWxpZA==\r\n");
  EXPECT_EQ(probe.frame(*ex, "a2 OK\r\n"), Framing::complete);
  t.push_back(testing::turn(ex->label, "a2 OK\r\n"));
  ex = probe.next(ProbeOptions{}, t);
  ASSERT_TRUE(ex);
  EXPECT_EQ(ex->label, "LIST \"\" \"*\"");
}

TEST(ImapHardening, WrongProtocolAndLookAlikes) {
  ImapProbe probe;
  for (const std::string banner :
       {"+OK Dovecot ready.\r\n", "220 ftp ready\r\n", "* OK not really\r\n", "SSH-2.0-x\r\n"}) {
    Transcript t;
    t.push_back(testing::turn("banner", banner));
    t.push_back(testing::turn("CAPABILITY", "a1 BAD unknown\r\n"));
    auto obs = probe.parse(t);
    ASSERT_TRUE(obs);
    EXPECT_EQ(probe.judge(*obs).kind, VerdictKind::not_this_protocol) << banner;
  }
}

TEST(ImapHardening, TruncationAtEveryByteOfEveryTurn) {
  ImapProbe probe;
  const Transcript full = recorded("dovecot_anonymous_open.lwt");
  testing::expect_truncation_safe(probe, full, 5, ReplyEnd::closed);
}

TEST(ImapHardening, LyingAndHugeLiterals) {
  auto huge = imap::parse("* 1 FETCH (BODY[] {99999999999}\r\nx");
  ASSERT_FALSE(huge);
  EXPECT_EQ(huge.error().code, ErrorCode::too_large);
  auto lying = imap::parse("* 1 FETCH (BODY[] {500}\r\nshort)\r\na5 OK\r\n");
  ASSERT_TRUE(lying);
  EXPECT_TRUE(lying->partial);
  EXPECT_TRUE(lying->responses.empty());
  auto long_line = imap::parse("* " + std::string(20000, 'x'));
  EXPECT_FALSE(long_line);
}

}  // namespace
}  // namespace lw::probes
