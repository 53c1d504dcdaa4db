// Unit and hardening tests for the IMAP probe on dialogues recorded from dovecot 2.3.19.1
// (Debian 12) holding the lab's deployment-like mailbox (lab/services/data/deployed_mail.py
// --small: 44 messages in 8 folders, three sensitive ones outside the order they were listed):
// ANONYMOUS login, a PREAUTH (inetd-style) session and the login-required twin (testdata/*.lwt
// carry their provenance).
#include "probes/imap/imap_probe.h"

#include <gtest/gtest.h>

#include "probes/common/test_support.h"
#include "probes/imap/imap_response.h"

namespace lw::probes {
namespace {

Transcript recorded(const std::string& name) {
  return testing::with_steps(ImapProbe{}, testing::recorded("imap/testdata/" + name));
}

bool sampled(const Observation& obs, std::string_view source, std::string_view text) {
  for (const auto& s : obs.samples) {
    if (s.source == source && s.data.find(text) != std::string::npos) return true;
  }
  return false;
}

TEST(ImapResponse, LiteralsAreCutOut) {
  const auto t = recorded("dovecot_anonymous_open.lwt");
  ASSERT_EQ(t.size(), 30u);
  ASSERT_EQ(t[23].exchange.label, "UID FETCH bodies HR 2,1,3");
  auto p = imap::parse(t[23].reply);
  ASSERT_TRUE(p);
  ASSERT_EQ(p->responses.size(), 4u);  // 3 FETCH + tagged OK
  ASSERT_EQ(p->responses[1].literals.size(), 1u);
  EXPECT_EQ(p->responses[1].literals[0].size(), 959u);
  EXPECT_NE(p->responses[1].literals[0].find("Subject: Updated roster"), std::string::npos);
  EXPECT_EQ(p->responses[3].kind, imap::Response::Kind::tagged);
  EXPECT_EQ(p->responses[3].tag, "a23");
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

// Every request is read-only: EXAMINE (never SELECT), FETCH with BODY.PEEK, nothing that
// changes flags or mail.
void expect_read_only(const Transcript& t) {
  for (const auto& turn : t) {
    const std::string& r = turn.exchange.request;
    for (const char* verb : {"SELECT", "STORE", "EXPUNGE", "APPEND", "COPY", "MOVE", "DELETE"}) {
      EXPECT_EQ(r.find(verb), std::string::npos) << r;
    }
    if (r.find("BODY") != std::string::npos && r.find("BODYSTRUCTURE") == std::string::npos) {
      EXPECT_NE(r.find("BODY.PEEK[]"), std::string::npos) << r;
    }
  }
}

TEST(ImapProbe, AnonymousDovecotIsOpen) {
  ImapProbe probe;
  const Transcript rec = recorded("dovecot_anonymous_open.lwt");
  testing::expect_replays(probe, ProbeOptions{}, rec, testing::ReplayCheck::requests_and_framing);
  const Transcript t = testing::run_dialogue(probe, ProbeOptions{}, testing::replay_by_label(rec));
  ASSERT_EQ(t.size(), 30u);
  EXPECT_EQ(t[2].exchange.request,
            "a2 AUTHENTICATE ANONYMOUS bGVha3dhdGNoQGV4YW1wbGUuaW52YWxpZA==\r\n");
  // The sensitive-named folder first (the sampler's name order), read-only.
  EXPECT_EQ(t[4].exchange.request, "a4 EXAMINE \"HR\"\r\n");
  EXPECT_EQ(t[5].exchange.request, "a5 FETCH 1:3 (UID RFC822.SIZE ENVELOPE BODYSTRUCTURE)\r\n");
  expect_read_only(t);
  auto obs = probe.parse(t);
  ASSERT_TRUE(obs) << obs.error().describe();
  EXPECT_EQ(obs->product, "dovecot");
  EXPECT_EQ(obs->record_count, 44u);
  EXPECT_EQ(obs->metadata["mailboxes"].size(), 8u);
  EXPECT_EQ(obs->metadata["anonymous_login"], true);
  EXPECT_EQ(obs->metadata["messages_headers_read"], 44u);
  EXPECT_EQ(obs->metadata["messages_flagged"], 3u);
  EXPECT_EQ(obs->metadata["sampling"],
            "44 of 44 message headers sampled in 8 of 8 folders, bodies of 12");
  ASSERT_EQ(obs->samples.size(), 12u);
  EXPECT_EQ(obs->samples[0].content_type, "email");
  // The three sensitive messages (banner in Archive/2023, 14 recipients in INBOX, attachment
  // in HR) are the first bodies asked for, and read whole (the classifier decodes MIME).
  EXPECT_EQ(t[19].exchange.request, "a19 UID FETCH 6,1 (BODY.PEEK[]<0.65536>)\r\n");
  EXPECT_TRUE(sampled(*obs, "message Archive/2023/6", "UNCLASSIFIED//FOUO"));
  EXPECT_TRUE(sampled(*obs, "message INBOX/8", "Corporate cards for the offsite"));
  EXPECT_TRUE(sampled(*obs, "message HR/2", "filename=\"personnel.csv\""));
  const Verdict v = probe.judge(*obs);
  EXPECT_EQ(v.kind, VerdictKind::open);
  EXPECT_EQ(v.evidence, EvidenceKind::read);
  EXPECT_EQ(v.proof, "UID FETCH bodies Archive/2023 6,1");
}

TEST(ImapProbe, PreauthIsOpenWithoutSendingAnyLogin) {
  ImapProbe probe;
  ProbeOptions options;
  options.default_logins = false;  // PREAUTH needs no login at all
  const Transcript t = testing::run_dialogue(
      probe, options, testing::replay_by_label(recorded("dovecot_preauth_open.lwt")));
  ASSERT_EQ(t.size(), 29u);
  for (const auto& turn : t) {
    EXPECT_EQ(turn.exchange.request.find("AUTHENTICATE"), std::string::npos);
  }
  expect_read_only(t);
  auto obs = probe.parse(t);
  ASSERT_TRUE(obs);
  EXPECT_EQ(obs->metadata["preauth"], true);
  EXPECT_EQ(obs->samples.size(), 12u);
  EXPECT_TRUE(sampled(*obs, "message HR/2", "personnel.csv"));
  const Verdict v = probe.judge(*obs);
  EXPECT_EQ(v.kind, VerdictKind::open);
  EXPECT_EQ(v.evidence, EvidenceKind::read);
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
  // server without SASL-IR; the greeting and CAPABILITY follow RFC 9051's syntax. Each turn
  // carries the exchange the probe asked for (its step), as the engine records it.
  ImapProbe probe;
  Transcript t;
  auto answer = [&t](const Exchange& ex, std::string reply) {
    Turn turn;
    turn.exchange = ex;
    turn.reply = std::move(reply);
    t.push_back(std::move(turn));
  };
  auto ex = probe.next(ProbeOptions{}, t);
  ASSERT_TRUE(ex);
  answer(*ex, "* OK IMAP4rev1 Server Ready\r\n");
  ex = probe.next(ProbeOptions{}, t);
  ASSERT_TRUE(ex);
  answer(*ex, "* CAPABILITY IMAP4rev1 AUTH=ANONYMOUS\r\na1 OK done\r\n");
  ex = probe.next(ProbeOptions{}, t);
  ASSERT_TRUE(ex);
  EXPECT_EQ(ex->request, "a2 AUTHENTICATE ANONYMOUS\r\n");
  answer(*ex, "+ \r\n");
  ex = probe.next(ProbeOptions{}, t);
  ASSERT_TRUE(ex);
  EXPECT_EQ(ex->request, "bGVha3dhdGNoQGV4YW1wbGUuaW52YWxpZA==\r\n");
  EXPECT_EQ(probe.frame(*ex, "a2 OK\r\n"), Framing::complete);
  answer(*ex, "a2 OK\r\n");
  ex = probe.next(ProbeOptions{}, t);
  ASSERT_TRUE(ex);
  EXPECT_EQ(ex->label, "LIST \"\" \"*\"");
  EXPECT_EQ(ex->request, "a4 LIST \"\" \"*\"\r\n");
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
  // Login, LIST, the first folder's EXAMINE and header FETCH, then the first body FETCH (the
  // whole 30-turn dialogue takes seconds per run under the sanitizers; the turns left out
  // repeat these shapes for other folders).
  const Transcript rec = recorded("dovecot_anonymous_open.lwt");
  ASSERT_EQ(rec.size(), 30u);
  Transcript full(rec.begin(), rec.begin() + 6);
  full.push_back(rec[18]);
  full.push_back(rec[19]);
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
